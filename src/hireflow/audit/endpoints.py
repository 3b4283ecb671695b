"""JSON API of the activity log (admins)."""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import APIRouter, Query

from hireflow.audit import repository
from hireflow.audit.schemas import ActivityOut
from hireflow.auth.dependencies import require
from hireflow.auth.permissions import Action, Resource
from hireflow.db.dependencies import DbSession
from hireflow.kit.pagination import MAX_LIMIT, Page, cursor_part, decode_cursor, encode_cursor

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get(
    "", response_model=Page[ActivityOut], dependencies=[require(Action.VIEW, Resource.AUDIT_LOG)]
)
async def browse_activity(
    session: DbSession,
    user_id: uuid.UUID | None = None,
    entity_type: str | None = None,
    entity_id: uuid.UUID | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    cursor: str | None = None,
) -> Page[ActivityOut]:
    """Newest first; filter by user, entity, action and time; follow ``next_cursor``."""
    after = None
    if cursor:
        created, row_id = decode_cursor(cursor, 2)
        after = (cursor_part(created, datetime.fromisoformat), cursor_part(row_id, uuid.UUID))
    filters = repository.ActivityFilter(user_id, entity_type, entity_id, action, since, until)
    rows = await repository.browse(session, filters, limit=limit + 1, after=after)
    items = [ActivityOut.model_validate(row) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = encode_cursor(last.created_at.isoformat(), last.id)
    return Page[ActivityOut](items=items, next_cursor=next_cursor)
