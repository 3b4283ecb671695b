"""Background jobs of the calendars domain; each runs in one transaction as the system actor."""

from __future__ import annotations

import uuid

import httpx
import structlog

from hireflow import queue
from hireflow.calendars import service, writes
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.kit.time import utcnow

log = structlog.get_logger(__name__)


@queue.app.task(name=writes.WRITE_TASK, queue="calendars", pass_context=False)
async def write_calendar_event_task(event_id: str) -> None:
    """One try at writing an interview event; retries are deferred by the write itself."""
    settings = queue.settings()
    async with (
        httpx.AsyncClient(timeout=settings.calendar_timeout_seconds) as http,
        unit_of_work(queue.database().system_sessions, SYSTEM) as session,
    ):
        outcome = await writes.write_event(
            session, uuid.UUID(event_id), settings=settings, now=utcnow(), http=http
        )
    log.info("calendar.write", event_id=event_id, outcome=outcome)


@queue.app.periodic(cron="*/5 * * * *", periodic_id="requeue_calendar_events")
@queue.app.task(
    name="requeue_calendar_events", queueing_lock="requeue_calendar_events", pass_context=False
)
async def requeue_calendar_events_task(timestamp: int) -> None:
    """Every 5 minutes: events whose provider was down get another 3 tries."""
    async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
        count = await writes.requeue_due(session, utcnow())
    if count:
        log.info("calendar.requeued", count=count)


@queue.app.periodic(cron="*/5 * * * *", periodic_id="poll_google_calendars")
@queue.app.task(
    name="poll_google_calendars", queueing_lock="poll_google_calendars", pass_context=False
)
async def poll_google_calendars_task(timestamp: int) -> None:
    """Every 5 minutes: pull Google changes through sync tokens (full resync on a 410)."""
    settings = queue.settings()
    async with (
        httpx.AsyncClient(timeout=settings.calendar_timeout_seconds) as http,
        unit_of_work(queue.database().system_sessions, SYSTEM) as session,
    ):
        count = await service.poll_google_mirrors(session, settings, http, utcnow())
    if count:
        log.info("calendar.polled", count=count)
