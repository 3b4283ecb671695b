"""The demo: loaded once into an empty database (fast), realistic, idempotent."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from hireflow.db import migrate
from hireflow.demo import load_demo_data_if_empty
from tests.conftest import TestServer


def test_demo_loads_once_fast_with_every_stage(
    pg_server: TestServer, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = pg_server.settings_for("hireflow_demo")
    target = pg_server.target("hireflow_demo")
    migrate.upgrade(settings, target.migration_url, "head")
    started = time.monotonic()
    assert load_demo_data_if_empty(settings, target) is True
    elapsed = time.monotonic() - started
    assert elapsed < 15, f"demo creation took {elapsed:.1f}s"
    first = capsys.readouterr().err
    assert "demo-senior-2026" in first, "the passwords are printed when the demo is created"

    assert load_demo_data_if_empty(settings, target) is False, "idempotent"
    again = capsys.readouterr().err
    assert "demo-senior-2026" not in again and "demo accounts are active" in again

    engine = create_engine(target.system_url)
    try:
        with engine.connect() as conn:
            one = lambda sql: conn.execute(text(sql)).scalar_one()  # noqa: E731
            assert one("SELECT count(*) FROM users") == 3
            assert 55 <= one("SELECT count(*) FROM candidates") <= 60
            assert one("SELECT count(*) FROM resumes WHERE extracted_text <> ''") >= 55
            assert one("SELECT count(DISTINCT metadata->>'language') FROM candidates") >= 4
            assert one("SELECT count(DISTINCT metadata->>'industry') FROM candidates") == 6
            stages = set(
                conn.execute(
                    text(
                        "SELECT CASE WHEN NOT applications_closed THEN 'open' "
                        "WHEN status = 'closed' THEN 'closed' ELSE 'shortlisted' END FROM jobs"
                    )
                ).scalars()
            )
            assert stages == {"open", "closed", "shortlisted"}
            statuses = set(conn.execute(text("SELECT status FROM interviews")).scalars())
            assert {"completed", "no_show", "scheduled", "declined", "slot_selection"} <= statuses
            assert one("SELECT count(*) FROM negotiation_sessions WHERE status = 'escalated'") == 1
            assert one("SELECT min(created_at) < now() - interval '30 days' FROM automation_logs")
            # Every application has its arrival in the stage history, and finished stays in
            # several stages give analytics' time in stage something to show.
            assert (
                one(
                    "SELECT count(*) FROM applications a WHERE NOT EXISTS (SELECT 1 FROM "
                    "application_stage_history h WHERE h.application_id = a.id "
                    "AND h.from_status IS NULL)"
                )
                == 0
            )
            moved = set(
                conn.execute(
                    text(
                        "SELECT DISTINCT from_status FROM application_stage_history "
                        "WHERE from_status IS NOT NULL"
                    )
                ).scalars()
            )
            assert {"pending", "shortlisted", "buffer"} <= moved
            assert one(
                "SELECT bool_and(h.changed_at >= a.applied_at) FROM application_stage_history h "
                "JOIN applications a ON a.id = h.application_id"
            )
    finally:
        engine.dispose()
