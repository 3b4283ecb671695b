"""Fit a calibrated logistic regression on recorded outcomes; keep it only if it beats the prior.

Time-based split: the oldest 75% of interviews train, the newest 25% test (no shuffling, so
the model is judged on the future, as it will be used). Metrics on the test part for the
model and the prior side by side: ROC-AUC, PR-AUC (average precision) and Brier score. The
model is used only when it has the better AUC *and* the better Brier score. An AUC above
0.9 is reported as a leakage warning (published models reach 0.70–0.85): a feature probably
encodes the outcome.

The fitted model is stored as plain numbers (:class:`FittedModel`, JSON in the database):
each calibration fold is a logistic regression folded through its scaler plus its Platt
sigmoid, so scoring needs no scikit-learn object and nothing is unpickled.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hireflow.kit.errors import BadRequest
from hireflow.noshow.features import FEATURE_NAMES, AttendanceFacts, build_features
from hireflow.noshow.prior import prior_probability

MIN_OUTCOMES = 200
LEAKAGE_AUC = 0.9


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
class Fold:
    """One calibrated fold: ``p = 1 / (1 + exp(a * (w·x + c) + b))``."""

    weights: tuple[float, ...]
    intercept: float
    a: float
    b: float

    def logit(self, row: Sequence[float]) -> float:
        decision = self.intercept + sum(w * x for w, x in zip(self.weights, row, strict=True))
        return -(self.a * decision + self.b)


@dataclass(frozen=True)
class FittedModel:
    """A trained no-show model as numbers: the mean of its folds' calibrated probabilities."""

    folds: tuple[Fold, ...]
    trained_at: str
    features: tuple[str, ...] = FEATURE_NAMES

    def probability(self, features: dict[str, float]) -> float:
        row = [features[name] for name in self.features]
        return sum(1 / (1 + math.exp(-fold.logit(row))) for fold in self.folds) / len(self.folds)

    def contributions(self, features: dict[str, float]) -> dict[str, float]:
        """Each present feature's push on the log-odds (mean over folds)."""
        return {
            name: -sum(f.a * f.weights[i] for f in self.folds) / len(self.folds) * features[name]
            for i, name in enumerate(self.features)
        }

    def to_json(self) -> dict[str, Any]:
        return {"folds": [asdict(fold) for fold in self.folds], "trained_at": self.trained_at}

    @classmethod
    def from_json(cls, data: dict[str, Any], features: Sequence[str]) -> FittedModel:
        folds = tuple(
            Fold(tuple(float(w) for w in f["weights"]), float(f["intercept"]), f["a"], f["b"])
            for f in data["folds"]
        )
        return cls(folds, str(data["trained_at"]), tuple(features))


@dataclass(frozen=True)
class TrainingReport:
    trained_on: int
    tested_on: int
    test_no_show_rate: float
    model: Metrics
    prior: Metrics
    beats_prior: bool
    leakage_warning: bool
    fitted: FittedModel | None  # set only when the model beats the prior


def _metrics(truth: Any, scores: Any) -> Metrics:
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

    return Metrics(
        roc_auc=round(float(roc_auc_score(truth, scores)), 4),
        pr_auc=round(float(average_precision_score(truth, scores)), 4),
        brier=round(float(brier_score_loss(truth, scores)), 4),
    )


def _matrix(outcomes: Sequence[RecordedOutcome]) -> tuple[Any, Any]:
    import numpy as np

    rows = [[build_features(o.facts)[name] for name in FEATURE_NAMES] for o in outcomes]
    return np.array(rows, dtype=float), np.array([o.no_show for o in outcomes], dtype=int)


def _as_numbers(model: Any, now: datetime) -> FittedModel:
    """Fold each calibrated pipeline (scaler → logistic regression → sigmoid) into numbers."""
    folds = []
    for calibrated in model.calibrated_classifiers_:
        scaler, regression = calibrated.estimator[0], calibrated.estimator[-1]
        sigmoid = calibrated.calibrators[0]
        coef = regression.coef_[0] / scaler.scale_
        intercept = float(regression.intercept_[0] - (coef * scaler.mean_).sum())
        folds.append(
            Fold(tuple(float(c) for c in coef), intercept, float(sigmoid.a_), float(sigmoid.b_))
        )
    return FittedModel(tuple(folds), now.isoformat())


def train_no_show_model(outcomes: Sequence[RecordedOutcome], *, now: datetime) -> TrainingReport:
    """Fit and compare with the prior; ``fitted`` is set when the model beats the prior."""
    import numpy as np
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if len(outcomes) < MIN_OUTCOMES:
        raise BadRequest(
            f"{len(outcomes)} recorded outcomes; at least {MIN_OUTCOMES} are needed to train."
        )
    ordered = sorted(outcomes, key=lambda o: o.facts.scheduled_at)
    cut = int(len(ordered) * 0.75)
    train, test = ordered[:cut], ordered[cut:]
    x_train, y_train = _matrix(train)
    _, y_test = _matrix(test)
    if len(set(y_train.tolist())) < 2 or len(set(y_test.tolist())) < 2:
        raise BadRequest(
            "both outcomes (attended and no-show) must occur before and after the split"
        )
    model = CalibratedClassifierCV(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), method="sigmoid", cv=3
    )
    model.fit(x_train, y_train)
    fitted_model = _as_numbers(model, now)
    model_scores = np.array(
        [fitted_model.probability(build_features(o.facts)) for o in test], dtype=float
    )
    prior_scores = np.array([prior_probability(build_features(o.facts)) for o in test])
    fitted, prior = _metrics(y_test, model_scores), _metrics(y_test, prior_scores)
    beats = fitted.roc_auc > prior.roc_auc and fitted.brier < prior.brier
    return TrainingReport(
        trained_on=len(train),
        tested_on=len(test),
        test_no_show_rate=round(float(y_test.mean()), 4),
        model=fitted,
        prior=prior,
        beats_prior=beats,
        leakage_warning=fitted.roc_auc > LEAKAGE_AUC,
        fitted=fitted_model if beats else None,
    )


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
