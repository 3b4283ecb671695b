"""The calendars domain's operations for other domains (interviews) and its own pages.

Busy time: :func:`busy_intervals` (call it before the booking transaction's insert; the
exclusion constraint stays the last word). Interview events: :func:`create_interview_event`,
:func:`update_interview_event`, :func:`cancel_interview_event` store the desired state (the
outbox row) and defer the remote write in the caller's transaction; the write runs after
commit (:mod:`hireflow.calendars.writes`). All of it is gated by the ``calendar_integration``
feature flag; with the flag off, events still reach the recruiter's ICS feed.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.automation.service import Flag, flags
from hireflow.calendars import breaker, busy, repository
from hireflow.calendars.connections import mark_auth_failure, provider_for, store_tokens
from hireflow.calendars.models import CalendarConnection, CalendarEvent
from hireflow.calendars.providers.base import AuthFailed, CalendarError
from hireflow.calendars.providers.google import GoogleProvider, calendar_of
from hireflow.calendars.providers.ics import event_calendar
from hireflow.calendars.schemas import Health, InterviewEvent, ProviderKind
from hireflow.config import Settings
from hireflow.kit.errors import NotFound
from hireflow.kit.time import Interval, utcnow

__all__ = [
    "BusyTime",
    "Interval",
    "InterviewEvent",
    "busy_intervals",
    "busy_time",
    "cancel_interview_event",
    "create_interview_event",
    "feed_ics",
    "sync_enabled",
    "update_interview_event",
]

log = structlog.get_logger(__name__)
WRITE_TASK = "write_calendar_event"
REMOTE_KINDS = (ProviderKind.CALDAV.value, ProviderKind.GOOGLE.value)


@dataclass(frozen=True)
class BusyTime:
    """Busy intervals and whether they are complete (False: the provider failed and these
    are stale or empty; show a warning, the booking still goes ahead)."""

    intervals: list[Interval]
    complete: bool = True
    detail: str | None = None


class BusyCache:
    """A short per-process cache of busy time, so the booking right after the slot list
    does not fetch again. Keyed by connection, its version and the range."""

    def __init__(self) -> None:
        self._entries: dict[tuple[object, ...], tuple[float, list[Interval]]] = {}

    def get(self, key: tuple[object, ...], ttl: float, clock: float) -> list[Interval] | None:
        found = self._entries.get(key)
        if found is None or clock - found[0] > ttl:
            return None
        return found[1]

    def stale(self, key: tuple[object, ...]) -> list[Interval] | None:
        found = self._entries.get(key)
        return None if found is None else found[1]

    def put(self, key: tuple[object, ...], intervals: list[Interval], clock: float) -> None:
        if len(self._entries) > 1000:
            self._entries.clear()
        self._entries[key] = (clock, intervals)

    def clear(self) -> None:
        self._entries.clear()


CACHE = BusyCache()


async def sync_enabled(session: AsyncSession) -> bool:
    return (await flags(session)).get(Flag.CALENDAR_INTEGRATION.value, False)


async def busy_intervals(
    session: AsyncSession,
    user_id: uuid.UUID,
    start: datetime,
    end: datetime,
    *,
    settings: Settings | None = None,
    http: httpx.AsyncClient | None = None,
    now: datetime | None = None,
) -> list[Interval]:
    """The recruiter's merged busy intervals in ``[start, end)`` (UTC), from their calendar."""
    found = await busy_time(session, user_id, start, end, settings=settings, http=http, now=now)
    return found.intervals


async def busy_time(
    session: AsyncSession,
    user_id: uuid.UUID,
    start: datetime,
    end: datetime,
    *,
    settings: Settings | None = None,
    http: httpx.AsyncClient | None = None,
    now: datetime | None = None,
    clock: float | None = None,
) -> BusyTime:
    """:func:`busy_intervals` with its completeness. Needs a session that may read the
    user's connection (the user themself or the system actor)."""
    settings = settings or queue.settings()
    now = now or utcnow()
    clock = time.monotonic() if clock is None else clock
    if not await sync_enabled(session):
        return BusyTime([])
    connection = await repository.connection_of(session, user_id)
    if connection is None or connection.provider not in REMOTE_KINDS:
        return BusyTime([])
    if connection.health != Health.OK.value:
        return BusyTime([], complete=False, detail="The calendar needs to be connected again.")
    key = (connection.id, connection.updated_at, start, end)
    cached = CACHE.get(key, settings.calendar_busy_cache_seconds, clock)
    if cached is not None:
        return BusyTime(cached)
    try:
        intervals = await _fetch_busy(session, connection, start, end, settings, http, now)
    except CalendarError as exc:
        stale = CACHE.stale(key)
        log.warning("calendar.busy_unavailable", connection_id=str(connection.id), error=str(exc))
        return BusyTime(stale or [], complete=False, detail=str(exc))
    CACHE.put(key, intervals, clock)
    return BusyTime(intervals)


async def _fetch_busy(
    session: AsyncSession,
    connection: CalendarConnection,
    start: datetime,
    end: datetime,
    settings: Settings,
    http: httpx.AsyncClient | None,
    now: datetime,
) -> list[Interval]:
    if await breaker.is_open(session, _breaker_key(connection), now):
        raise CalendarError("The calendar provider is failing; trying again shortly.")
    own = await repository.own_event_uids(session, connection.user_id)
    async with _HttpClient(http, settings) as client:
        provider = provider_for(connection, settings, http=client, now=now)
        try:
            if isinstance(provider, GoogleProvider):
                await sync_mirror(session, connection, provider, settings, now)
                texts = await repository.mirrored_events(session, connection.id)
                calendars = [calendar_of(texts)] if texts else []
            else:
                calendars = await provider.events(start - busy.QUERY_SLACK, end + busy.QUERY_SLACK)
        except AuthFailed as exc:
            await mark_auth_failure(session, connection, str(exc), now)
            raise
        except CalendarError:
            await breaker.record_failure(
                session,
                provider.breaker_key,
                now,
                threshold=settings.calendar_breaker_failures,
                cooldown=timedelta(seconds=settings.calendar_breaker_cooldown_seconds),
            )
            raise
        await breaker.record_success(session, provider.breaker_key, now)
        await store_tokens(session, connection, provider, settings)
    return busy.busy_from_calendars(calendars, start, end, connection.zone, ignore_uids=own)


async def sync_mirror(
    session: AsyncSession,
    connection: CalendarConnection,
    provider: GoogleProvider,
    settings: Settings,
    now: datetime,
    *,
    max_age: timedelta | None = None,
) -> bool:
    """Bring the Google mirror up to date (incremental; full on a 410). False if fresh."""
    age = (
        max_age if max_age is not None else timedelta(seconds=settings.calendar_busy_cache_seconds)
    )
    if connection.synced_at is not None and now - connection.synced_at < age:
        return False
    result = await provider.sync(connection.sync_token)
    await repository.apply_mirror(
        session, connection, result.changed, result.removed, full=result.full
    )
    connection.sync_token = result.sync_token
    connection.synced_at = now
    await session.flush()
    return True


async def poll_google_mirrors(
    session: AsyncSession, settings: Settings, http: httpx.AsyncClient, now: datetime
) -> int:
    """Keep every healthy Google mirror fresh (polling with sync tokens; push channels need a
    public HTTPS URL). Returns how many were synced. Runs as the system actor."""
    if not await sync_enabled(session):
        return 0
    synced = 0
    for connection in await repository.all_connections(session):
        if connection.provider != ProviderKind.GOOGLE.value or connection.health != Health.OK.value:
            continue
        if await breaker.is_open(session, "google", now):
            break
        try:
            provider = provider_for(connection, settings, http=http, now=now)
            assert isinstance(provider, GoogleProvider)
            synced += await sync_mirror(session, connection, provider, settings, now)
            await store_tokens(session, connection, provider, settings)
        except AuthFailed as exc:
            await mark_auth_failure(session, connection, str(exc), now)
        except CalendarError as exc:
            log.warning("calendar.poll_failed", connection_id=str(connection.id), error=str(exc))
            await breaker.record_failure(
                session,
                "google",
                now,
                threshold=settings.calendar_breaker_failures,
                cooldown=timedelta(seconds=settings.calendar_breaker_cooldown_seconds),
            )
    return synced


def _breaker_key(connection: CalendarConnection) -> str:
    if connection.provider == ProviderKind.CALDAV.value:
        parts = urlsplit(str(connection.settings.get("url", "")))
        return f"caldav:{parts.hostname}:{parts.port or ''}"
    return connection.provider


class _HttpClient:
    """The caller's HTTP client, or a short-lived one."""

    def __init__(self, given: httpx.AsyncClient | None, settings: Settings) -> None:
        self.given = given
        self.settings = settings
        self.own: httpx.AsyncClient | None = None

    async def __aenter__(self) -> httpx.AsyncClient:
        if self.given is not None:
            return self.given
        self.own = httpx.AsyncClient(timeout=self.settings.calendar_timeout_seconds)
        return self.own

    async def __aexit__(self, *exc: object) -> None:
        if self.own is not None:
            await self.own.aclose()


# --- interview events ----------------------------------------------------------------------
async def create_interview_event(
    session: AsyncSession, user_id: uuid.UUID, event: InterviewEvent, *, now: datetime | None = None
) -> InterviewEvent:
    """On booking: write ``event`` to ``user_id``'s calendar after commit. Returns the event
    as stored (use it for the ICS invitation). Booking twice with one UID updates."""
    return await _put_event(session, user_id, event, cancelled=False, now=now)


async def update_interview_event(
    session: AsyncSession, user_id: uuid.UUID, event: InterviewEvent, *, now: datetime | None = None
) -> InterviewEvent:
    """On reschedule: same UID, SEQUENCE raised above anything sent before."""
    return await _put_event(session, user_id, event, cancelled=False, now=now)


async def cancel_interview_event(
    session: AsyncSession, user_id: uuid.UUID, uid: str, *, now: datetime | None = None
) -> InterviewEvent:
    """On cancellation: the event is deleted from the calendar (and shown cancelled in the
    feed); returns it with its raised SEQUENCE for the ``METHOD:CANCEL`` email."""
    row = await repository.event_by_uid(session, user_id, uid, for_update=True)
    if row is None:
        raise NotFound("No calendar event has that UID.")
    return await _put_event(
        session, user_id, InterviewEvent.from_json(row.payload), cancelled=True, now=now
    )


async def _put_event(
    session: AsyncSession,
    user_id: uuid.UUID,
    event: InterviewEvent,
    *,
    cancelled: bool,
    now: datetime | None,
) -> InterviewEvent:
    now = now or utcnow()
    row = await repository.event_by_uid(session, user_id, event.uid, for_update=True)
    if row is None:
        row = CalendarEvent(id=uuid.uuid4(), user_id=user_id, uid=event.uid, attempts=0)
        session.add(row)
    else:
        event = event.with_sequence(max(event.sequence, row.sequence + 1))
    row.sequence = event.sequence
    row.payload = event.to_json()
    row.cancelled = cancelled
    row.attempts = 0
    row.last_error = None
    connection = await repository.connection_of(session, user_id)
    remote = (
        connection is not None
        and connection.provider in REMOTE_KINDS
        and await sync_enabled(session)
    )
    row.status = "pending" if remote else "local"
    row.next_attempt_at = now if remote else None
    await session.flush()
    if remote:
        await queue.defer(
            session, WRITE_TASK, lock=f"calendar_event:{row.id}", event_id=str(row.id)
        )
    return event


async def event_states(session: AsyncSession, user_id: uuid.UUID) -> list[CalendarEvent]:
    return list(await repository.events_of(session, user_id))


async def feed_ics(session: AsyncSession, user_id: uuid.UUID, *, name: str) -> bytes:
    """The recruiter's own interview calendar (the ICS fallback), cancelled ones marked."""
    rows = await repository.events_of(session, user_id)
    pairs = [(InterviewEvent.from_json(r.payload), r.cancelled) for r in rows]
    return bytes(event_calendar(pairs, name=name).to_ical())
