"""The three database roles and what each may do.

- owner: owns every table, runs migrations (subject to FORCE'd row-level security like anyone).
- runtime: what the API and the worker connect as; NOSUPERUSER, NOBYPASSRLS, owns nothing.
- system: cross-tenant scheduler work (deadlines, shortlisting); BYPASSRLS, DML only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from hireflow.config import Settings


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unsafe role or database name: {name!r}")
    return f'"{name}"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class RoleNames:
    owner: str
    runtime: str
    system: str

    @classmethod
    def from_settings(cls, settings: Settings) -> RoleNames:
        return cls(settings.db_owner_role, settings.db_runtime_role, settings.db_system_role)


def create_roles_sql(settings: Settings, *, passwords: dict[str, str] | None = None) -> list[str]:
    """Idempotent statements an administrator runs once per server (or hireflow on its own)."""
    roles = RoleNames.from_settings(settings)
    passwords = passwords or {}
    attributes = {
        roles.owner: "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS",
        roles.runtime: "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS",
        roles.system: "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS",
    }
    statements: list[str] = []
    for role, attrs in attributes.items():
        password = f" PASSWORD {_literal(passwords[role])}" if role in passwords else ""
        statements.append(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_literal(role)}) THEN "
            f"CREATE ROLE {_ident(role)} {attrs}{password}; "
            f"ELSE ALTER ROLE {_ident(role)} {attrs}{password}; END IF; END $$"
        )
    return statements


def create_database_sql(settings: Settings) -> str:
    roles = RoleNames.from_settings(settings)
    return f"CREATE DATABASE {_ident(settings.db_name)} OWNER {_ident(roles.owner)} ENCODING 'UTF8'"


def database_grants_sql(settings: Settings) -> list[str]:
    roles = RoleNames.from_settings(settings)
    db = _ident(settings.db_name)
    return [
        f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {_ident(roles.runtime)}, "
        f"{_ident(roles.system)}",
        f"ALTER DATABASE {db} SET timezone TO 'UTC'",
        # Row-level security helpers are SECURITY DEFINER functions owned by the system role
        # (BYPASSRLS), so that migrations, run as the owner, can hand them over.
        f"GRANT {_ident(roles.system)} TO {_ident(roles.owner)}",
    ]


# Tables the runtime roles may read but never write.
READ_ONLY_TABLES = ("alembic_version",)


def runtime_grants_sql(settings: Settings) -> list[str]:
    """Privileges on what migrations created in ``public``; re-run after every upgrade."""
    roles = RoleNames.from_settings(settings)
    users = f"{_ident(roles.runtime)}, {_ident(roles.system)}"
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {users}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {users}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {users}",
        f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {users}",
    ]
    for table in READ_ONLY_TABLES:
        statements.append(
            "DO $$ BEGIN IF to_regclass(" + _literal(f"public.{table}") + ") IS NOT NULL THEN "
            f"REVOKE INSERT, UPDATE, DELETE ON public.{_ident(table)} FROM {users}; "
            "END IF; END $$"
        )
    return statements


def apply_runtime_grants(connection: Connection, settings: Settings) -> None:
    for statement in runtime_grants_sql(settings):
        connection.execute(text(statement))
