"""Every query of the calendars domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.calendars.models import CalendarConnection, CalendarEvent, OAuthState, RemoteEvent


async def connection_of(
    session: AsyncSession, user_id: uuid.UUID, *, for_update: bool = False
) -> CalendarConnection | None:
    query = select(CalendarConnection).where(CalendarConnection.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    connection: CalendarConnection | None = await session.scalar(query)
    return connection


async def all_connections(session: AsyncSession) -> Sequence[CalendarConnection]:
    return (await session.scalars(select(CalendarConnection).order_by(CalendarConnection.id))).all()


async def event_by_uid(
    session: AsyncSession, user_id: uuid.UUID, uid: str, *, for_update: bool = False
) -> CalendarEvent | None:
    query = select(CalendarEvent).where(CalendarEvent.user_id == user_id, CalendarEvent.uid == uid)
    if for_update:
        query = query.with_for_update()
    event: CalendarEvent | None = await session.scalar(query)
    return event


async def event_by_id(session: AsyncSession, event_id: uuid.UUID) -> CalendarEvent | None:
    event: CalendarEvent | None = await session.scalar(
        select(CalendarEvent).where(CalendarEvent.id == event_id).with_for_update()
    )
    return event


async def events_of(session: AsyncSession, user_id: uuid.UUID) -> Sequence[CalendarEvent]:
    return (
        await session.scalars(
            select(CalendarEvent)
            .where(CalendarEvent.user_id == user_id)
            .order_by(CalendarEvent.created_at, CalendarEvent.id)
        )
    ).all()


async def own_event_uids(session: AsyncSession, user_id: uuid.UUID) -> set[str]:
    rows = await session.execute(
        select(CalendarEvent.uid, CalendarEvent.remote_ref).where(CalendarEvent.user_id == user_id)
    )
    found: set[str] = set()
    for uid, ref in rows.all():
        found.add(uid)
        if ref:
            found.add(ref)
    return found


async def due_events(session: AsyncSession, now: datetime, limit: int = 200) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(CalendarEvent.id)
        .where(
            CalendarEvent.status.in_(("pending", "failed")),
            CalendarEvent.next_attempt_at.is_not(None),
            CalendarEvent.next_attempt_at <= now,
        )
        .order_by(CalendarEvent.next_attempt_at)
        .limit(limit)
    )
    return list(rows)


async def mirrored_events(session: AsyncSession, connection_id: uuid.UUID) -> list[str]:
    rows = await session.scalars(
        select(RemoteEvent.ical).where(RemoteEvent.connection_id == connection_id)
    )
    return list(rows)


async def apply_mirror(
    session: AsyncSession,
    connection: CalendarConnection,
    changed: dict[str, str],
    removed: set[str],
    *,
    full: bool,
) -> None:
    if full:
        await session.execute(delete(RemoteEvent).where(RemoteEvent.connection_id == connection.id))
    if removed:
        await session.execute(
            delete(RemoteEvent).where(
                RemoteEvent.connection_id == connection.id, RemoteEvent.remote_id.in_(removed)
            )
        )
    for remote_id, ical in changed.items():
        await session.execute(
            insert(RemoteEvent)
            .values(
                connection_id=connection.id,
                user_id=connection.user_id,
                remote_id=remote_id,
                ical=ical,
            )
            .on_conflict_do_update(
                index_elements=[RemoteEvent.connection_id, RemoteEvent.remote_id],
                set_={"ical": ical},
            )
        )


async def save_oauth_state(session: AsyncSession, state: OAuthState) -> None:
    session.add(state)
    await session.flush()


async def take_oauth_state(
    session: AsyncSession, state_hash: str, user_id: uuid.UUID
) -> OAuthState | None:
    state: OAuthState | None = await session.scalar(
        select(OAuthState).where(OAuthState.state_hash == state_hash, OAuthState.user_id == user_id)
    )
    if state is not None:
        await session.delete(state)
        await session.flush()
    return state


async def wake_waiting_events(session: AsyncSession, user_id: uuid.UUID, now: datetime) -> None:
    """After a reconnect: events that waited for the credentials are due now."""
    await session.execute(
        update(CalendarEvent)
        .where(
            CalendarEvent.user_id == user_id,
            CalendarEvent.status.in_(("pending", "failed")),
        )
        .values(next_attempt_at=now, attempts=0)
    )
