"""Seed 001's migration on a database with jobs and applications: safe defaults for
existing rows, the listed objects, real RLS policies, and a downgrade that keeps the base."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from hireflow.db import migrate
from tests.conftest import TestServer

DB = "hireflow_orchestrator"
SEED_INDEXES = {
    "idx_applications_fit_score",
    "idx_applications_shortlist_status",
    "idx_applications_rank",
    "idx_applications_job_id",
    "idx_interviews_status",
    "idx_interviews_confirmation_deadline",
    "idx_interviews_slot_deadline",
    "idx_interviews_scheduled_time",
    "idx_interviews_job",
    "idx_interviews_candidate",
    "idx_interviews_application",
    "idx_automation_logs_job",
    "idx_automation_logs_action",
    "idx_automation_logs_created",
    "idx_automation_logs_trigger",
    "idx_feature_flags_name",
    "idx_negotiation_interview",
    "idx_calendar_tokens_user",
}
NEW_TABLES = (
    "interviews",
    "automation_logs",
    "feature_flags",
    "negotiation_sessions",
    "calendar_tokens",
)


@pytest.fixture
def orchestrator_db(pg_server: TestServer) -> Iterator[str]:
    pg_server.target(DB)
    yield DB
    pg_server.drop_database(DB)


def test_existing_rows_get_safe_defaults_and_downgrade_keeps_them(
    pg_server: TestServer, orchestrator_db: str
) -> None:
    settings = pg_server.settings_for(orchestrator_db)
    target = pg_server.target(orchestrator_db)
    migrate.upgrade(settings, target.migration_url, "jobs_portal")
    job_id, candidate_id = uuid.uuid4(), uuid.uuid4()
    engine = create_engine(target.migration_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT set_config('hireflow.role', 'system', true)"))
            conn.execute(
                text("INSERT INTO jobs (id, title) VALUES (:id, 'Legacy job')"), {"id": job_id}
            )
            conn.execute(
                text("INSERT INTO candidates (id, first_name, last_name) VALUES (:id, 'A', 'B')"),
                {"id": candidate_id},
            )
            conn.execute(
                text("INSERT INTO applications (job_id, candidate_id) VALUES (:j, :c)"),
                {"j": job_id, "c": candidate_id},
            )
        migrate.upgrade(settings, target.migration_url, "orchestrator")
        with engine.begin() as conn:
            conn.execute(text("SELECT set_config('hireflow.role', 'system', true)"))
            job = conn.execute(
                text(
                    "SELECT number_of_openings, shortlisting_buffer, automation_enabled, "
                    "applications_closed FROM jobs WHERE id = :id"
                ),
                {"id": job_id},
            ).one()
            assert tuple(job) == (1, 1, True, False)
            application = conn.execute(
                text(
                    "SELECT fit_score, rank, shortlist_status, ai_processed, score_error "
                    "FROM applications WHERE job_id = :id"
                ),
                {"id": job_id},
            ).one()
            # Deviation from the seed: NULL (not scored yet), never a silent 0.
            assert tuple(application) == (None, None, "pending", False, None)
            flags = (
                conn.execute(text("SELECT flag_name FROM feature_flags ORDER BY flag_name"))
                .scalars()
                .all()
            )
            assert flags == sorted(
                [
                    "global_automation",
                    "auto_shortlisting",
                    "auto_promotion",
                    "negotiation_bot",
                    "no_show_prediction",
                    "calendar_integration",
                ]
            )
            indexes = set(
                conn.execute(
                    text("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
                ).scalars()
            )
            assert indexes >= SEED_INDEXES
            triggers = set(
                conn.execute(
                    text(
                        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                        "AND tgname LIKE '%touch_updated_at'"
                    )
                ).scalars()
            )
            assert {
                f"{t}_touch_updated_at"
                for t in ("interviews", "feature_flags", "negotiation_sessions", "calendar_tokens")
            } <= triggers
            for table in NEW_TABLES:
                forced = conn.execute(
                    text(
                        "SELECT relrowsecurity AND relforcerowsecurity FROM pg_class "
                        "WHERE relname = :t AND relnamespace = 'public'::regnamespace"
                    ),
                    {"t": table},
                ).scalar()
                assert forced, table
            permissive = conn.execute(
                text(
                    "SELECT count(*) FROM pg_policies WHERE schemaname = 'public' "
                    "AND (qual = 'true' OR with_check = 'true')"
                )
            ).scalar()
            assert permissive == 0
        migrate.downgrade(settings, target.migration_url, "jobs_portal")
        with engine.begin() as conn:
            conn.execute(text("SELECT set_config('hireflow.role', 'system', true)"))
            assert conn.execute(text("SELECT count(*) FROM applications")).scalar() == 1
            columns = set(
                conn.execute(
                    text(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = 'jobs'"
                    )
                ).scalars()
            )
            assert "number_of_openings" not in columns and "title" in columns
            for table in NEW_TABLES:
                assert conn.execute(text("SELECT to_regclass(:t)"), {"t": table}).scalar() is None
        migrate.upgrade(settings, target.migration_url, "orchestrator")
    finally:
        engine.dispose()
