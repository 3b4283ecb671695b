"""L2: two admins demoting each other at the same moment: one wins, the other gets 409."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from hireflow.audit.service import RequestMeta
from hireflow.auth import accounts
from hireflow.auth.roles import Role
from hireflow.auth.schemas import UserCreate, UserUpdate
from hireflow.db import migrate
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, Actor, unit_of_work
from hireflow.kit.errors import Conflict
from tests.conftest import TestServer

DB = "hireflow_admin_race"


@pytest.fixture
async def committed(pg_server: TestServer) -> AsyncIterator[Database]:
    """A database of its own: both transactions must commit for the race to be real."""
    settings = pg_server.settings_for(DB)
    target = pg_server.target(DB)
    await asyncio.to_thread(migrate.upgrade, settings, target.migration_url, "head")
    database = Database.connect(target, pool_size=4)
    try:
        yield database
    finally:
        await database.dispose()
        pg_server.drop_database(DB)


async def _admin(database: Database) -> uuid.UUID:
    async with unit_of_work(database.runtime_sessions, SYSTEM) as session:
        user, _ = await accounts.create_user(
            session,
            UserCreate(
                email=f"admin-{uuid.uuid4().hex[:8]}@example.test",
                first_name="A",
                last_name="Dmin",
                role=Role.ADMIN,
                password="a long enough passphrase 1",
            ),
            actor_id=None,
            meta=RequestMeta(),
        )
        return user.id


async def _demote(database: Database, actor: uuid.UUID, target: uuid.UUID) -> str:
    try:
        async with unit_of_work(database.runtime_sessions, Actor(actor, Role.ADMIN)) as session:
            await accounts.update_user(
                session, target, UserUpdate(role=Role.SENIOR), actor_id=actor, meta=RequestMeta()
            )
    except Conflict:
        return "conflict"
    return "demoted"


async def test_mutual_demotion_never_deadlocks(committed: Database) -> None:
    for _ in range(4):
        async with unit_of_work(committed.runtime_sessions, SYSTEM) as session:
            await session.execute(text("UPDATE users SET role = 'senior_recruiter'"))
        first, second = await _admin(committed), await _admin(committed)
        outcomes = await asyncio.gather(
            _demote(committed, first, second), _demote(committed, second, first)
        )
        assert sorted(outcomes) == ["conflict", "demoted"]
