"""The v1.0 -> v1.1 upgrade: set v1.0 aside, copy it into the v1.1 tables, reconcile, commit.

Runs inside the Alembic revision's transaction, on its raw psycopg connection. The v1.0
tables move (``SET SCHEMA``, no copy) into ``legacy_v1_0`` with their foreign keys dropped,
so nothing in v1.1 can cascade into them and the downgrade can move them back untouched.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from importlib import resources
from typing import Any

from hireflow.kit.errors import MigrationVerificationError
from hireflow.legacy.progress import OBSERVER_ATTRIBUTE, MigrationObserver, PhaseReport
from hireflow.legacy.verify import failures, reconcile

LEGACY_TABLES = (
    "users",
    "prompts",
    "refresh_tokens",
    "schema_migrations",
    "file_uploads",
    "analysis_requests",
    "analysis_results",
    "prompt_history",
)

# The v1.0 foreign keys, exactly as in legacy/v1_0_schema.sql: dropped while set aside,
# re-created by the downgrade.
LEGACY_FOREIGN_KEYS = (
    (
        "analysis_requests",
        "analysis_requests_user_id_fkey",
        "FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE",
    ),
    (
        "analysis_results",
        "analysis_results_request_id_fkey",
        "FOREIGN KEY (request_id) REFERENCES public.analysis_requests(id) ON DELETE CASCADE",
    ),
    (
        "file_uploads",
        "file_uploads_user_id_fkey",
        "FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE",
    ),
    (
        "prompt_history",
        "prompt_history_prompt_id_fkey",
        "FOREIGN KEY (prompt_id) REFERENCES public.prompts(id) ON DELETE CASCADE",
    ),
    (
        "prompt_history",
        "prompt_history_request_id_fkey",
        "FOREIGN KEY (request_id) REFERENCES public.analysis_requests(id) ON DELETE CASCADE",
    ),
    ("prompts", "prompts_created_by_fkey", "FOREIGN KEY (created_by) REFERENCES public.users(id)"),
    (
        "refresh_tokens",
        "refresh_tokens_user_id_fkey",
        "FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE",
    ),
)

SET_ASIDE = "set_aside"
SCHEMA = "schema"
CONSTRAINTS = "constraints"
VERIFY = "verify"
FINISH = "finish"


def _sql(name: str) -> str:
    return (resources.files("hireflow.legacy") / "sql" / name).read_text(encoding="utf-8")


def data_phases() -> list[tuple[str, list[str]]]:
    """``v1_1_data.sql`` split into (phase, statements)."""
    phases: list[tuple[str, list[str]]] = []
    statement: list[str] = []
    for line in _sql("v1_1_data.sql").splitlines():
        if line.startswith("-- phase:"):
            phases.append((line.removeprefix("-- phase:").strip(), []))
            continue
        if not phases or (not statement and (not line.strip() or line.startswith("--"))):
            continue
        statement.append(line)
        if line.rstrip().endswith(";"):
            phases[-1][1].append("\n".join(statement))
            statement = []
    return phases


def phase_names() -> list[str]:
    return [SET_ASIDE, SCHEMA, *(name for name, _ in data_phases()), CONSTRAINTS, VERIFY, FINISH]


def set_aside_sql(runtime_roles: tuple[str, ...]) -> str:
    statements = [
        "CREATE SCHEMA legacy_v1_0",
        "COMMENT ON SCHEMA legacy_v1_0 IS "
        "'The v1.0 tables as they were before the v1.1 migration; read-only archive, "
        "restored by the downgrade'",
    ]
    statements += [
        f"ALTER TABLE public.{table} DROP CONSTRAINT {name}"
        for table, name, _ in LEGACY_FOREIGN_KEYS
    ]
    statements += [f"ALTER TABLE public.{table} SET SCHEMA legacy_v1_0" for table in LEGACY_TABLES]
    grantees = ", ".join(["PUBLIC", *(f'"{role}"' for role in runtime_roles)])
    statements.append(f"REVOKE ALL ON ALL TABLES IN SCHEMA legacy_v1_0 FROM {grantees}")
    return ";\n".join(statements) + ";"


class PhaseRunner:
    """Times each phase, tells the observer, and records it in ``migration_progress``."""

    def __init__(self, cursor: Any, observer: MigrationObserver | None) -> None:
        self.cursor = cursor
        self.observer = observer
        self.pending: list[tuple[PhaseReport, float, float]] = []
        self.reports: list[PhaseReport] = []
        self.progress_table = False

    def run(self, name: str, statements: list[str]) -> int:
        if self.observer is not None:
            self.observer.phase_started(name, self.cursor.connection)
        started_wall = time.time()
        started = time.perf_counter()
        rows = 0
        for statement in statements:
            self.cursor.execute(statement)
            if statement.lstrip().upper().startswith("INSERT") and self.cursor.rowcount > 0:
                rows += self.cursor.rowcount
        self.finished(PhaseReport(name, rows, time.perf_counter() - started), started_wall)
        return rows

    def finished(self, report: PhaseReport, started_wall: float) -> None:
        self.reports.append(report)
        self.pending.append((report, started_wall, time.time()))
        self._record()
        if self.observer is not None:
            self.observer.phase_finished(report)

    def _record(self) -> None:
        if not self.progress_table:
            self.cursor.execute("SELECT to_regclass('public.migration_progress') IS NOT NULL")
            self.progress_table = bool(self.cursor.fetchone()[0])
            if not self.progress_table:
                return
        for report, started, completed in self.pending:
            self.cursor.execute(
                "INSERT INTO public.migration_progress (phase, status, started_at, completed_at,"
                " duration_ms, rows_affected) VALUES (%s, 'completed', to_timestamp(%s),"
                " to_timestamp(%s), %s, %s)",
                (report.phase, started, completed, round(report.seconds * 1000, 1), report.rows),
            )
        self.pending.clear()


def migrate_to_v1_1(
    driver_connection: Any, runtime_roles: tuple[str, ...], attributes: Mapping[str, Any]
) -> list[PhaseReport]:
    """Upgrade the v1.0 tables in ``public`` to v1.1; raises (and so rolls back) on a mismatch."""
    observer: MigrationObserver | None = attributes.get(OBSERVER_ATTRIBUTE)
    with driver_connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        runner = PhaseRunner(cursor, observer)
        runner.run(SET_ASIDE, [set_aside_sql(runtime_roles)])
        runner.run(SCHEMA, [_sql("v1_1_tables.sql")])
        for name, statements in data_phases():
            runner.run(name, statements)
        analyze = [
            f"ANALYZE public.{t}"
            for t in (
                "users",
                "candidates",
                "user_candidate_assignments",
                "resumes",
                "resume_sections",
                "review_requests",
                "review_results",
                "review_feedback_items",
                "prompts",
                "prompt_usage_history",
            )
        ]
        runner.run(CONSTRAINTS, [_sql("v1_1_constraints.sql"), *analyze])
        if observer is not None:
            observer.phase_started(VERIFY, driver_connection)
        started, started_wall = time.perf_counter(), time.time()
        results = reconcile(cursor, during_migration=True)
        runner.finished(
            PhaseReport(VERIFY, len(results), time.perf_counter() - started), started_wall
        )
        failed = failures(results)
        if failed:
            raise MigrationVerificationError(
                "the v1.1 migration does not reconcile with the v1.0 data; nothing was changed:\n"
                + "\n".join(result.line() for result in failed),
                details=[result.line() for result in results],
            )
        runner.run(
            FINISH,
            [
                "INSERT INTO public.schema_migrations (version, applied_at) "
                "VALUES ('1.1.0', now())",
                "ANALYZE public.schema_migrations",
            ],
        )
    return runner.reports
