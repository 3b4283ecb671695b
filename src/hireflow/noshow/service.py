"""Assess an interview's no-show risk: the trained model when it beat the prior, else the prior.

Bands: green < 0.3 ≤ yellow < 0.7 ≤ red. A red band asks for an extra reminder and a
confirmation request (``actions``); no band ever rejects a candidate, changes a rank or a
score, or is shown to the candidate. This domain computes; the interviews domain stores the
result on its own rows. Trained models live in ``no_show_models`` as JSON numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.noshow.features import FEATURE_NAMES, AttendanceFacts, build_features
from hireflow.noshow.models import NoShowModel
from hireflow.noshow.prior import COEFFICIENTS, prior_probability, reasons_of
from hireflow.noshow.training import FittedModel, TrainingReport

Band = Literal["green", "yellow", "red"]
Action = Literal["extra_reminder", "confirmation_request"]
YELLOW_FROM = 0.3
RED_FROM = 0.7
BAND_WORDS: dict[str, str] = {"green": "Low", "yellow": "Medium", "red": "High"}


@dataclass(frozen=True)
class RiskAssessment:
    score: float
    band: Band
    reasons: tuple[str, ...]
    actions: tuple[Action, ...]
    scored_by: str  # "prior" or "model trained <date>"


def band_of(score: float) -> Band:
    if score >= RED_FROM:
        return "red"
    return "yellow" if score >= YELLOW_FROM else "green"


def actions_for(band: Band) -> tuple[Action, ...]:
    """Support only: more reminders and a confirmation request, never a penalty."""
    return ("extra_reminder", "confirmation_request") if band == "red" else ()


class NoShowScorer:
    """Scores interviews with ``model`` (a trained model that beat the prior) or the prior."""

    def __init__(self, model: FittedModel | None) -> None:
        self.model = model

    def assess(self, facts: AttendanceFacts) -> RiskAssessment:
        features = build_features(facts)
        if self.model is not None:
            score = self.model.probability(features)
            reasons = reasons_of(self.model.contributions(features))
            scored_by = f"model trained {self.model.trained_at[:10]}"
        else:
            score = prior_probability(features)
            reasons = reasons_of({c.feature: c.weight * features[c.feature] for c in COEFFICIENTS})
            scored_by = "prior"
        score = round(min(max(score, 0.0), 1.0), 3)
        band = band_of(score)
        return RiskAssessment(score, band, tuple(reasons), actions_for(band), scored_by)


async def current_model(session: AsyncSession) -> FittedModel | None:
    """The newest saved model trained on this feature set (saved only when it beat the
    prior); None → the prior scores."""
    row = await session.scalar(
        select(NoShowModel).order_by(NoShowModel.trained_at.desc(), NoShowModel.id).limit(1)
    )
    if row is None or tuple(row.features) != FEATURE_NAMES:
        return None  # trained on another feature set: ignore rather than mis-score
    return FittedModel.from_json(row.parameters, row.features)


async def scorer(session: AsyncSession) -> NoShowScorer:
    return NoShowScorer(await current_model(session))


async def save_model(
    session: AsyncSession, report: TrainingReport, *, source: str, now: datetime
) -> bool:
    """Store the report's model when it beat the prior (the scorer uses it from then on)."""
    if report.fitted is None:
        return False
    session.add(
        NoShowModel(
            trained_at=now,
            features=list(report.fitted.features),
            parameters=report.fitted.to_json(),
            metrics=asdict(report.model),
            prior_metrics=asdict(report.prior),
            trained_on=report.trained_on,
            source=source,
        )
    )
    await session.flush()
    return True
