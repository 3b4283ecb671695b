"""An administrator's own server: ``db create-roles`` then ``db upgrade``, and a v1.0 database
owned by another role taken over with ``db adopt --take-ownership``, all with no manual SQL.

The administrator is the shape of a managed service's master user: no superuser, CREATEROLE and
CREATEDB, owner of the database hireflow goes into. Roles get names of their own per test, so
their creation is exercised even though the session's roles already exist. Runs on the embedded
server, and on an external one (CI: Debian's PostgreSQL 15) given ``HIREFLOW_TEST_DATABASE_URL``
plus ``HIREFLOW_TEST_SUPERUSER_URL`` for the one superuser-only step (a BYPASSRLS role).
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import URL, make_url
from typer.testing import CliRunner

from hireflow.cli import app
from tests.conftest import TestServer
from tests.legacy.conftest import SHARED_LEGACY, libpq


@dataclass
class Admin:
    """A non-superuser administrator that owns ``database``, and per-test role names."""

    url: URL
    superuser: URL
    database: str
    prefix: str

    @property
    def env(self) -> dict[str, str]:
        return {
            "HIREFLOW_DB_OWNER_ROLE": f"{self.prefix}_owner",
            "HIREFLOW_DB_RUNTIME_ROLE": f"{self.prefix}_app",
            "HIREFLOW_DB_SYSTEM_ROLE": f"{self.prefix}_system",
        }

    def cli(self, *args: str) -> Any:
        url = self.url.render_as_string(hide_password=False)
        return CliRunner().invoke(app, [*args, "--database-url", url], env=self.env)

    def execute(self, sql: str, *, as_superuser: bool = False) -> list[tuple[Any, ...]]:
        url = self.superuser if as_superuser else self.url
        with psycopg.connect(libpq(url), autocommit=True) as conn:
            cursor = conn.execute(sql.encode())
            return list(cursor.fetchall()) if cursor.description else []


def _superuser(pg_server: TestServer) -> URL:
    if not pg_server.admin_url:
        return pg_server.superuser_url()
    raw = os.environ.get("HIREFLOW_TEST_SUPERUSER_URL")
    if not raw:
        pytest.skip("external server without HIREFLOW_TEST_SUPERUSER_URL (BYPASSRLS needs one)")
    return make_url(raw).set(drivername="postgresql+psycopg")


@pytest.fixture
def admin(pg_server: TestServer) -> Iterator[Admin]:
    superuser = _superuser(pg_server)
    prefix = f"p{uuid.uuid4().hex[:8]}"
    name, database = f"{prefix}_admin", f"{prefix}_recruiting"
    with psycopg.connect(libpq(superuser.set(database="postgres")), autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{name}" LOGIN NOSUPERUSER CREATEDB CREATEROLE'.encode())
        conn.execute(f'CREATE DATABASE "{database}" OWNER "{name}"'.encode())
    admin_url = superuser.set(username=name, password=None, database=database)
    yield Admin(admin_url, superuser.set(database=database), database, prefix)
    with psycopg.connect(libpq(superuser.set(database="postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'.encode())
        roles = [
            r
            for (r,) in conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"{prefix}_%",)
            )
        ]
        for role in roles:
            conn.execute(f'DROP OWNED BY "{role}"'.encode())
        for role in sorted(roles, key=lambda r: r.endswith("_admin")):
            conn.execute(f'DROP ROLE "{role}"'.encode())


def _system_role_by_superuser(admin: Admin) -> None:
    """What PostgreSQL 15 reserves to a superuser; the refusal names exactly this statement."""
    result = admin.cli("db", "create-roles")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    said = " ".join(result.output.split())
    system = f'"{admin.prefix}_system"'
    create = f"CREATE ROLE {system} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE BYPASSRLS;"
    assert create in said, result.output
    for statement in re.findall(r"(?:CREATE ROLE|GRANT) [^;]*;", said):
        admin.execute(statement, as_superuser=True)


def test_create_roles_on_the_urls_database_then_upgrade(admin: Admin) -> None:
    printed = admin.cli("db", "create-roles", "--print")
    assert printed.exit_code == 1  # the system role cannot be made by this administrator

    _system_role_by_superuser(admin)
    printed = admin.cli("db", "create-roles", "--print")
    assert printed.exit_code == 0, printed.output
    owner = f'"{admin.prefix}_owner"'
    assert f"GRANT USAGE, CREATE ON SCHEMA public TO {owner};" in printed.output
    assert f'GRANT CREATE ON DATABASE "{admin.database}" TO {owner};' in printed.output
    assert not admin.execute(f"SELECT 1 FROM pg_roles WHERE rolname = '{admin.prefix}_owner'")

    result = admin.cli("db", "create-roles")
    assert result.exit_code == 0, result.output
    ran = [line.removeprefix("ran: ") for line in result.output.splitlines() if "ran: " in line]
    assert [statement + ";" for statement in ran] == printed.output.strip().splitlines()
    assert "ready for hireflow" in result.output

    again = admin.cli("db", "create-roles")
    assert again.exit_code == 0 and "ran: " not in again.output, again.output

    upgraded = admin.cli("db", "upgrade", "head")
    assert upgraded.exit_code == 0, upgraded.output
    tables = admin.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
        f"AND tableowner = '{admin.prefix}_owner'"
    )
    assert tables[0][0] > 20


def test_legacy_database_owned_by_another_role(admin: Admin) -> None:
    legacy = f"{admin.prefix}_legacy_app"
    admin.execute(f'CREATE ROLE "{legacy}" LOGIN')
    admin.execute(f'GRANT "{legacy}" TO CURRENT_USER')
    admin.execute(f'GRANT CREATE ON SCHEMA public TO "{legacy}"')
    schema = (SHARED_LEGACY / "v1_0_schema.sql").read_text(encoding="utf-8")
    schema = schema.replace(
        'CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;', ""
    ).replace("public.uuid_generate_v4()", "gen_random_uuid()")
    data = (SHARED_LEGACY / "real_v1_0_shape.sql").read_text(encoding="utf-8")
    with psycopg.connect(libpq(admin.url)) as conn:
        conn.execute(f'SET ROLE "{legacy}"'.encode())
        conn.execute(schema.encode())
        conn.execute(data.encode())

    result = admin.cli("db", "adopt")
    assert result.exit_code == 1, result.output
    assert "does not exist yet" in result.output and "db create-roles" in result.output
    assert "Traceback" not in result.output

    _system_role_by_superuser(admin)
    assert admin.cli("db", "create-roles").exit_code == 0

    result = admin.cli("db", "adopt")
    assert result.exit_code == 1, result.output
    assert "table public.users is owned by another role" in " ".join(result.output.split())

    result = admin.cli("db", "adopt", "--take-ownership")
    assert result.exit_code == 0, result.output
    owner = f'"{admin.prefix}_owner"'
    for taken in (
        f"ALTER TABLE public.users OWNER TO {owner}",
        f"ALTER ROUTINE public.limit_user_sessions() OWNER TO {owner}",
    ):
        assert taken in result.output, result.output
    assert not admin.execute(
        f"SELECT 1 FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        f"WHERE r.rolname = '{legacy}'"
    )

    for command in (("db", "upgrade", "v1_1"), ("db", "verify"), ("db", "downgrade", "v1_0")):
        result = admin.cli(*command)
        assert result.exit_code == 0, (command, result.output)
    assert admin.execute("SELECT version_num FROM alembic_version") == [("v1_0",)]
    assert admin.execute("SELECT to_regclass('public.users') IS NOT NULL") == [(True,)]
