"""Interviews use the recruiter's real calendar: a busy event in CalDAV (Radicale) hides the
overlapping slot from the candidate and refuses a hold on it; booking writes the interview's
event (the e-mail's UID and SEQUENCE) to the calendar, cancelling removes it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text

from hireflow import worker
from hireflow.automation.service import Trigger
from hireflow.calendars import connections
from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.interviews import flows, ics
from hireflow.interviews import service as interviews
from hireflow.interviews.messages import Env
from hireflow.interviews.service import SlotTaken
from hireflow.kit.secrets import instance_secret
from tests.calendars.conftest import USERS
from tests.calendars.radicale_server import RadicaleServer
from tests.interviews.helpers import Fixture, drop, make_open_interviews

NOW = datetime(2026, 10, 1, 6, 0, tzinfo=UTC)  # a Thursday; Berlin is UTC+2
BUSY_START = datetime(2026, 10, 2, 8, 0, tzinfo=UTC)  # Friday 10:00-11:00 in Berlin
BUSY = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:dentist\r\n"
    "DTSTART:20261002T080000Z\r\nDTEND:20261002T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture
async def booked_world(
    database: Database, settings: Settings, radicale_server: RadicaleServer, dav_calendar: Any
) -> AsyncIterator[Fixture]:
    worker.bind_database(database, settings)
    fixture = await make_open_interviews(database, 1)
    dav_calendar.save_event(BUSY)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await connections.connect_caldav(
            session,
            fixture.recruiter_id,
            url=radicale_server.url,
            calendar_url=str(dav_calendar.url),
            username="alice",
            password=USERS["alice"],
            zone="Europe/Berlin",
            settings=settings,
            now=NOW,
        )
    async with worker.app.open_async():
        yield fixture
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(
            text("DELETE FROM procrastinate_jobs WHERE task_name = 'write_calendar_event'")
        )
        await session.execute(
            text("DELETE FROM email_outbox WHERE check_ref = ANY(:ids)"),
            {"ids": fixture.interview_ids},
        )
    await drop(database, fixture)


async def _run_calendar_writes() -> None:
    await worker.app.run_worker_async(
        wait=False, install_signal_handlers=False, queues=["calendars"], concurrency=1
    )


def _uids(dav_calendar: Any) -> dict[str, int]:
    return {
        str(e.icalendar_component["UID"]): int(e.icalendar_component.get("SEQUENCE", 0))
        for e in dav_calendar.events()
    }


async def test_busy_calendar_hides_slot_and_lifecycle_writes_events(
    booked_world: Fixture, database: Database, settings: Settings, dav_calendar: Any
) -> None:
    env = Env(settings, instance_secret(settings))
    interview_id = booked_world.interview_ids[0]
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        interview = await interviews.get_interview(session, interview_id)
        own_only = await interviews.offer_slots(session, interview, now=NOW)
        offered = await flows.offer_slots(session, interview, now=NOW)
    assert any(s.start == BUSY_START for s in own_only)  # free by hireflow's own bookings
    assert all(s.start != BUSY_START for s in offered)  # busy in the recruiter's calendar
    assert len(offered) == len(own_only) - 1

    with pytest.raises(SlotTaken):  # a hold on the busy time is refused before the insert
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            interview = await interviews.get_interview(session, interview_id)
            await flows.book_slot(session, interview, BUSY_START, now=NOW)

    chosen = offered[0]
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        interview = await interviews.get_interview(session, interview_id)
        await flows.book_slot(session, interview, chosen.start, now=NOW)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        interview = await interviews.get_interview(session, interview_id)
        booked = await flows.confirm(session, env, interview, now=NOW)
        sequence = booked.ics_sequence
        mail_ics = (
            await session.execute(
                text(
                    "SELECT ics FROM email_outbox WHERE check_ref = :id "
                    "AND kind = 'confirmation' AND ics IS NOT NULL LIMIT 1"
                ),
                {"id": interview_id},
            )
        ).scalar_one()
    uid = ics.event_uid(interview_id)
    assert uid in mail_ics and f"SEQUENCE:{sequence}" in mail_ics
    assert _uids(dav_calendar) == {"dentist": 0}  # written after commit, by the worker
    await _run_calendar_writes()
    assert _uids(dav_calendar) == {"dentist": 0, uid: sequence}  # same UID/SEQUENCE as mail

    async with unit_of_work(database.system_sessions, SYSTEM) as session:  # reschedule
        interview = await interviews.get_interview(session, interview_id)
        await flows.reschedule(session, env, interview, now=NOW, trigger=Trigger.MANUAL)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        interview = await interviews.get_interview(session, interview_id)
        await flows.book_slot(session, interview, offered[1].start, now=NOW)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        interview = await interviews.get_interview(session, interview_id)
        moved = await flows.confirm(session, env, interview, now=NOW)
    assert moved.ics_sequence == sequence + 1
    await _run_calendar_writes()
    assert _uids(dav_calendar) == {"dentist": 0, uid: sequence + 1}  # same UID, moved
    stored = next(e for e in dav_calendar.events() if str(e.icalendar_component["UID"]) == uid)
    assert stored.icalendar_component.decoded("DTSTART") == offered[1].start

    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        interview = await interviews.get_interview(session, interview_id)
        await flows.reschedule(session, env, interview, now=NOW, trigger=Trigger.MANUAL)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:  # while re-picking
        interview = await interviews.get_interview(session, interview_id)
        await flows.cancel(session, env, interview, now=NOW, trigger=Trigger.MANUAL)
    await _run_calendar_writes()
    assert _uids(dav_calendar) == {"dentist": 0}
