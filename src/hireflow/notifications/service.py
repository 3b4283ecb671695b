"""Send, list and mark notifications."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.kit.errors import NotFound
from hireflow.kit.time import utcnow
from hireflow.notifications.models import Notification


async def notify(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    kind: str,
    title: str,
    body: str = "",
    link: str | None = None,
) -> None:
    """Leave a notification for ``user_id`` in the caller's transaction."""
    await session.execute(
        insert(Notification).values(
            id=uuid.uuid4(),
            user_id=user_id,
            kind=kind,
            title=title[:300],
            body=body,
            link=link,
        )
    )


async def unread(
    session: AsyncSession, user_id: uuid.UUID, *, limit: int = 20
) -> list[Notification]:
    return list(
        await session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .order_by(Notification.created_at.desc())
            .limit(limit)
        )
    )


async def mark_read(session: AsyncSession, user_id: uuid.UUID, notification_id: uuid.UUID) -> None:
    result = await session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.user_id == user_id)
        .values(read_at=utcnow())
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise NotFound("No such notification.")


async def notify_many(
    session: AsyncSession, notices: list[tuple[uuid.UUID, str, str, str, str | None]]
) -> None:
    """Many notifications ``(user_id, kind, title, body, link)`` in one statement."""
    if not notices:
        return
    await session.execute(
        insert(Notification),
        [
            {
                "id": uuid.uuid4(),
                "user_id": user_id,
                "kind": kind,
                "title": title[:300],
                "body": body,
                "link": link,
            }
            for user_id, kind, title, body, link in notices
        ],
    )
