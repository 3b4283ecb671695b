"""Revision ``progress`` on a database with applications: the stage history is backfilled
(arrival, and the move to the current status at its last automation log entry), RLS is on
and forced on the new tables, and the downgrade removes them exactly."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text

from hireflow.db import migrate
from tests.conftest import TestServer

DB = "hireflow_progress_migration"
TABLES = ("automation_progress", "automation_progress_items", "application_stage_history")


@pytest.fixture
def progress_db(pg_server: TestServer) -> Iterator[str]:
    pg_server.target(DB)
    yield DB
    pg_server.drop_database(DB)


def test_stage_history_is_backfilled_and_the_downgrade_is_exact(
    pg_server: TestServer, progress_db: str
) -> None:
    settings = pg_server.settings_for(progress_db)
    target = pg_server.target(progress_db)
    migrate.upgrade(settings, target.migration_url, "portal")
    job, waiting, ranked = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    applied = datetime(2026, 11, 1, 9, tzinfo=UTC)
    logged = datetime(2026, 11, 4, 12, tzinfo=UTC)
    engine = create_engine(target.migration_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT set_config('hireflow.role', 'system', true)"))
            conn.execute(
                text(
                    "INSERT INTO jobs (id, title, shortlisting_buffer, shortlisted_at) "
                    "VALUES (:id, 'Backfilled', 1, :at)"
                ),
                {"id": job, "at": datetime(2026, 11, 3, tzinfo=UTC)},
            )
            for application, status in ((waiting, "pending"), (ranked, "shortlisted")):
                candidate = uuid.uuid4()
                conn.execute(
                    text(
                        "INSERT INTO candidates (id, first_name, last_name) VALUES (:c, 'A', 'B')"
                    ),
                    {"c": candidate},
                )
                conn.execute(
                    text(
                        "INSERT INTO applications (id, job_id, candidate_id, applied_at, "
                        "shortlist_status, rank) VALUES (:a, :j, :c, :at, :s, :r)"
                    ),
                    {
                        "a": application,
                        "j": job,
                        "c": candidate,
                        "at": applied,
                        "s": status,
                        "r": 1 if status == "shortlisted" else None,
                    },
                )
            conn.execute(
                text(
                    "INSERT INTO automation_logs (job_id, application_id, action_type, "
                    "trigger_source, created_at) VALUES (:j, :a, 'promoted_from_buffer', "
                    "'auto', :at)"
                ),
                {"j": job, "a": ranked, "at": logged},
            )
        migrate.upgrade(settings, target.migration_url, "progress")
        with engine.begin() as conn:
            conn.execute(text("SELECT set_config('hireflow.role', 'system', true)"))
            rows = conn.execute(
                text(
                    "SELECT application_id, from_status, to_status, changed_at, trigger_source "
                    "FROM application_stage_history ORDER BY application_id, changed_at"
                )
            ).all()
            assert {tuple(r) for r in rows} == {
                (waiting, None, "pending", applied, "backfill"),
                (ranked, None, "pending", applied, "backfill"),
                (ranked, "pending", "shortlisted", logged, "backfill"),
            }
            assert len(rows) == 3
            secured = conn.execute(
                text(
                    "SELECT relname FROM pg_class WHERE relrowsecurity AND relforcerowsecurity "
                    "AND relname = ANY(:t)"
                ),
                {"t": list(TABLES)},
            ).scalars()
            assert sorted(secured) == sorted(TABLES)
        migrate.downgrade(settings, target.migration_url, "portal")
        with engine.begin() as conn:
            left = conn.execute(
                text("SELECT tablename FROM pg_tables WHERE tablename = ANY(:t)"),
                {"t": list(TABLES)},
            ).scalars()
            assert list(left) == []
    finally:
        engine.dispose()
