"""Revision ``candidate_trigger``: a candidate's own answers already logged as ``auto`` are
reclassified where the log says who acted, new rows may say ``candidate``, and the downgrade
writes them back as ``auto`` and restores the constraints exactly."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from hireflow.db import migrate
from tests.conftest import TestServer

DB = "hireflow_candidate_trigger_migration"
CONSTRAINTS = """
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid IN ('automation_logs'::regclass, 'application_stage_history'::regclass)
 ORDER BY 1
"""


@pytest.fixture
def candidate_trigger_db(pg_server: TestServer) -> Iterator[str]:
    pg_server.target(DB)
    yield DB
    pg_server.drop_database(DB)


def _as_system(conn: Connection) -> None:
    conn.execute(text("SELECT set_config('hireflow.role', 'system', true)"))


def _insert(conn: Connection, sql: str, **values: Any) -> None:
    conn.execute(text(sql), values)


def _world(conn: Connection) -> dict[str, uuid.UUID]:
    """A job with a candidate who declined and one whose interview a recruiter cancelled."""
    ids = {name: uuid.uuid4() for name in ("job", "declined", "kept", "c1", "c2")}
    _insert(
        conn,
        "INSERT INTO jobs (id, title, shortlisting_buffer) VALUES (:id, 'Backend', 1)",
        id=ids["job"],
    )
    for application, candidate, status, rank in (
        (ids["declined"], ids["c1"], "withdrawn", 1),
        (ids["kept"], ids["c2"], "shortlisted", 2),
    ):
        _insert(
            conn,
            "INSERT INTO candidates (id, first_name, last_name) VALUES (:c, 'A', 'B')",
            c=candidate,
        )
        _insert(
            conn,
            "INSERT INTO applications (id, job_id, candidate_id, shortlist_status, rank) "
            "VALUES (:a, :j, :c, :s, :r)",
            a=application,
            j=ids["job"],
            c=candidate,
            s=status,
            r=rank,
        )
    log = (
        "INSERT INTO automation_logs (job_id, application_id, action_type, trigger_source, "
        "details) VALUES (:j, :a, :action, 'auto', CAST(:details AS jsonb))"
    )
    for application, action, details in (
        (ids["declined"], "interview_confirmed", "{}"),
        (ids["declined"], "interview_declined", '{"reason": "another offer"}'),
        (ids["declined"], "dropout", '{"reason": "declined"}'),
        (ids["kept"], "interview_cancelled", '{"by": "recruiter"}'),
    ):
        _insert(conn, log, j=ids["job"], a=application, action=action, details=details)
    for application, to_status in ((ids["declined"], "withdrawn"), (ids["kept"], "shortlisted")):
        _insert(
            conn,
            "INSERT INTO application_stage_history (application_id, job_id, candidate_id, "
            "from_status, to_status, trigger_source) SELECT id, job_id, candidate_id, "
            "'pending', :to, 'auto' FROM applications WHERE id = :a",
            a=application,
            to=to_status,
        )
    return ids


def test_candidates_answers_are_theirs_and_the_downgrade_is_exact(
    pg_server: TestServer, candidate_trigger_db: str
) -> None:
    settings = pg_server.settings_for(candidate_trigger_db)
    target = pg_server.target(candidate_trigger_db)
    migrate.upgrade(settings, target.migration_url, "junior_search")
    engine = create_engine(target.migration_url)
    try:
        with engine.begin() as conn:
            _as_system(conn)
            ids = _world(conn)
            before = conn.execute(text(CONSTRAINTS)).all()
        migrate.upgrade(settings, target.migration_url, "candidate_trigger")
        with engine.begin() as conn:
            _as_system(conn)
            logs = conn.execute(
                text("SELECT action_type, trigger_source FROM automation_logs")
            ).all()
            assert dict(logs) == {
                "interview_confirmed": "auto",  # shared with recruiters' moves: left as it was
                "interview_declined": "candidate",
                "dropout": "auto",
                "interview_cancelled": "auto",  # the recruiter cancelled
            }
            history = conn.execute(
                text("SELECT application_id, trigger_source FROM application_stage_history")
            ).all()
            assert dict(history) == {ids["declined"]: "candidate", ids["kept"]: "auto"}
            _insert(
                conn,
                "INSERT INTO automation_logs (job_id, action_type, trigger_source) "
                "VALUES (:j, 'interview_attendance_confirmed', 'candidate')",
                j=ids["job"],
            )
        migrate.downgrade(settings, target.migration_url, "junior_search")
        with engine.begin() as conn:
            _as_system(conn)
            assert conn.execute(text(CONSTRAINTS)).all() == before
            forced = conn.execute(
                text(
                    "SELECT count(*) FROM pg_class WHERE relforcerowsecurity AND relname IN "
                    "('automation_logs', 'application_stage_history')"
                )
            ).scalar()
            assert forced == 2, "row-level security is forced again"
            sources = conn.execute(
                text(
                    "SELECT trigger_source FROM automation_logs UNION "
                    "SELECT trigger_source FROM application_stage_history"
                )
            ).scalars()
            assert set(sources) == {"auto"}
        with pytest.raises(IntegrityError), engine.begin() as conn:
            _as_system(conn)
            _insert(
                conn,
                "INSERT INTO automation_logs (job_id, action_type, trigger_source) "
                "VALUES (:j, 'interview_declined', 'candidate')",
                j=ids["job"],
            )
    finally:
        engine.dispose()
