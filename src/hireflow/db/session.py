"""Unit of work: one transaction per request or job, with the actor's RLS context set inside it.

Every transaction of a session begins with ``set_config('hireflow.claim', …, true)``: the
actor signed for this backend (``db/identity.py``), which the database verifies before any
policy believes it; ``hireflow.user_id`` / ``hireflow.role`` are set alongside for trusted
logins and for reading. Transaction-local, so nothing leaks to the next user of a pooled
connection. Services never commit; whoever opened the unit of work does.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, SessionTransaction

from hireflow.db import identity
from hireflow.kit.errors import HireflowError

ACTOR_KEY = "hireflow.actor"
_SET_CONTEXT = text(
    "SELECT set_config('hireflow.user_id', :user_id, true), "
    "set_config('hireflow.role', :role, true), set_config('hireflow.claim', :claim, true)"
)


@dataclass(frozen=True)
class Actor:
    """Who a transaction acts for. Anonymous when both are None."""

    user_id: UUID | None = None
    role: str | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None


ANONYMOUS = Actor()
SYSTEM = Actor(role="system")


def _context(actor: Actor, backend_pid: int) -> dict[str, str]:
    user_id, role = str(actor.user_id) if actor.user_id else "", actor.role or ""
    claim = identity.sign_claim(user_id, role, backend_pid)
    return {"user_id": user_id, "role": role, "claim": claim}


def _backend_pid(connection: Connection) -> int:
    driver = connection.connection.driver_connection
    return int(driver.info.backend_pid) if driver is not None else 0


@event.listens_for(Session, "after_begin")
def _apply_actor(session: Session, _tx: SessionTransaction, connection: Connection) -> None:
    actor: Actor = session.info.get(ACTOR_KEY, ANONYMOUS)
    connection.execute(_SET_CONTEXT, _context(actor, _backend_pid(connection)))


def requester_of(session: AsyncSession) -> dict[str, str]:
    """Who this session acts for, signed, for a job's arguments (``requested_by``): the task
    re-checks what that identity may do before it acts (:func:`requester_actor`)."""
    actor: Actor = session.info.get(ACTOR_KEY, ANONYMOUS)
    user_id, role = str(actor.user_id) if actor.user_id else "", actor.role or ""
    return {"user_id": user_id, "role": role, "mac": identity.sign_requester(user_id, role)}


def requester_actor(requested_by: dict[str, str] | None) -> Actor | None:
    """The actor a job was requested by; SYSTEM for jobs without one (system-scheduled, or
    queued before jobs carried it); None when the signature does not hold."""
    if requested_by is None:
        return SYSTEM
    user_id, role = requested_by.get("user_id", ""), requested_by.get("role", "")
    expected = identity.sign_requester(user_id, role)
    if not expected or not hmac.compare_digest(expected, requested_by.get("mac", "")):
        return None
    try:
        return Actor(UUID(user_id) if user_id else None, role or None)
    except ValueError:
        return None


def actor_of(session: AsyncSession) -> Actor:
    """Who ``session``'s transactions act for (anonymous when nobody was bound)."""
    actor: Actor = session.info.get(ACTOR_KEY, ANONYMOUS)
    return actor


def bind_actor(session: AsyncSession, actor: Actor) -> None:
    """Make ``actor`` the RLS identity of every transaction ``session`` begins from now on."""
    session.info[ACTOR_KEY] = actor


async def switch_actor(session: AsyncSession, actor: Actor) -> None:
    """Change the RLS identity inside the current transaction (after authentication)."""
    bind_actor(session, actor)
    connection = await session.connection()
    pid = await connection.run_sync(_backend_pid)
    await session.execute(_SET_CONTEXT, _context(actor, pid))


@asynccontextmanager
async def unit_of_work(
    sessions: async_sessionmaker[AsyncSession], actor: Actor = ANONYMOUS, **kwargs: Any
) -> AsyncIterator[AsyncSession]:
    """Open a session, run one transaction as ``actor``; commit on success, roll back on error.

    An error that says ``keep_changes`` (see ``kit.errors``) commits before it propagates.
    """
    async with sessions(**kwargs) as session:
        bind_actor(session, actor)
        await session.begin()
        try:
            yield session
        except HireflowError as exc:
            await (session.commit() if exc.keep_changes else session.rollback())
            raise
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()
