"""Adopt an existing v1.0 database: prove its schema is v1.0, then stamp it ``v1_0``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    taken_over: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return not self.differences

    def lines(self) -> list[str]:
        lines = [
            f"schema fingerprint {self.fingerprint[:16]} (v1.0 is {self.expected_fingerprint[:16]})"
        ]
        lines += [difference.describe() for difference in self.differences]
        lines += [
            f"{thing} is owned by another role; run again with --take-ownership "
            "(or GRANT its owner to the owner role)"
            for thing in self.foreign_owned
        ]
        lines += [f"took ownership: {statement}" for statement in self.taken_over]
        return lines


# Objects in ``public`` the owner role must own to migrate them: relations (a sequence owned by
# a column follows its table), routines and stand-alone types; extension members excluded.
_FOREIGN_OWNED = """
SELECT kind, name FROM (
    SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                ELSE 'TABLE' END AS kind,
           format('%%I.%%I', n.nspname, c.relname) AS name, c.relowner AS owner, c.oid,
           'pg_class'::regclass AS catalog, 1 AS pass
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
       AND c.relname <> 'alembic_version'
       AND NOT (c.relkind = 'S' AND EXISTS (
           SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
              AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
    UNION ALL
    SELECT 'ROUTINE',
           format('%%I.%%I(%%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
           p.proowner, p.oid, 'pg_proc'::regclass, 2
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
    UNION ALL
    SELECT 'TYPE', format('%%I.%%I', n.nspname, t.typname), t.typowner, t.oid,
           'pg_type'::regclass, 3
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')
) o
WHERE NOT pg_has_role(%s, o.owner, 'USAGE')
  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = o.catalog AND e.objid = o.oid
                  AND e.deptype = 'e')
ORDER BY pass, name
"""


def _foreign_owned(cursor: Any, owner_role: str) -> list[tuple[str, str]]:
    cursor.execute(_FOREIGN_OWNED, (owner_role,))
    return [(str(kind), str(name)) for kind, name in cursor.fetchall()]


def owner_role_problem(url: URL, role: str) -> str | None:
    """Why this connection cannot act as the owner role yet, if it cannot."""
    with psycopg.connect(libpq_url(url)) as conn:
        row = conn.execute(
            "SELECT pg_has_role(current_user, r.oid, 'MEMBER') FROM pg_roles r "
            "WHERE r.rolname = %s",
            (role,),
        ).fetchone()
    if row is None:
        return f"the role {role} does not exist yet"
    if not row[0]:
        return f"this connection's user may not act as {role} yet"
    return None


def take_ownership(url: URL, owner_role: str) -> list[str]:
    """``ALTER … OWNER TO`` the owner role for every foreign-owned object (one transaction)."""
    done: list[str] = []
    try:
        with psycopg.connect(libpq_url(url)) as conn, conn.cursor() as cursor:
            for kind, name in _foreign_owned(cursor, owner_role):
                statement = f'ALTER {kind} {name} OWNER TO "{owner_role}"'
                cursor.execute(statement.encode())
                done.append(statement)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise MigrationRefused(
            f"cannot take ownership of the v1.0 objects: {exc}. Connect as a superuser, or "
            "as an administrator that is a member of the role owning them "
            "(GRANT <that role> TO <administrator>); nothing was changed."
        ) from exc
    return done


def inspect(url: URL, owner_role: str) -> AdoptionReport:
    with psycopg.connect(libpq_url(url), options=SYSTEM_OPTIONS) as conn, conn.cursor() as cursor:
        actual = schema_fingerprint(cursor)
        foreign_owned = [
            f"{kind.lower()} {name}" for kind, name in _foreign_owned(cursor, owner_role)
        ]
    expected = expected_v1_0()
    return AdoptionReport(
        fingerprint=digest(actual),
        expected_fingerprint=digest(expected),
        differences=compare(expected, actual),
        foreign_owned=foreign_owned,
        current_revisions=migrate.current_revisions(url),
    )


def adopt(
    settings: Settings, url: URL, *, force: bool = False, take_over: bool = False
) -> AdoptionReport:
    """Stamp ``v1_0`` if the schema is v1.0 (or ``force``); else raise with the report.

    ``take_over`` first hands every v1.0 object owned by another role to the owner role.
    """
    problem = owner_role_problem(url, settings.db_owner_role)
    if problem:
        raise MigrationRefused(
            f"{problem}; nothing was stamped. "
            "Run first: hireflow db create-roles --database-url <the administrator's URL>"
        )
    report = inspect(url, settings.db_owner_role)
    if report.current_revisions:
        raise MigrationRefused(
            "the database is already managed by hireflow (at "
            f"{', '.join(report.current_revisions)}); use `hireflow db upgrade`",
            details=report.lines(),
        )
    if report.foreign_owned and take_over and (force or not report.differences):
        taken = take_ownership(url, settings.db_owner_role)
        report = inspect(url, settings.db_owner_role)
        report.taken_over = taken
    if (report.differences or report.foreign_owned) and not force:
        raise MigrationRefused(
            "the database's schema is not v1.0; nothing was stamped:\n  "
            + "\n  ".join(report.lines()[1:]),
            details=report.lines(),
        )
    migrate.stamp(settings, url, "v1_0")
    report.stamped = True
    return report
