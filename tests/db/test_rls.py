"""The runtime role cannot bypass row-level security, and the RLS context never leaks."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.ext.asyncio import create_async_engine

from hireflow.config import Settings
from hireflow.db.server import DatabaseTarget
from hireflow.db.session import Actor, unit_of_work

ALICE = uuid.UUID("00000000-0000-4000-8000-00000000a11c")
BOB = uuid.UUID("00000000-0000-4000-8000-000000000b0b")


@pytest.fixture
def rls_probe(db_target: DatabaseTarget, settings: Settings) -> Iterator[str]:
    """A table owned by the owner role, ENABLE + FORCE RLS, rows visible to their owner only."""
    engine = create_engine(db_target.migration_url)
    with engine.begin() as conn:
        conn.execute(
            text("""
            CREATE TABLE rls_probe (id serial PRIMARY KEY, owner_id uuid NOT NULL, note text);
            ALTER TABLE rls_probe ENABLE ROW LEVEL SECURITY;
            ALTER TABLE rls_probe FORCE ROW LEVEL SECURITY;
            CREATE POLICY rls_probe_owner ON rls_probe USING (
                owner_id = nullif(current_setting('hireflow.user_id', true), '')::uuid)
              WITH CHECK (
                owner_id = nullif(current_setting('hireflow.user_id', true), '')::uuid);
        """)
        )
        conn.execute(text(f'GRANT SELECT, INSERT ON rls_probe TO "{settings.db_runtime_role}"'))
        conn.execute(
            text(f'GRANT USAGE ON SEQUENCE rls_probe_id_seq TO "{settings.db_runtime_role}"')
        )
        # Rows inserted by the owner: FORCE means even the owner needs the setting.
        for owner, note in ((ALICE, "alice-1"), (ALICE, "alice-2"), (BOB, "bob-1")):
            conn.execute(text("SELECT set_config('hireflow.user_id', :u, true)"), {"u": str(owner)})
            conn.execute(
                text("INSERT INTO rls_probe (owner_id, note) VALUES (:o, :n)"),
                {"o": owner, "n": note},
            )
    yield "rls_probe"
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE rls_probe"))
    engine.dispose()


async def test_runtime_role_is_neither_superuser_nor_bypassrls(db_target: DatabaseTarget) -> None:
    engine = create_async_engine(db_target.runtime_url)
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            )
        ).one()
        owned = await conn.scalar(
            text(
                "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
                "WHERE r.rolname = current_user"
            )
        )
    await engine.dispose()
    assert (row.rolsuper, row.rolbypassrls) == (False, False)
    assert owned == 0


async def test_runtime_role_sees_only_its_rows(rls_probe: str, db_target: DatabaseTarget) -> None:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    engine = create_async_engine(db_target.runtime_url)
    sessions = async_sessionmaker(engine)
    async with unit_of_work(sessions, Actor(ALICE, "junior_recruiter")) as session:
        notes = (await session.scalars(text("SELECT note FROM rls_probe ORDER BY note"))).all()
        assert notes == ["alice-1", "alice-2"]
        # Turning RLS off is not possible for this role.
        with pytest.raises(Exception, match=r"row_security|permission|must be owner"):
            async with session.begin_nested():
                await session.execute(text("ALTER TABLE rls_probe DISABLE ROW LEVEL SECURITY"))
    async with unit_of_work(sessions, Actor(BOB, "junior_recruiter")) as session:
        assert (await session.scalars(text("SELECT note FROM rls_probe"))).all() == ["bob-1"]
        with pytest.raises(Exception, match="row-level security"):
            async with session.begin_nested():
                await session.execute(
                    text("INSERT INTO rls_probe (owner_id, note) VALUES (:o, 'forged')"),
                    {"o": ALICE},
                )
    async with unit_of_work(sessions) as session:  # no setting at all
        assert (await session.scalars(text("SELECT note FROM rls_probe"))).all() == []
    await engine.dispose()


async def test_setting_does_not_leak_to_next_transaction_on_pooled_connection(
    rls_probe: str, db_target: DatabaseTarget
) -> None:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    engine = create_async_engine(db_target.runtime_url, pool_size=1, max_overflow=0)
    sessions = async_sessionmaker(engine)
    async with unit_of_work(sessions, Actor(ALICE, "admin")) as session:
        backend_1 = await session.scalar(text("SELECT pg_backend_pid()"))
        assert await session.scalar(text("SELECT count(*) FROM rls_probe")) == 2
    # A plain Core connection: no unit of work, so nothing sets the context for it.
    async with engine.connect() as conn:
        backend_2 = await conn.scalar(text("SELECT pg_backend_pid()"))
        leaked = await conn.scalar(
            text(
                "SELECT coalesce(current_setting('hireflow.user_id', true), '') "
                "|| coalesce(current_setting('hireflow.role', true), '')"
            )
        )
        visible = await conn.scalar(text("SELECT count(*) FROM rls_probe"))
    await engine.dispose()
    assert backend_1 == backend_2, "the pool must have reused the same connection"
    assert leaked == ""
    assert visible == 0
