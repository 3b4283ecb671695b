"""Adopt an existing v1.0 database: prove its schema is v1.0, then stamp it ``v1_0``."""

from __future__ import annotations

from dataclasses import dataclass, field

import psycopg
from sqlalchemy.engine import URL

from hireflow.config import Settings
from hireflow.db import migrate
from hireflow.db.engine import SYSTEM_OPTIONS, libpq_url
from hireflow.kit.errors import MigrationRefused
from hireflow.legacy.fingerprint import (
    Difference,
    compare,
    digest,
    expected_v1_0,
    schema_fingerprint,
)


@dataclass
class AdoptionReport:
    fingerprint: str
    expected_fingerprint: str
    differences: list[Difference] = field(default_factory=list)
    foreign_owned: list[str] = field(default_factory=list)
    current_revisions: tuple[str, ...] = ()
    stamped: bool = False

    @property
    def matches(self) -> bool:
        return not self.differences

    def lines(self) -> list[str]:
        lines = [
            f"schema fingerprint {self.fingerprint[:16]} (v1.0 is {self.expected_fingerprint[:16]})"
        ]
        lines += [difference.describe() for difference in self.differences]
        lines += [
            f"table {t} is not owned by the migration role (ALTER TABLE public.{t} OWNER TO "
            "the owner role, or GRANT its owner to the owner role)"
            for t in self.foreign_owned
        ]
        return lines


def inspect(url: URL, owner_role: str) -> AdoptionReport:
    with psycopg.connect(libpq_url(url), options=SYSTEM_OPTIONS) as conn, conn.cursor() as cursor:
        actual = schema_fingerprint(cursor)
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
            "AND c.relname <> 'alembic_version' "
            "AND NOT pg_has_role(%s, c.relowner, 'USAGE') ORDER BY 1",
            (owner_role,),
        )
        foreign_owned = [str(row[0]) for row in cursor.fetchall()]
    expected = expected_v1_0()
    return AdoptionReport(
        fingerprint=digest(actual),
        expected_fingerprint=digest(expected),
        differences=compare(expected, actual),
        foreign_owned=foreign_owned,
        current_revisions=migrate.current_revisions(url),
    )


def adopt(settings: Settings, url: URL, *, force: bool = False) -> AdoptionReport:
    """Stamp ``v1_0`` if the schema is v1.0 (or ``force``); else raise with the report."""
    report = inspect(url, settings.db_owner_role)
    if report.current_revisions:
        raise MigrationRefused(
            "the database is already managed by hireflow (at "
            f"{', '.join(report.current_revisions)}); use `hireflow db upgrade`",
            details=report.lines(),
        )
    if (report.differences or report.foreign_owned) and not force:
        raise MigrationRefused(
            "the database's schema is not v1.0; nothing was stamped:\n  "
            + "\n  ".join(report.lines()[1:]),
            details=report.lines(),
        )
    migrate.stamp(settings, url, "v1_0")
    report.stamped = True
    return report
