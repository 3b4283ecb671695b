"""Training: time-based split, metrics next to the prior, kept only when better, leakage; the
model is stored as numbers (no pickle) and scores exactly like scikit-learn's object."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from hireflow.kit.errors import BadRequest
from hireflow.noshow.features import FEATURE_NAMES, build_features
from hireflow.noshow.service import NoShowScorer
from hireflow.noshow.training import FittedModel, generate_history, train_no_show_model

NOW = datetime(2027, 6, 10, tzinfo=UTC)


def test_a_model_that_beats_the_prior_is_kept_and_then_used() -> None:
    history = generate_history(1500, seed=3)
    report = train_no_show_model(history, now=NOW)
    assert report.trained_on == 1125 and report.tested_on == 375
    assert report.beats_prior and not report.leakage_warning
    assert report.model.roc_auc > report.prior.roc_auc and report.model.brier < report.prior.brier
    assert 0.6 < report.model.roc_auc < 0.9
    assert report.fitted is not None and len(report.fitted.folds) == 3
    assessment = NoShowScorer(report.fitted).assess(history[-1].facts)
    assert assessment.scored_by == "model trained 2027-06-10"
    assert 0.0 <= assessment.score <= 1.0


def test_the_stored_numbers_score_like_the_fitted_scikit_learn_model() -> None:
    import numpy as np
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from hireflow.noshow.training import _as_numbers

    history = generate_history(600, seed=11)
    rows = np.array([[build_features(o.facts)[n] for n in FEATURE_NAMES] for o in history])
    truth = np.array([o.no_show for o in history], dtype=int)
    model = CalibratedClassifierCV(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), method="sigmoid", cv=3
    ).fit(rows, truth)
    numbers = _as_numbers(model, NOW)
    restored = FittedModel.from_json(json.loads(json.dumps(numbers.to_json())), FEATURE_NAMES)
    expected = model.predict_proba(rows)[:, 1]
    ours = [restored.probability(dict(zip(FEATURE_NAMES, row, strict=True))) for row in rows]
    assert np.allclose(expected, ours, atol=1e-9)


def test_a_model_that_does_not_beat_the_prior_is_not_kept() -> None:
    # Outcomes drawn from the prior itself: 300 interviews cannot teach a model to do better.
    import random

    from hireflow.noshow.prior import prior_probability
    from hireflow.noshow.training import RecordedOutcome

    rng = random.Random(1)
    history = [
        RecordedOutcome(o.facts, rng.random() < prior_probability(build_features(o.facts)))
        for o in generate_history(300, seed=2)
    ]
    report = train_no_show_model(history, now=NOW)
    assert report.prior.roc_auc > report.model.roc_auc
    assert not report.beats_prior and report.fitted is None


def test_the_split_is_by_time() -> None:
    history = generate_history(400, seed=5)
    report = train_no_show_model(list(reversed(history)), now=NOW)
    same = train_no_show_model(history, now=NOW)
    assert report == same  # input order does not matter: oldest train, newest test


def test_a_leaking_feature_is_warned_about() -> None:
    report = train_no_show_model(generate_history(800, seed=9, leak=True), now=NOW)
    assert report.model.roc_auc > 0.9 and report.leakage_warning


def test_without_a_model_the_prior_scores() -> None:
    assert NoShowScorer(None).assess(generate_history(1)[0].facts).scored_by == "prior"


def test_too_few_outcomes_is_a_clear_error() -> None:
    with pytest.raises(BadRequest, match="at least 200"):
        train_no_show_model(generate_history(50), now=NOW)
