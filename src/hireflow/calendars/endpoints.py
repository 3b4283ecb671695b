"""JSON API: one's own calendar connection (health, never credentials)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel

from hireflow.auth.dependencies import CurrentUser, require
from hireflow.auth.permissions import Action, Resource
from hireflow.calendars import repository
from hireflow.db.dependencies import DbSession
from hireflow.kit.errors import NotFound

router = APIRouter(tags=["calendars"])


class ConnectionOut(BaseModel):
    provider: str
    zone: str
    health: str
    health_detail: str | None
    checked_at: datetime | None
    synced_at: datetime | None


@router.get("/api/calendar/connection", response_model=ConnectionOut)
async def my_connection(
    session: DbSession, user: Annotated[CurrentUser, require(Action.VIEW, Resource.OWN_ACCOUNT)]
) -> ConnectionOut:
    """The signed-in user's calendar connection and its health."""
    connection = await repository.connection_of(session, user.id)
    if connection is None:
        raise NotFound("No calendar is connected.")
    return ConnectionOut(
        provider=connection.provider,
        zone=connection.zone,
        health=connection.health,
        health_detail=connection.health_detail,
        checked_at=connection.checked_at,
        synced_at=connection.synced_at,
    )
