"""The report ``hireflow db verify`` prints: one line per check, then v1.1-only rows."""

from __future__ import annotations

import psycopg
from sqlalchemy.engine import URL

from hireflow.db.engine import SYSTEM_OPTIONS, libpq_url
from hireflow.legacy.restore import new_data
from hireflow.legacy.verify import failures, legacy_schema_present, reconcile


def verification_report(url: URL) -> tuple[list[str], bool | None]:
    """(lines, ok); ok is None when the database was never migrated from v1.0."""
    with psycopg.connect(libpq_url(url), options=SYSTEM_OPTIONS) as conn, conn.cursor() as cursor:
        try:
            if not legacy_schema_present(cursor):
                return ["no legacy_v1_0 schema: this database was not migrated from v1.0"], None
            results = reconcile(cursor, during_migration=False)
            created = new_data(cursor)
        finally:
            conn.rollback()
    lines = [result.line() for result in results]
    lines += [f"INFO {item.line()} since the migration" for item in created]
    failed = failures(results)
    lines.append(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return lines, not failed
