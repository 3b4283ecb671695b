"""FastAPI dependencies for the database: one request = one unit of work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.engine import Database
from hireflow.db.session import ANONYMOUS, Actor, unit_of_work


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def current_actor(request: Request) -> Actor:
    actor: Actor = getattr(request.state, "actor", ANONYMOUS)
    return actor


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's transaction, as its actor; committed when the endpoint returns normally."""
    database = get_database(request)
    async with unit_of_work(database.runtime_sessions, current_actor(request)) as session:
        yield session


# scope="function": commit before the response is sent, so a failed commit is an error response.
DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]
