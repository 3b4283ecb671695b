"""``hireflow doctor`` on a real installation: healthy passes, each broken state is reported
with a fix that, where it is SQL, really repairs it."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from hireflow.auth.roles import Role
from hireflow.calendars.models import CalendarConnection
from hireflow.cli import app
from hireflow.config import Settings
from hireflow.db import migrate
from hireflow.db.engine import Database
from hireflow.db.server import DatabaseTarget, normalise_url
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.kit.crypto import Keyring, keyring_from_settings
from hireflow.ops.doctor import Finding, examine
from hireflow.resumes.storage import LocalStorage
from tests.conftest import TestServer
from tests.factories import make_user
from tests.smtp_server import SmtpServer, free_port

DB = "hireflow_doctor"
runner = CliRunner()


@pytest.fixture(scope="module")
def installation(pg_server: TestServer) -> Iterator[tuple[Settings, DatabaseTarget]]:
    """A database of its own (the broken states change its schema), migrated, worker alive."""
    settings = pg_server.settings_for(DB)
    target = pg_server.target(DB)
    migrate.upgrade(settings, target.migration_url, "head")
    yield settings, target
    pg_server.drop_database(DB)


def _superuser(pg_server: TestServer, sql: str) -> None:
    """Run ``sql`` as a superuser (an external server's administrator may not be one)."""
    given = os.environ.get("HIREFLOW_TEST_SUPERUSER_URL")
    url = normalise_url(given).set(database=DB) if given else pg_server.superuser_url(DB)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


@pytest.fixture
def worker_alive(pg_server: TestServer, installation: object) -> None:
    _superuser(
        pg_server,
        "INSERT INTO worker_heartbeats (worker_name, beat_at) VALUES ('doctor-test', now()) "
        "ON CONFLICT (worker_name) DO UPDATE SET beat_at = now()",
    )


def _storage(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "files")


async def _run(
    settings: Settings, target: DatabaseTarget, tmp_path: Path, **changes: object
) -> dict[str, Finding]:
    storage = changes.pop("storage", None) or _storage(tmp_path)
    assert isinstance(storage, LocalStorage)
    findings = await examine(settings.model_copy(update=changes), target, storage)
    return {f.check: f for f in findings}


def _problems(found: dict[str, Finding]) -> dict[str, Finding]:
    return {name: f for name, f in found.items() if f.status == "problem"}


async def test_a_healthy_installation_passes(
    installation: tuple[Settings, DatabaseTarget], worker_alive: None, tmp_path: Path
) -> None:
    found = await _run(*installation, tmp_path)
    assert _problems(found) == {}
    assert found["row-level security"].detail.startswith("enabled and forced, with policies")
    assert re.search(r"on all (\d+) tables", found["row-level security"].detail)
    assert found["migrations"].detail.startswith("at head")
    assert "PostgreSQL" in found["database"].detail
    assert {"role owner", "role runtime", "role system", "worker", "storage", "smtp"} <= set(found)


def _invoke(pg_server: TestServer, *args: str) -> tuple[int, str]:
    env = {
        "HIREFLOW_DATA_DIR": str(pg_server.tmp),
        "HIREFLOW_DB_NAME": DB,
        "HIREFLOW_LOG_LEVEL": "WARNING",
        "HIREFLOW_LOAD_DEMO_DATA": "false",
    }
    if pg_server.admin_url:
        args = (*args, "--database-url", pg_server.superuser_url(DB).render_as_string(False))
    result = runner.invoke(app, ["doctor", *args], env=env)
    return result.exit_code, result.output


def test_the_command_exits_0_when_healthy_and_1_with_the_fix_when_rls_is_not_forced(
    pg_server: TestServer, installation: object, worker_alive: None
) -> None:
    code, output = _invoke(pg_server, "--json")
    report = json.loads(output)
    assert code == 0, output
    assert report["ok"] is True
    checks = {c["check"]: c for c in report["checks"]}
    assert checks["configuration"]["status"] == "ok"
    assert checks["instance secret"]["status"] == "ok"

    _superuser(pg_server, "ALTER TABLE public.candidates NO FORCE ROW LEVEL SECURITY")
    try:
        code, output = _invoke(pg_server)
    finally:
        _superuser(pg_server, "ALTER TABLE public.candidates FORCE ROW LEVEL SECURITY")
    assert code == 1, output
    lines = output.splitlines()
    line = next(x for x in lines if " row-level security: " in x)
    assert line.startswith("problem"), output
    assert "candidates (not forced)" in line
    assert (
        "fix: as 'hireflow_owner': ALTER TABLE public.candidates FORCE ROW LEVEL SECURITY;"
        in (lines[lines.index(line) + 1])
    )
    assert _invoke(pg_server)[0] == 0


async def test_migrations_behind_are_reported_with_the_upgrade_command(
    pg_server: TestServer,
    installation: tuple[Settings, DatabaseTarget],
    worker_alive: None,
    tmp_path: Path,
) -> None:
    settings, _target = installation
    head = migrate.head_revision(settings)
    previous = next(r.down_revision for r in migrate.history(settings) if r.revision == head)
    _superuser(pg_server, f"UPDATE alembic_version SET version_num = '{previous}'")
    try:
        found = await _run(*installation, tmp_path)
    finally:
        _superuser(pg_server, f"UPDATE alembic_version SET version_num = '{head}'")
    assert set(_problems(found)) == {"migrations"}
    assert found["migrations"].detail == f"at {previous}; head is {head}"
    assert "`hireflow db upgrade head`" in found["migrations"].fix


async def test_a_runtime_role_with_bypassrls_is_reported_and_the_fix_repairs_it(
    pg_server: TestServer,
    installation: tuple[Settings, DatabaseTarget],
    worker_alive: None,
    tmp_path: Path,
) -> None:
    settings, _target = installation
    runtime = settings.db_runtime_role
    _superuser(pg_server, f'ALTER ROLE "{runtime}" BYPASSRLS')
    try:
        found = await _run(*installation, tmp_path)
        assert set(_problems(found)) == {"role runtime"}
        assert "BYPASSRLS" in found["role runtime"].detail
        statement = re.search(r"ALTER ROLE [^;]+;", found["role runtime"].fix)
        assert statement, found["role runtime"].fix
        _superuser(pg_server, statement.group(0))
        assert _problems(await _run(*installation, tmp_path)) == {}
    finally:
        _superuser(pg_server, f'ALTER ROLE "{runtime}" NOBYPASSRLS')


async def test_unwritable_storage_is_reported(
    installation: tuple[Settings, DatabaseTarget], worker_alive: None, tmp_path: Path
) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data directory should be")  # unwritable even as root
    found = await _run(*installation, tmp_path, storage=LocalStorage(blocked / "files"))
    assert set(_problems(found)) == {"storage"}
    assert f"cannot write to {blocked / 'files'}" in found["storage"].detail
    assert "HIREFLOW_DATA_DIR" in found["storage"].fix


async def test_smtp_is_checked_when_configured(
    installation: tuple[Settings, DatabaseTarget], worker_alive: None, tmp_path: Path
) -> None:
    down = await _run(
        *installation, tmp_path, smtp_host="127.0.0.1", smtp_port=free_port(), smtp_starttls=False
    )
    assert set(_problems(down)) == {"smtp"}
    assert "unreachable" in down["smtp"].detail
    assert "HIREFLOW_SMTP_HOST" in down["smtp"].fix

    server = SmtpServer()
    server.start()
    try:
        up = await _run(
            *installation,
            tmp_path,
            smtp_host="127.0.0.1",
            smtp_port=server.port,
            smtp_starttls=False,
        )
    finally:
        server.stop()
    assert up["smtp"].status == "ok"
    assert up["smtp"].detail == f"127.0.0.1:{server.port} answers"


async def test_a_stale_worker_heartbeat_is_reported(
    pg_server: TestServer, installation: tuple[Settings, DatabaseTarget], tmp_path: Path
) -> None:
    _superuser(pg_server, "UPDATE worker_heartbeats SET beat_at = now() - interval '1 hour'")
    found = await _run(*installation, tmp_path)
    assert set(_problems(found)) == {"worker"}
    assert re.match(r"last heartbeat 360\ds ago \(limit 60s\)", found["worker"].detail)
    assert "`hireflow worker`" in found["worker"].fix


async def test_calendar_secrets_no_configured_key_decrypts_are_reported(
    installation: tuple[Settings, DatabaseTarget], worker_alive: None, tmp_path: Path
) -> None:
    settings, target = installation
    stranger = Keyring(keys=(("retired", os.urandom(32)),))
    current = keyring_from_settings(settings)
    database = Database.connect(target, pool_size=1)
    try:
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            kept, lost = (
                await make_user(session, Role.SENIOR),
                await make_user(session, Role.SENIOR),
            )
            session.add_all(
                [
                    CalendarConnection(
                        user_id=kept.id, provider="caldav", credentials=current.encrypt(b"{}")
                    ),
                    CalendarConnection(
                        user_id=lost.id, provider="caldav", credentials=stranger.encrypt(b"{}")
                    ),
                ]
            )
        found = await _run(settings, target, tmp_path)
        assert set(_problems(found)) == {"calendar secrets"}
        assert found["calendar secrets"].detail.endswith("calendar_connections: 1")
        assert "HIREFLOW_SECRET_KEYS" in found["calendar secrets"].fix
    finally:
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            await session.execute(text("DELETE FROM calendar_connections"))
        await database.dispose()
