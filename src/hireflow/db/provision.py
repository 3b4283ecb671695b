"""Provision an external PostgreSQL for hireflow: roles and grants, planned against what exists.

An administrator's URL names the database hireflow will live in (the administrator created it;
it usually owns it). The plan creates the three roles that are missing, fixes attributes that
differ, and grants the owner role what migrations need on PostgreSQL 15+, where ``public`` no
longer lets everyone create: CREATE on ``public`` and CREATE on the database (for the
``hireflow_security`` and ``legacy_v1_0`` schemas). Every statement that runs is reported.

Managed services give an administrator that is not a superuser (CREATEROLE, CREATEDB, owner of
the database). That is enough for everything except a BYPASSRLS role on PostgreSQL 15, which
only a superuser may create; the plan then stops before doing anything and names the one
statement to ask for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from hireflow.config import Settings
from hireflow.db.roles import RoleNames, _ident, _literal
from hireflow.kit.errors import HireflowError


class ProvisionRefused(HireflowError):
    """The administrator's connection cannot provision the server (the message says what to do)."""

    status_code = 409
    code = "provision_refused"


# Role attributes as pg_roles columns (True = the attribute is on).
_COLUMNS = ("rolcanlogin", "rolsuper", "rolcreatedb", "rolcreaterole", "rolbypassrls")
_KEYWORDS = ("LOGIN", "SUPERUSER", "CREATEDB", "CREATEROLE", "BYPASSRLS")


def _attributes(bypassrls: bool) -> tuple[bool, ...]:
    return (True, False, False, False, bypassrls)


def _attribute_sql(values: tuple[bool, ...]) -> str:
    return " ".join(kw if on else f"NO{kw}" for kw, on in zip(_KEYWORDS, values, strict=True))


@dataclass
class ProvisionPlan:
    database: str
    administrator: str
    statements: list[str] = field(default_factory=list)
    in_place: list[str] = field(default_factory=list)


def libpq_from(raw_url: str) -> str:
    from hireflow.db.server import normalise_url

    url = normalise_url(raw_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def plan(
    conn: psycopg.Connection[Any], settings: Settings, passwords: dict[str, str] | None = None
) -> ProvisionPlan:
    """The statements that would bring this server and database to what hireflow needs."""
    passwords = passwords or {}
    roles = RoleNames.from_settings(settings)
    row = conn.execute(
        "SELECT current_user, current_database(), r.rolsuper, r.rolbypassrls, "
        "current_setting('server_version_num')::int "
        "FROM pg_roles r WHERE r.rolname = current_user"
    ).fetchone()
    assert row is not None
    admin, database, is_super, admin_bypass, version = row
    result = ProvisionPlan(database=str(database), administrator=str(admin))
    wanted = {
        roles.owner: _attributes(False),
        roles.runtime: _attributes(False),
        roles.system: _attributes(True),
    }
    for role, attrs in wanted.items():
        found = conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM pg_roles WHERE rolname = %s", (role,)
        ).fetchone()
        password = f" PASSWORD {_literal(passwords[role])}" if role in passwords else ""
        needs_bypass = attrs[-1] and (found is None or tuple(found) != attrs)
        if needs_bypass and not is_super and (version < 160000 or not admin_bypass):
            verb = "CREATE" if found is None else "ALTER"
            steps = [f"{verb} ROLE {_ident(role)} {_attribute_sql(attrs)};"]
            if version >= 160000:  # from 16 on, granting a role needs ADMIN OPTION on it
                steps.append(f"GRANT {_ident(role)} TO {_ident(str(admin))} WITH ADMIN OPTION;")
            raise ProvisionRefused(
                f"role {role} needs BYPASSRLS, which only a superuser can "
                f"{'give' if found else 'create'} here (PostgreSQL {version // 10000}, "
                f"{admin} is not a superuser). Ask for this once, then run the command "
                "again:\n  " + "\n  ".join(steps),
                details=steps,
            )
        if found is None:
            result.statements.append(
                f"CREATE ROLE {_ident(role)} {_attribute_sql(attrs)}{password}"
            )
        elif tuple(found) != attrs or password:
            result.statements.append(f"ALTER ROLE {_ident(role)} {_attribute_sql(attrs)}{password}")
        else:
            result.in_place.append(f"role {role} exists with the right attributes")

    def member(member: str, of: str) -> bool:
        if member == admin and is_super:
            return True
        found = conn.execute(
            "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = %s AND u.rolname = %s",
            (of, member),
        ).fetchone()
        return found is not None

    db = _ident(str(database))
    grants = [
        # The administrator runs migrations by SET ROLE to the owner.
        (
            not member(str(admin), roles.owner),
            f"GRANT {_ident(roles.owner)} TO {_ident(str(admin))}",
            f"{admin} may act as {roles.owner}",
        ),
        # Row-level security helpers are SECURITY DEFINER functions owned by the system role
        # (BYPASSRLS), so migrations, run as the owner, must be able to hand them over.
        (
            not member(roles.owner, roles.system),
            f"GRANT {_ident(roles.system)} TO {_ident(roles.owner)}",
            f"{roles.owner} may act as {roles.system}",
        ),
    ]
    creating = any(statement.startswith("CREATE ROLE") for statement in result.statements)

    def lacks(sql: str, *params: str) -> bool:
        # A role about to be created has no privilege yet (and cannot be asked about).
        if creating:
            return True
        found = conn.execute(sql, params).fetchone()
        return not (found and found[0])

    runtime_system = f"{_ident(roles.runtime)}, {_ident(roles.system)}"
    grants += [
        (
            lacks(
                # A list of privileges asks whether *any* is held: ask one at a time.
                "SELECT bool_and(has_database_privilege(r, current_database(), p)) "
                "FROM unnest(ARRAY[%s, %s]) r, unnest(ARRAY['CONNECT', 'TEMPORARY']) p",
                roles.runtime,
                roles.system,
            ),
            f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {runtime_system}",
            f"{roles.runtime} and {roles.system} may connect to {database}",
        ),
        (
            lacks("SELECT has_database_privilege(%s, current_database(), 'CREATE')", roles.owner),
            f"GRANT CREATE ON DATABASE {db} TO {_ident(roles.owner)}",
            f"{roles.owner} may create schemas in {database}",
        ),
        (
            lacks(
                "SELECT has_schema_privilege(%s, 'public', 'USAGE') "
                "AND has_schema_privilege(%s, 'public', 'CREATE')",
                roles.owner,
                roles.owner,
            ),
            f"GRANT USAGE, CREATE ON SCHEMA public TO {_ident(roles.owner)}",
            f"{roles.owner} may create tables in public",
        ),
    ]
    timezone = conn.execute(
        "SELECT 1 FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
        "WHERE d.datname = current_database() AND s.setrole = 0 "
        "AND 'TimeZone=UTC' = ANY(s.setconfig)"
    ).fetchone()
    grants.append(
        (
            timezone is None,
            f"ALTER DATABASE {db} SET timezone TO 'UTC'",
            f"{database} uses UTC",
        )
    )
    for needed, statement, says in grants:
        if needed:
            result.statements.append(statement)
        else:
            result.in_place.append(says)
    return result


def provision(
    raw_url: str, settings: Settings, *, passwords: dict[str, str] | None = None, apply: bool
) -> ProvisionPlan:
    """Plan against the server at ``raw_url`` and, when ``apply``, run it (one transaction)."""
    try:
        with psycopg.connect(libpq_from(raw_url)) as conn:
            result = plan(conn, settings, passwords)
            if apply:
                for statement in result.statements:
                    conn.execute(statement.encode())
            conn.commit()
    except psycopg.OperationalError as exc:
        raise ProvisionRefused(f"cannot connect to the database: {exc}".strip()) from exc
    except psycopg.errors.InsufficientPrivilege as exc:
        raise ProvisionRefused(
            f"the administrator lacks a privilege: {exc}. Connect as the database's owner "
            "with CREATEROLE (or as a superuser)."
        ) from exc
    return result


def generic_sql(settings: Settings, database: str) -> list[str]:
    """An idempotent script a DBA can run in psql connected to ``database`` (no inspection)."""
    roles = RoleNames.from_settings(settings)
    statements = []
    for role, bypass in ((roles.owner, False), (roles.runtime, False), (roles.system, True)):
        attrs = _attribute_sql(_attributes(bypass))
        statements.append(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_literal(role)}) THEN "
            f"CREATE ROLE {_ident(role)} {attrs}; "
            f"ELSE ALTER ROLE {_ident(role)} {attrs}; END IF; END $$"
        )
    db = _ident(database)
    statements += [
        f"GRANT {_ident(roles.owner)} TO CURRENT_USER",
        f"GRANT {_ident(roles.system)} TO {_ident(roles.owner)}",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {_ident(roles.runtime)}, "
        f"{_ident(roles.system)}",
        f"GRANT CREATE ON DATABASE {db} TO {_ident(roles.owner)}",
        f"GRANT USAGE, CREATE ON SCHEMA public TO {_ident(roles.owner)}",
        f"ALTER DATABASE {db} SET timezone TO 'UTC'",
    ]
    return statements
