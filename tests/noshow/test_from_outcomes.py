"""Training from this installation's recorded outcomes (the real database): the facts each
interview's last score saw, its outcome, a time-based fit, the model stored as JSON numbers
and used for scoring only because it beat the prior; and the command on a generated history."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from hireflow.cli import app
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import service as interviews
from hireflow.kit.time import utcnow
from hireflow.noshow import service as noshow
from hireflow.noshow.features import AttendanceFacts
from hireflow.noshow.training import generate_history, train_no_show_model


async def _record(session: AsyncSession, count: int) -> None:
    """``count`` held interviews with outcomes and the facts their scores saw."""
    job_id, candidate_id, application_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await session.execute(
        text(
            "INSERT INTO jobs (id, title, number_of_openings, shortlisting_buffer) "
            "VALUES (:id, 'History', 1, 0)"
        ),
        {"id": job_id},
    )
    await session.execute(
        text("INSERT INTO candidates (id, first_name, last_name) VALUES (:id, 'H', 'I')"),
        {"id": candidate_id},
    )
    await session.execute(
        text("INSERT INTO applications (id, job_id, candidate_id) VALUES (:id, :j, :c)"),
        {"id": application_id, "j": job_id, "c": candidate_id},
    )
    rows = [
        {
            "status": "no_show" if outcome.no_show else "completed",
            "start": outcome.facts.scheduled_at.isoformat(),
            "facts": outcome.facts.model_dump(mode="json"),
        }
        for outcome in generate_history(count, seed=4)
    ]
    await session.execute(
        text(
            "INSERT INTO interviews (id, application_id, job_id, candidate_id, status, "
            "scheduled_time, scheduled_end, no_show_facts) "
            "SELECT gen_random_uuid(), :a, :j, :c, r.status, r.start, "
            "r.start + interval '1 hour', r.facts "
            "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(status text, start timestamptz, "
            "facts jsonb)"
        ),
        {"a": application_id, "j": job_id, "c": candidate_id, "rows": json.dumps(rows)},
    )


async def test_recorded_outcomes_train_a_model_that_then_scores(session: AsyncSession) -> None:
    await switch_actor(session, SYSTEM)
    assert await noshow.current_model(session) is None
    await _record(session, 1200)
    outcomes = await interviews.recorded_outcomes(session)
    assert len(outcomes) >= 1200
    assert all(isinstance(o.facts, AttendanceFacts) for o in outcomes)
    now = utcnow()
    report = train_no_show_model(outcomes, now=now)
    assert report.beats_prior and report.fitted is not None
    assert await noshow.save_model(session, report, source="database", now=now)
    stored = await session.execute(
        text("SELECT parameters, metrics, source FROM no_show_models ORDER BY trained_at DESC")
    )
    parameters, metrics, source = stored.first()  # type: ignore[misc]
    assert source == "database" and metrics["roc_auc"] == report.model.roc_auc
    assert len(parameters["folds"]) == 3 and isinstance(parameters["folds"][0]["a"], float)
    scorer = await noshow.scorer(session)
    facts = outcomes[0].facts.model_copy(
        update={"scheduled_at": now + timedelta(days=3), "booked_at": now}
    )
    assessment = scorer.assess(facts)
    assert assessment.scored_by == f"model trained {now:%Y-%m-%d}"
    assert assessment.reasons and all(r[0] in "+−" for r in assessment.reasons)


async def test_a_model_that_lost_to_the_prior_is_never_stored(session: AsyncSession) -> None:
    await switch_actor(session, SYSTEM)
    report = train_no_show_model(generate_history(400, seed=5), now=utcnow())
    losing = report.__class__(**{**report.__dict__, "beats_prior": False, "fitted": None})
    assert not await noshow.save_model(session, losing, source="database", now=utcnow())
    assert await noshow.current_model(session) is None


def test_the_command_prints_both_metric_rows_for_a_generated_history() -> None:
    result = CliRunner().invoke(app, ["ml", "train-no-show", "--generate", "1200"])
    assert result.exit_code == 0, result.output
    assert "calibrated logistic regression" in result.output and "prior" in result.output
    assert "ROC-AUC" in result.output and "PR-AUC" in result.output and "Brier" in result.output
    assert "beats the prior (not stored: --save stores it)" in result.output


def test_the_command_warns_about_leakage(capsys: pytest.CaptureFixture[str]) -> None:
    from hireflow.noshow import cli

    report = train_no_show_model(generate_history(800, seed=9, leak=True), now=utcnow())
    cli._print(report)
    assert "a feature probably leaks the outcome" in capsys.readouterr().out
