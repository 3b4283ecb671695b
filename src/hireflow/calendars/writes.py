"""The remote write of one interview event, run by the queue after the booking committed.

The ``calendar_events`` row holds the desired state; this brings the remote calendar to it
(create, update with the same UID and a higher SEQUENCE, or delete), so running it twice is
harmless. Failures: credentials refused → the connection ``needs_reauth`` (the row waits and
is written once it is connected again); the provider down → up to 3 tries with exponential
backoff, then ``failed`` until the circuit breaker lets calls through again, when the
periodic sweep re-queues it. The caller's booking never waits for any of it.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.calendars import breaker, repository
from hireflow.calendars.connections import (
    mark_auth_failure,
    mark_healthy,
    provider_for,
    store_tokens,
)
from hireflow.calendars.models import CalendarEvent
from hireflow.calendars.providers.base import AuthFailed, CalendarError
from hireflow.calendars.schemas import Health, InterviewEvent, ProviderKind
from hireflow.config import Settings

log = structlog.get_logger(__name__)
MAX_TRIES = 3
WRITE_TASK = "write_calendar_event"


async def write_event(
    session: AsyncSession,
    event_id: uuid.UUID,
    *,
    settings: Settings,
    now: datetime,
    http: httpx.AsyncClient,
) -> str:
    """One attempt at bringing the remote calendar to the row's state; returns the outcome."""
    row = await repository.event_by_id(session, event_id)
    if row is None:
        return "gone"
    if row.status in ("written", "local"):
        return row.status
    connection = await repository.connection_of(session, row.user_id)
    if connection is None or connection.provider not in (
        ProviderKind.CALDAV.value,
        ProviderKind.GOOGLE.value,
    ):
        row.status, row.next_attempt_at = "local", None
        return "local"
    if connection.health != Health.OK.value:
        row.next_attempt_at, row.last_error = None, "waiting for the calendar to be reconnected"
        return "waiting"
    try:
        provider = provider_for(connection, settings, http=http, now=now)
    except AuthFailed as exc:
        await mark_auth_failure(session, connection, str(exc), now)
        return "needs_reauth"
    if await breaker.is_open(session, provider.breaker_key, now):
        row.status = "failed"
        row.next_attempt_at = now + timedelta(seconds=settings.calendar_breaker_cooldown_seconds)
        row.last_error = "the provider's circuit breaker is open"
        return "breaker_open"
    event = InterviewEvent.from_json(row.payload)
    try:
        if row.cancelled:
            if row.remote_ref:
                await provider.delete_event(row.remote_ref, event)
        elif row.remote_ref and row.connection_id == connection.id:
            row.remote_ref = await provider.update_event(row.remote_ref, event)
        else:
            row.remote_ref = await provider.create_event(event)
    except AuthFailed as exc:
        await mark_auth_failure(session, connection, str(exc), now)
        row.next_attempt_at, row.last_error = None, str(exc)
        return "needs_reauth"
    except CalendarError as exc:
        await breaker.record_failure(
            session,
            provider.breaker_key,
            now,
            threshold=settings.calendar_breaker_failures,
            cooldown=timedelta(seconds=settings.calendar_breaker_cooldown_seconds),
        )
        return await _retry_later(session, row, str(exc), settings, now)
    await breaker.record_success(session, provider.breaker_key, now)
    await store_tokens(session, connection, provider, settings)
    await mark_healthy(session, connection, now)
    row.connection_id = connection.id
    row.status, row.written_sequence = "written", row.sequence
    row.attempts, row.next_attempt_at, row.last_error = 0, None, None
    await session.flush()
    return "written"


async def _retry_later(
    session: AsyncSession, row: CalendarEvent, error: str, settings: Settings, now: datetime
) -> str:
    row.attempts += 1
    row.last_error = error[:500]
    if row.attempts < MAX_TRIES:
        wait = timedelta(seconds=settings.calendar_write_backoff_seconds * 2 ** (row.attempts - 1))
        row.next_attempt_at = now + wait
        await session.flush()
        await queue.defer(
            session,
            WRITE_TASK,
            lock=f"calendar_event:{row.id}",
            schedule_at=row.next_attempt_at,
            event_id=str(row.id),
        )
        return "retrying"
    row.status = "failed"
    row.next_attempt_at = now + timedelta(seconds=settings.calendar_breaker_cooldown_seconds)
    await session.flush()
    log.warning("calendar.write_failed", event_id=str(row.id), attempts=row.attempts)
    return "failed"


async def requeue_due(session: AsyncSession, now: datetime) -> int:
    """Re-queue events whose retry time came (the provider may be back): a fresh 3 tries."""
    count = 0
    for event_id in await repository.due_events(session, now):
        row = await repository.event_by_id(session, event_id)
        if row is None:
            continue
        row.status, row.attempts, row.next_attempt_at = "pending", 0, None
        await queue.defer(
            session, WRITE_TASK, lock=f"calendar_event:{row.id}", event_id=str(row.id)
        )
        count += 1
    await session.flush()
    return count
