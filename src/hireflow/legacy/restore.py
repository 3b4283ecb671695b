"""The v1.1 -> v1.0 downgrade: refuse to lose v1.1 data, then put the v1.0 tables back.

The v1.0 tables were moved, untouched, into ``legacy_v1_0``; restoring them is dropping the
v1.1 tables, moving them back and re-creating their foreign keys, so the v1.0 schema and data
come back exactly as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from alembic.util import CommandError as AlembicError
from sqlalchemy.engine import URL

from hireflow.config import Settings
from hireflow.db import migrate
from hireflow.db.engine import SYSTEM_OPTIONS, libpq_url
from hireflow.kit.errors import MigrationRefused
from hireflow.legacy.migration import LEGACY_FOREIGN_KEYS, LEGACY_TABLES
from hireflow.legacy.progress import DISCARD_NEW_DATA_ATTRIBUTE

V1_1_TABLES = (
    "activity_logs",
    "prompt_usage_history",
    "review_feedback_items",
    "review_results",
    "review_requests",
    "resume_sections",
    "resumes",
    "user_candidate_assignments",
    "candidates",
    "prompts",
    "refresh_tokens",
    "schema_migrations",
    "users",
    "migration_progress",
)

_FROM_LEGACY_ROW = (
    "id IN (SELECT id FROM legacy_v1_0.file_uploads) "
    "OR id IN (SELECT id FROM legacy_v1_0.analysis_requests)"
)

# (table, what, count of rows the v1.0 tables cannot give back)
NEW_DATA_QUERIES: tuple[tuple[str, str, str], ...] = (
    (
        "users",
        "new",
        "SELECT count(*) FROM public.users WHERE id NOT IN (SELECT id FROM legacy_v1_0.users)",
    ),
    (
        "users",
        "changed",
        """
        SELECT count(*) FROM public.users p JOIN legacy_v1_0.users l ON l.id = p.id
        WHERE ROW(p.email, p.password_hash, p.first_name, p.last_name, p.is_active,
                  p.email_verified, p.created_at, p.updated_at, p.last_login_at,
                  p.password_changed_at, p.failed_login_attempts, p.locked_until)
              IS DISTINCT FROM
              ROW(l.email, l.password_hash, l.first_name, l.last_name, l.is_active,
                  l.email_verified, l.created_at, l.updated_at, l.last_login_at,
                  l.password_changed_at, l.failed_login_attempts, l.locked_until)
           OR p.role <> CASE l.role WHEN 'consultant' THEN 'junior_recruiter' ELSE l.role END""",
    ),
    (
        "prompts",
        "new",
        "SELECT count(*) FROM public.prompts WHERE id NOT IN (SELECT id FROM legacy_v1_0.prompts)",
    ),
    (
        "prompts",
        "changed",
        """
        SELECT count(*) FROM public.prompts p JOIN legacy_v1_0.prompts l ON l.id = p.id
        WHERE ROW(p.name, p.description, p.template, p.version, p.is_active, p.prompt_type,
                  p.created_by, p.created_at, p.updated_at)
              IS DISTINCT FROM
              ROW(l.name, l.description, l.template, l.version, l.is_active, l.prompt_type,
                  l.created_by, l.created_at, l.updated_at)""",
    ),
    (
        "refresh_tokens",
        "new or changed",
        "SELECT count(*) FROM (SELECT * FROM public.refresh_tokens"
        " EXCEPT ALL SELECT * FROM legacy_v1_0.refresh_tokens) t",
    ),
    (
        "schema_migrations",
        "new",
        "SELECT count(*) FROM public.schema_migrations WHERE "
        "version <> '1.1.0' AND version NOT IN (SELECT version FROM legacy_v1_0.schema_migrations)",
    ),
    ("candidates", "new", f"SELECT count(*) FROM public.candidates WHERE NOT ({_FROM_LEGACY_ROW})"),
    (
        "user_candidate_assignments",
        "new",
        f"SELECT count(*) FROM public.user_candidate_assignments WHERE NOT ({_FROM_LEGACY_ROW})",
    ),
    ("resumes", "new", f"SELECT count(*) FROM public.resumes WHERE NOT ({_FROM_LEGACY_ROW})"),
    (
        "resume_sections",
        "new",
        "SELECT count(*) FROM public.resume_sections "
        "WHERE id NOT IN (SELECT id FROM legacy_v1_0.file_uploads)",
    ),
    (
        "review_requests",
        "new",
        "SELECT count(*) FROM public.review_requests "
        "WHERE id NOT IN (SELECT id FROM legacy_v1_0.analysis_requests)",
    ),
    (
        "review_results",
        "new",
        "SELECT count(*) FROM public.review_results "
        "WHERE id NOT IN (SELECT id FROM legacy_v1_0.analysis_results)",
    ),
    (
        "review_feedback_items",
        "new",
        "SELECT count(*) FROM public.review_feedback_items "
        "WHERE review_result_id NOT IN (SELECT id FROM legacy_v1_0.analysis_results)",
    ),
    (
        "prompt_usage_history",
        "new",
        "SELECT count(*) FROM public.prompt_usage_history "
        "WHERE id NOT IN (SELECT id FROM legacy_v1_0.prompt_history)",
    ),
    ("activity_logs", "new", "SELECT count(*) FROM public.activity_logs"),
)


@dataclass(frozen=True)
class NewData:
    table: str
    kind: str
    rows: int

    def line(self) -> str:
        return f"{self.table}: {self.rows} {self.kind} row(s)"


def new_data(cursor: Any) -> list[NewData]:
    """Rows of v1.1 that did not come from, or no longer match, the v1.0 data."""
    found: list[NewData] = []
    for table, kind, sql in NEW_DATA_QUERIES:
        cursor.execute(sql)
        rows = int(cursor.fetchone()[0])
        if rows:
            found.append(NewData(table, kind, rows))
    return found


def restore_sql() -> str:
    statements = [
        "DROP TABLE IF EXISTS " + ", ".join(f"public.{t}" for t in V1_1_TABLES) + " CASCADE"
    ]
    statements += [f"ALTER TABLE legacy_v1_0.{t} SET SCHEMA public" for t in LEGACY_TABLES]
    statements += [
        f"ALTER TABLE ONLY public.{table} ADD CONSTRAINT {name} {definition}"
        for table, name, definition in LEGACY_FOREIGN_KEYS
    ]
    statements.append("DROP SCHEMA legacy_v1_0")
    return ";\n".join(statements) + ";"


def restore_v1_0(driver_connection: Any, attributes: Mapping[str, Any]) -> None:
    """Downgrade v1.1 to v1.0; raises :class:`MigrationRefused` if v1.1 data would be lost."""
    discard = bool(attributes.get(DISCARD_NEW_DATA_ATTRIBUTE))
    with driver_connection.cursor() as cursor:
        cursor.execute("SELECT to_regnamespace('legacy_v1_0') IS NOT NULL")
        if not cursor.fetchone()[0]:
            raise MigrationRefused(
                "the v1.0 tables are not in schema legacy_v1_0; cannot restore v1.0"
            )
        lost = new_data(cursor)
        if lost and not discard:
            raise MigrationRefused(
                "downgrading to v1.0 would lose data created after the v1.1 migration: "
                + "; ".join(item.line() for item in lost)
                + ". Nothing was changed. Pass --discard-new-data to downgrade anyway.",
                details=[item.line() for item in lost],
            )
        cursor.execute(restore_sql())


def refuse_downgrade_losing_data(
    settings: Settings, url: URL, revision: str, *, discard_new_data: bool
) -> None:
    """Check before any revision runs, so that later revisions are not undone in vain.

    The ``v1_1`` downgrade checks again (and is the one that counts); this early check keeps
    ``downgrade v1_0`` from head from first dropping the revisions above ``v1_1`` and then
    refusing.
    """
    if discard_new_data:
        return
    heads = migrate.current_revisions(url)
    if not heads:
        return
    script = migrate.script_directory(settings)
    try:
        undone = {
            rev.revision for rev in script.iterate_revisions(heads, revision) if rev is not None
        }
    except AlembicError:
        return
    if "v1_1" not in undone:
        return
    with psycopg.connect(libpq_url(url), options=SYSTEM_OPTIONS) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT to_regnamespace('legacy_v1_0') IS NOT NULL")
        row = cursor.fetchone()
        lost = new_data(cursor) if row and row[0] else []
        conn.rollback()
    if lost:
        raise MigrationRefused(
            "downgrading below v1_1 would lose data created after the v1.1 migration: "
            + "; ".join(item.line() for item in lost)
            + ". Nothing was changed. Pass --discard-new-data to downgrade anyway.",
            details=[item.line() for item in lost],
        )
