"""Queries of the activity log (newest first, keyset-paginated)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.models import ActivityLog


@dataclass(frozen=True)
class ActivityFilter:
    user_id: uuid.UUID | None = None
    entity_type: str | None = None
    entity_id: uuid.UUID | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


async def browse(
    session: AsyncSession,
    filters: ActivityFilter,
    *,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None = None,
) -> list[ActivityLog]:
    query = select(ActivityLog)
    conditions = []
    if filters.user_id:
        conditions.append(ActivityLog.user_id == filters.user_id)
    if filters.entity_type:
        conditions.append(ActivityLog.entity_type == filters.entity_type)
    if filters.entity_id:
        conditions.append(ActivityLog.entity_id == filters.entity_id)
    if filters.action:
        conditions.append(ActivityLog.action == filters.action)
    if filters.since:
        conditions.append(ActivityLog.created_at >= filters.since)
    if filters.until:
        conditions.append(ActivityLog.created_at < filters.until)
    if after is not None:
        created, row_id = after
        conditions.append(
            or_(
                ActivityLog.created_at < created,
                and_(ActivityLog.created_at == created, ActivityLog.id < row_id),
            )
        )
    if conditions:
        query = query.where(*conditions)
    query = query.order_by(ActivityLog.created_at.desc(), ActivityLog.id.desc()).limit(limit)
    return list(await session.scalars(query))
