"""Training: time-based split, metrics next to the prior, kept only when better, leakage."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hireflow.cli import app
from hireflow.kit.errors import BadRequest
from hireflow.noshow.service import NoShowScorer, model_dir_for
from hireflow.noshow.training import generate_history, load_model, train_no_show_model

NOW = datetime(2027, 6, 10, tzinfo=UTC)


def test_a_model_that_beats_the_prior_is_saved_and_then_used(tmp_path: Path) -> None:
    history = generate_history(1500, seed=3)
    report = train_no_show_model(history, model_dir=tmp_path, now=NOW)
    assert report.trained_on == 1125 and report.tested_on == 375
    assert report.beats_prior and not report.leakage_warning
    assert report.model.roc_auc > report.prior.roc_auc and report.model.brier < report.prior.brier
    assert 0.6 < report.model.roc_auc < 0.9
    assert report.saved_to and Path(report.saved_to).exists()
    scorer = NoShowScorer(tmp_path)
    assessment = scorer.assess(history[-1].facts)
    assert assessment.scored_by == "model trained 2027-06-10"
    assert 0.0 <= assessment.score <= 1.0


def test_the_split_is_by_time() -> None:
    history = generate_history(400, seed=5)
    report = train_no_show_model(list(reversed(history)), model_dir=None, now=NOW)
    same = train_no_show_model(history, model_dir=None, now=NOW)
    assert report == same  # input order does not matter: oldest train, newest test


def test_a_leaking_feature_is_warned_about(tmp_path: Path) -> None:
    report = train_no_show_model(generate_history(800, seed=9, leak=True), model_dir=None, now=NOW)
    assert report.model.roc_auc > 0.9 and report.leakage_warning


def test_without_a_model_the_prior_scores(tmp_path: Path) -> None:
    assert load_model(tmp_path) is None
    assert NoShowScorer(tmp_path).assess(generate_history(1)[0].facts).scored_by == "prior"


def test_too_few_outcomes_is_a_clear_error() -> None:
    with pytest.raises(BadRequest, match="at least 200"):
        train_no_show_model(generate_history(50), model_dir=None, now=NOW)


def test_the_command_prints_both_metric_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIREFLOW_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["ml", "train-no-show", "--generate", "1200"])
    assert result.exit_code == 0, result.output
    assert "calibrated logistic regression" in result.output and "prior" in result.output
    assert "ROC-AUC" in result.output and "Brier" in result.output
    assert "beats the prior" in result.output
    assert (model_dir_for(tmp_path) / "no_show_model.joblib").exists()
