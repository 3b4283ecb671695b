"""Assess an interview's no-show risk: the trained model when it beat the prior, else the prior.

Bands: green < 0.3 ≤ yellow < 0.7 ≤ red. A red band asks for an extra reminder and a
confirmation request (``actions``); no band ever rejects a candidate, changes a rank or a
score, or is shown to the candidate.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from hireflow.noshow.features import FEATURE_NAMES, AttendanceFacts, build_features
from hireflow.noshow.prior import prior_probability, prior_reasons
from hireflow.noshow.training import load_model

Band = Literal["green", "yellow", "red"]
Action = Literal["extra_reminder", "confirmation_request"]
YELLOW_FROM = 0.3
RED_FROM = 0.7


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
    """Loads the saved model once (from ``model_dir``) and scores interviews."""

    def __init__(self, model_dir: Path | None) -> None:
        self.bundle: dict[str, Any] | None = load_model(model_dir) if model_dir else None

    def assess(self, facts: AttendanceFacts) -> RiskAssessment:
        features = build_features(facts)
        reasons = tuple(prior_reasons(features))
        if self.bundle is not None:
            row = [[features[name] for name in FEATURE_NAMES]]
            score = float(self.bundle["model"].predict_proba(row)[0][1])
            scored_by = f"model trained {self.bundle['trained_at'][:10]}"
        else:
            score, scored_by = prior_probability(features), "prior"
        score = round(min(max(score, 0.0), 1.0), 3)
        band = band_of(score)
        return RiskAssessment(score, band, reasons, actions_for(band), scored_by)


def model_dir_for(data_dir: Path) -> Path:
    return data_dir / "models"
