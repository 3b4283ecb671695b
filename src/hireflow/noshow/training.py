"""Fit a calibrated logistic regression on recorded outcomes; keep it only if it beats the prior.

Time-based split: the oldest 75% of interviews train, the newest 25% test (no shuffling, so
the model is judged on the future, as it will be used). Metrics on the test part for the
model and the prior side by side: ROC-AUC, PR-AUC (average precision) and Brier score. The
model is used only when it has the better AUC *and* the better Brier score. An AUC above
0.9 is reported as a leakage warning (published models reach 0.70–0.85): a feature probably
encodes the outcome.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import joblib  # type: ignore[import-untyped]
import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from hireflow.kit.errors import BadRequest
from hireflow.noshow.features import FEATURE_NAMES, AttendanceFacts, build_features
from hireflow.noshow.prior import prior_probability

MIN_OUTCOMES = 200
LEAKAGE_AUC = 0.9
MODEL_FILE = "no_show_model.joblib"


@dataclass(frozen=True)
class RecordedOutcome:
    facts: AttendanceFacts
    no_show: bool


@dataclass(frozen=True)
class Metrics:
    roc_auc: float
    pr_auc: float
    brier: float


@dataclass(frozen=True)
class TrainingReport:
    trained_on: int
    tested_on: int
    test_no_show_rate: float
    model: Metrics
    prior: Metrics
    beats_prior: bool
    leakage_warning: bool
    saved_to: str | None


def _metrics(truth: np.ndarray, scores: np.ndarray) -> Metrics:
    return Metrics(
        roc_auc=round(float(roc_auc_score(truth, scores)), 4),
        pr_auc=round(float(average_precision_score(truth, scores)), 4),
        brier=round(float(brier_score_loss(truth, scores)), 4),
    )


def _matrix(outcomes: Sequence[RecordedOutcome]) -> tuple[np.ndarray, np.ndarray]:
    rows = [[build_features(o.facts)[name] for name in FEATURE_NAMES] for o in outcomes]
    return np.array(rows, dtype=float), np.array([o.no_show for o in outcomes], dtype=int)


def train_no_show_model(
    outcomes: Sequence[RecordedOutcome], *, model_dir: Path | None, now: datetime
) -> TrainingReport:
    """Fit, compare with the prior, and save the model when it beats the prior."""
    if len(outcomes) < MIN_OUTCOMES:
        raise BadRequest(
            f"{len(outcomes)} recorded outcomes; at least {MIN_OUTCOMES} are needed to train."
        )
    ordered = sorted(outcomes, key=lambda o: o.facts.scheduled_at)
    cut = int(len(ordered) * 0.75)
    train, test = ordered[:cut], ordered[cut:]
    x_train, y_train = _matrix(train)
    x_test, y_test = _matrix(test)
    if len(set(y_train.tolist())) < 2 or len(set(y_test.tolist())) < 2:
        raise BadRequest(
            "both outcomes (attended and no-show) must occur before and after the split"
        )
    model = CalibratedClassifierCV(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), method="sigmoid", cv=3
    )
    model.fit(x_train, y_train)
    model_scores = model.predict_proba(x_test)[:, 1]
    prior_scores = np.array([prior_probability(build_features(o.facts)) for o in test])
    fitted, prior = _metrics(y_test, model_scores), _metrics(y_test, prior_scores)
    beats = fitted.roc_auc > prior.roc_auc and fitted.brier < prior.brier
    saved = None
    if beats and model_dir is not None:
        model_dir.mkdir(parents=True, exist_ok=True)
        path = model_dir / MODEL_FILE
        joblib.dump(
            {"model": model, "features": FEATURE_NAMES, "trained_at": now.isoformat(),
             "metrics": asdict(fitted), "prior_metrics": asdict(prior)},
            path,
        )  # fmt: skip
        saved = str(path)
    return TrainingReport(
        trained_on=len(train),
        tested_on=len(test),
        test_no_show_rate=round(float(y_test.mean()), 4),
        model=fitted,
        prior=prior,
        beats_prior=beats,
        leakage_warning=fitted.roc_auc > LEAKAGE_AUC,
        saved_to=saved,
    )


def load_model(model_dir: Path) -> dict[str, Any] | None:
    """The saved model bundle, or None (then the prior scores)."""
    path = model_dir / MODEL_FILE
    if not path.exists():
        return None
    bundle: dict[str, Any] = joblib.load(path)
    if tuple(bundle.get("features", ())) != FEATURE_NAMES:
        return None  # trained on another feature set: ignore rather than mis-score
    return bundle


def generate_history(count: int, *, seed: int = 7, leak: bool = False) -> list[RecordedOutcome]:
    """A synthetic installation history (for ``--generate`` and tests).

    Outcomes follow the prior's published effects plus an installation-specific pattern the
    prior does not know (late-hour and Monday interviews are missed more often here), so a
    trained model can beat the prior. ``leak=True`` adds a feature that encodes the outcome
    (every no-show 'declined' the calendar invitation) to exercise the leakage warning.
    """
    rng = random.Random(seed)  # noqa: S311  (synthetic data, not security)
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    history = []
    for index in range(count):
        booked = start + timedelta(hours=index * 7 + rng.randint(0, 5))
        lead_days = rng.choice([0.2, 1, 2, 3, 5, 7, 10, 14, 21, 35])
        scheduled = (booked + timedelta(days=lead_days)).replace(hour=rng.randint(8, 19), minute=0)
        if scheduled <= booked:
            scheduled = booked + timedelta(hours=3)
        earlier = rng.choice([0, 0, 0, 0, 1, 2])
        facts = AttendanceFacts(
            scheduled_at=scheduled,
            booked_at=booked,
            invited_at=booked - timedelta(hours=rng.randint(1, 120)),
            accepted_at=booked,
            negotiation_rounds=rng.choice([0, 0, 1, 2, 3]),
            reschedules=rng.choice([0, 0, 0, 1, 2]),
            self_picked_slot=rng.random() < 0.6,
            calendar_rsvp=rng.choice(["accepted", "accepted", "none", "tentative"]),
            reminder_acknowledged=rng.random() < 0.5,
            profile_completeness=rng.choice([0.4, 0.7, 1.0, 1.0]),
            earlier_no_shows=rng.choice([0, 0, 0, 1]) if earlier else 0,
            earlier_interviews=earlier,
        )
        features = build_features(facts)
        logit = math.log(prior_probability(features) / (1 - prior_probability(features)))
        logit += 1.4 * features["late_hour"] + 0.8 * features["monday"] + rng.gauss(0, 0.3)
        no_show = rng.random() < 1 / (1 + math.exp(-logit))
        if leak:
            facts = facts.model_copy(
                update={"calendar_rsvp": "declined" if no_show else "accepted"}
            )
        history.append(RecordedOutcome(facts, no_show))
    return history
