"""JSON API and page actions of one's own notifications."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict

from hireflow.auth.dependencies import CurrentUser, optional_user, require
from hireflow.auth.permissions import Action, Resource
from hireflow.db.dependencies import DbSession
from hireflow.kit.errors import Unauthenticated
from hireflow.notifications import service

router = APIRouter(tags=["notifications"])


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    title: str
    body: str
    link: str | None
    created_at: datetime


@router.get("/api/notifications", response_model=list[NotificationOut])
async def my_notifications(
    session: DbSession, user: Annotated[CurrentUser, require(Action.VIEW, Resource.OWN_ACCOUNT)]
) -> list[NotificationOut]:
    """Unread notifications, newest first."""
    return [NotificationOut.model_validate(n) for n in await service.unread(session, user.id)]


@router.post("/api/notifications/{notification_id}/read", status_code=status.HTTP_204_NO_CONTENT)
async def mark_read(
    notification_id: uuid.UUID,
    session: DbSession,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.OWN_ACCOUNT)],
) -> Response:
    await service.mark_read(session, user.id, notification_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/notifications/{notification_id}/read", include_in_schema=False)
async def mark_read_from_page(
    request: Request,
    notification_id: uuid.UUID,
    session: DbSession,
    user: Annotated[CurrentUser | None, Depends(optional_user)],
) -> Response:
    if user is None:
        raise Unauthenticated("Sign in first.")
    await service.mark_read(session, user.id, notification_id)
    return RedirectResponse("/", status_code=303)
