"""Record and browse the activity log. Secrets never reach it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit import repository
from hireflow.audit.models import ActivityLog
from hireflow.audit.repository import ActivityFilter

__all__ = ["ActivityFilter", "browse_activity", "record_activity", "scrub"]

_SECRET_MARKERS = ("password", "token", "secret", "api_key", "hash", "credential")
REDACTED = "[redacted]"


class EntityType(StrEnum):
    CANDIDATE = "candidate"
    RESUME = "resume"
    REVIEW = "review"
    ASSIGNMENT = "assignment"
    USER = "user"
    PROMPT = "prompt"
    JOB = "job"
    APPLICATION = "application"
    SESSION = "session"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    VIEW = "view"
    DOWNLOAD = "download"
    ASSIGN = "assign"
    UNASSIGN = "unassign"
    LOGIN = "login"
    LOGOUT = "logout"
    MERGE = "merge"
    EXPORT = "export"


@dataclass(frozen=True)
class RequestMeta:
    """Where a change came from: the client's address and user agent."""

    ip_address: str | None = None
    user_agent: str | None = None


def scrub(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """A JSON-safe copy of ``values`` with every secret-looking field redacted."""
    if values is None:
        return None
    return {key: _scrub_value(key, value) for key, value in values.items()}


def _scrub_value(key: str, value: Any) -> Any:
    if any(marker in key.lower() for marker in _SECRET_MARKERS):
        return REDACTED
    if isinstance(value, dict):
        return scrub(value)
    if isinstance(value, list | tuple):
        return [_scrub_value("", item) for item in value]
    if isinstance(value, uuid.UUID | datetime | date):
        return str(value) if isinstance(value, uuid.UUID) else value.isoformat()
    if isinstance(value, StrEnum):
        return str(value)
    return value


async def record_activity(
    session: AsyncSession,
    *,
    user_id: uuid.UUID | None,
    action: AuditAction,
    entity_type: EntityType,
    entity_id: uuid.UUID,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    meta: RequestMeta | None = None,
) -> None:
    """Append one row to the activity log, in the caller's transaction."""
    meta = meta or RequestMeta()
    await session.execute(
        insert(ActivityLog).values(
            id=uuid.uuid4(),
            user_id=user_id,
            action=str(action),
            entity_type=str(entity_type),
            entity_id=entity_id,
            old_values=scrub(old),
            new_values=scrub(new),
            ip_address=meta.ip_address,
            user_agent=(meta.user_agent or "")[:500] or None,
        )
    )


async def browse_activity(
    session: AsyncSession,
    filters: ActivityFilter,
    *,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None = None,
) -> list[ActivityLog]:
    """The activity log, newest first (row-level security: admins and the system only)."""
    return await repository.browse(session, filters, limit=limit, after=after)
