"""Test harness: one real PostgreSQL for the session, schema built by ``alembic upgrade head``.

The embedded server (in a temporary directory) is used unless ``HIREFLOW_TEST_DATABASE_URL``
names an administrative connection to another server. Tests connect as the runtime role, so
row-level security applies, and each test runs in a transaction rolled back at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from hireflow.config import Settings
from hireflow.db import identity, migrate
from hireflow.db.embedded import SUPERUSER
from hireflow.db.engine import Database
from hireflow.db.server import DatabaseTarget, resolve_database
from hireflow.db.session import SYSTEM, bind_actor
from tests.factories import SignedIn

_SESSION_ROOTS: list[Path] = []
_SERVERS: list[TestServer] = []


def _session_root() -> Path:
    """This session's own temporary root (other sessions may run on the same machine)."""
    if not _SESSION_ROOTS:
        _SESSION_ROOTS.append(Path(tempfile.mkdtemp(prefix="hireflow-test-session-")))
    return _SESSION_ROOTS[0]


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """``tmp_path`` directories live under this session's own root. By default they share
    ``/tmp/pytest-of-<user>``, whose mode every starting pytest session resets to 0700: run as
    root, that takes away the traverse bit the embedded server's service user needs, and a
    server another session starts in a ``tmp_path`` then fails ("Permission denied"). An
    explicit ``--basetemp`` is kept."""
    if config.option.basetemp is None:
        config.option.basetemp = str(_session_root() / "pytest")


class TestServer:
    """The PostgreSQL server of this test session, able to make more databases on demand."""

    __test__ = False

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="hireflow-test-", dir=_session_root()))
        admin = os.environ.get("HIREFLOW_TEST_DATABASE_URL")
        self.admin_url = admin
        self.base_settings = Settings(
            data_dir=self.tmp,
            database_url=admin,
            db_name="hireflow_test",
            load_demo_data=False,
            log_level="WARNING",
            _env_file=None,  # type: ignore[call-arg]
        )
        self.targets: dict[str, DatabaseTarget] = {}
        self.created_databases: list[str] = []

    def settings_for(self, db_name: str) -> Settings:
        return self.base_settings.model_copy(update={"db_name": db_name})

    def target(self, db_name: str) -> DatabaseTarget:
        if db_name not in self.targets:
            settings = self.settings_for(db_name)
            if self.admin_url:
                self._create_external_database(db_name)
                admin = resolve_database(settings)
                self.targets[db_name] = replace(
                    admin,
                    migration_url=admin.migration_url.set(database=db_name),
                    runtime_url=admin.runtime_url.set(database=db_name),
                    system_url=admin.system_url.set(database=db_name),
                )
            else:
                self.targets[db_name] = resolve_database(settings, fast_unsafe=True)
        return self.targets[db_name]

    def superuser_url(self, db_name: str | None = None) -> URL:
        """The embedded superuser's URL, or the external administrator's (maybe no superuser)."""
        if self.admin_url:
            from hireflow.db.server import normalise_url

            admin = normalise_url(self.admin_url)
            return admin.set(database=db_name or admin.database)
        db_name = db_name or "postgres"
        target = self.target("hireflow_test")
        from sqlalchemy.engine import make_url

        return make_url(target.embedded.url(SUPERUSER, db_name))

    def drop_database(self, db_name: str) -> None:
        engine = create_engine(self.superuser_url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
        engine.dispose()
        self.targets.pop(db_name, None)
        if db_name in self.created_databases:
            self.created_databases.remove(db_name)

    def _create_external_database(self, db_name: str) -> None:
        """As the administrator: the roles, a database the owner role owns, and its grants."""
        from hireflow.db.provision import provision

        assert self.admin_url
        provision(self.admin_url, self.base_settings, apply=True)
        engine = create_engine(self.superuser_url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            if not conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname=:n"), {"n": db_name}
            ).first():
                conn.execute(
                    text(f'CREATE DATABASE "{db_name}" OWNER "{self.base_settings.db_owner_role}"')
                )
                self.created_databases.append(db_name)
        engine.dispose()
        url = self.superuser_url(db_name).render_as_string(hide_password=False)
        provision(url, self.base_settings, apply=True)

    def close(self) -> None:
        for db_name in list(self.created_databases):
            self.drop_database(db_name)
        for target in self.targets.values():
            if target.embedded is not None:
                target.embedded.stop()
                break
        shutil.rmtree(self.tmp, ignore_errors=True)


def running_postmasters() -> dict[int, Path]:
    """Every PostgreSQL postmaster on this machine, by pid, with its data directory."""
    found: dict[int, Path] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if args and args[0].endswith("postgres") and "-D" in args[:-1]:
            found[int(entry.name)] = Path(args[args.index("-D") + 1])
    return found


def stop_leftover_servers(roots: list[Path]) -> list[Path]:
    """Stop the embedded servers whose data lives under ``roots`` (what tests started)."""
    from hireflow.db.embedded import EmbeddedPostgres

    stopped = []
    for data_dir in running_postmasters().values():
        if any(data_dir.is_relative_to(root) for root in roots):
            EmbeddedPostgres(data_dir).stop()
            stopped.append(data_dir)
    return stopped


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """However the run ended, no PostgreSQL started by a test outlives it."""
    roots = list(_SESSION_ROOTS)
    basetemp = session.config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]
    roots.append(Path(basetemp))
    stop_leftover_servers(roots)
    for root in _SESSION_ROOTS:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _keep_the_identity_key() -> Iterator[None]:
    """A command run in-process (CliRunner) binds the signing key of *its* settings, as a real
    command does in its own process; put the suite's key back afterwards."""
    saved = dict(identity._state)
    yield
    identity._state.clear()
    identity._state.update(saved)
    if _SERVERS:  # the suite's databases all share the base settings' instance secret
        identity.use_key(_SERVERS[-1].base_settings)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[TestServer]:
    server = TestServer()
    _SERVERS.append(server)
    yield server
    server.close()


@pytest.fixture(scope="session")
def settings(pg_server: TestServer) -> Settings:
    return pg_server.settings_for("hireflow_test")


@pytest.fixture(scope="session")
def db_target(pg_server: TestServer, settings: Settings) -> DatabaseTarget:
    target = pg_server.target("hireflow_test")
    migrate.upgrade(settings, target.migration_url, "head")
    return target


@pytest.fixture(scope="session")
async def database(db_target: DatabaseTarget) -> AsyncIterator[Database]:
    db = Database.connect(db_target, pool_size=4)
    yield db
    await db.dispose()


@pytest.fixture
async def db_connection(database: Database) -> AsyncIterator[AsyncConnection]:
    """A runtime-role connection whose outer transaction is rolled back after the test."""
    async with database.runtime_engine.connect() as conn:
        transaction = await conn.begin()
        yield conn
        await transaction.rollback()


@pytest.fixture
def test_database(database: Database, db_connection: AsyncConnection) -> Database:
    """The app's Database, with every session joined to the test's rolled-back transaction."""
    sessions = async_sessionmaker(
        bind=db_connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    return replace(database, runtime_sessions=sessions, system_sessions=sessions)


@pytest.fixture
async def session(test_database: Database) -> AsyncIterator[AsyncSession]:
    async with test_database.runtime_sessions() as s:
        bind_actor(s, SYSTEM)
        yield s


@pytest.fixture
async def client(settings: Settings, test_database: Database) -> AsyncIterator[httpx.AsyncClient]:
    from hireflow.app import create_app

    app = create_app(settings, database=test_database, run_worker=False)
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as c,
        app.router.lifespan_context(app),
    ):
        yield c


@pytest.fixture
def secret_key(settings: Settings) -> bytes:
    from hireflow.kit.secrets import instance_secret

    return instance_secret(settings)


@pytest.fixture
async def people(session: AsyncSession, secret_key: bytes) -> dict[str, SignedIn]:
    """One signed-in user per role: ``people["admin"].headers`` etc."""
    from hireflow.auth.roles import Role
    from tests.factories import make_user, sign_in

    result: dict[str, SignedIn] = {}
    for key, role in (
        ("admin", Role.ADMIN),
        ("senior", Role.SENIOR),
        ("junior", Role.JUNIOR),
        ("junior2", Role.JUNIOR),
    ):
        result[key] = await sign_in(session, secret_key, await make_user(session, role))
    return result
