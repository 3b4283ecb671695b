"""Busy time and interview events against a real Radicale CalDAV server on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.roles import Role
from hireflow.calendars import connections, repository, service, writes
from hireflow.calendars.schemas import Attendee, InterviewEvent
from hireflow.config import Settings
from hireflow.kit.crypto import keyring_from_settings
from hireflow.kit.time import Interval
from hireflow.notifications.models import Notification
from tests.calendars.conftest import USERS
from tests.calendars.radicale_server import RadicaleServer
from tests.factories import make_user

NOW = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def vcal(*events: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\n"
        + "".join(e.strip().replace("\n", "\r\n") + "\r\n" for e in events)
        + "END:VCALENDAR\r\n"
    )


WEEKLY_BERLIN = """
BEGIN:VEVENT
UID:weekly-sync
DTSTART;TZID=Europe/Berlin:20261015T100000
DTEND;TZID=Europe/Berlin:20261015T110000
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=Europe/Berlin:20261022T100000
SUMMARY:Weekly sync
END:VEVENT
BEGIN:VEVENT
UID:weekly-sync
RECURRENCE-ID;TZID=Europe/Berlin:20261029T100000
DTSTART;TZID=Europe/Berlin:20261029T140000
DTEND;TZID=Europe/Berlin:20261029T150000
SUMMARY:Weekly sync (moved)
END:VEVENT
"""


@pytest.fixture
async def recruiter(session: AsyncSession) -> Any:
    return await make_user(session, Role.SENIOR)


async def connect(
    session: AsyncSession, recruiter: Any, server: RadicaleServer, calendar: Any, settings: Settings
) -> Any:
    return await connections.connect_caldav(
        session,
        recruiter.id,
        url=server.url,
        username="alice",
        password=USERS["alice"],
        zone="Europe/Berlin",
        settings=settings,
        now=NOW,
        calendar_url=str(calendar.url),
    )


async def test_busy_time_honours_transparency_cancellation_recurrence_and_all_day(
    session: AsyncSession,
    recruiter: Any,
    radicale_server: RadicaleServer,
    dav_calendar: Any,
    settings: Settings,
) -> None:
    dav_calendar.save_event(vcal(WEEKLY_BERLIN))
    dav_calendar.save_event(
        vcal(
            "BEGIN:VEVENT\nUID:ny-call\nDTSTART;TZID=America/New_York:20261020T090000\n"
            "DTEND;TZID=America/New_York:20261020T100000\nSUMMARY:Call with NY\nEND:VEVENT"
        )
    )
    dav_calendar.save_event(
        vcal(
            "BEGIN:VEVENT\nUID:focus\nDTSTART:20261021T100000Z\nDTEND:20261021T110000Z\n"
            "TRANSP:TRANSPARENT\nSUMMARY:Focus (free)\nEND:VEVENT"
        )
    )
    dav_calendar.save_event(
        vcal(
            "BEGIN:VEVENT\nUID:cancelled\nDTSTART:20261021T120000Z\nDTEND:20261021T130000Z\n"
            "STATUS:CANCELLED\nSUMMARY:Cancelled lunch\nEND:VEVENT"
        )
    )
    dav_calendar.save_event(
        vcal(
            "BEGIN:VEVENT\nUID:offsite\nDTSTART;VALUE=DATE:20261027\nDTEND;VALUE=DATE:20261028\n"
            "SUMMARY:Offsite\nEND:VEVENT"
        )
    )
    await connect(session, recruiter, radicale_server, dav_calendar, settings)

    busy = await service.busy_intervals(
        session, recruiter.id, utc(2026, 10, 12), utc(2026, 11, 9), settings=settings, now=NOW
    )

    assert busy == [
        Interval(utc(2026, 10, 15, 8), utc(2026, 10, 15, 9)),  # CEST: 10:00 is 08:00Z
        Interval(utc(2026, 10, 20, 13), utc(2026, 10, 20, 14)),  # New York 09:00 EDT
        # 22 Oct excluded; the all-day offsite is Berlin's 27 Oct (CET, after the change)
        Interval(utc(2026, 10, 26, 23), utc(2026, 10, 27, 23)),
        Interval(utc(2026, 10, 29, 13), utc(2026, 10, 29, 14)),  # the moved occurrence, CET
        Interval(utc(2026, 11, 5, 9), utc(2026, 11, 5, 10)),  # CET: 10:00 is 09:00Z
    ]


async def test_busy_time_is_cached_briefly_then_refetched(
    session: AsyncSession,
    recruiter: Any,
    radicale_server: RadicaleServer,
    dav_calendar: Any,
    settings: Settings,
) -> None:
    await connect(session, recruiter, radicale_server, dav_calendar, settings)
    window = (utc(2026, 10, 20), utc(2026, 10, 21))
    first = await service.busy_time(session, recruiter.id, *window, settings=settings, clock=0.0)
    assert first.intervals == [] and first.complete
    dav_calendar.save_event(
        vcal("BEGIN:VEVENT\nUID:late\nDTSTART:20261020T100000Z\nDTEND:20261020T110000Z\nEND:VEVENT")
    )
    cached = await service.busy_time(session, recruiter.id, *window, settings=settings, clock=30.0)
    assert cached.intervals == [], "within the TTL the booking does not refetch"
    later = await service.busy_time(session, recruiter.id, *window, settings=settings, clock=61.0)
    assert later.intervals == [Interval(utc(2026, 10, 20, 10), utc(2026, 10, 20, 11))]


async def test_interview_event_created_moved_and_removed(
    session: AsyncSession,
    recruiter: Any,
    radicale_server: RadicaleServer,
    dav_calendar: Any,
    settings: Settings,
) -> None:
    await connect(session, recruiter, radicale_server, dav_calendar, settings)
    event = InterviewEvent(
        uid="interview-42@hireflow.test",
        sequence=0,
        start=utc(2026, 10, 20, 9),
        end=utc(2026, 10, 20, 10),
        zone="Europe/Berlin",
        summary="Interview: Ada Lovelace, Backend engineer",
        organizer_email="recruiter@example.test",
        attendees=(Attendee("ada@example.test", "Ada Lovelace"),),
        url="https://meet.example.test/ada",
    )
    async with httpx.AsyncClient() as http:
        stored = await service.create_interview_event(session, recruiter.id, event, now=NOW)
        row = await repository.event_by_uid(session, recruiter.id, event.uid)
        assert row is not None and row.status == "pending"
        assert await writes.write_event(session, row.id, settings=settings, now=NOW, http=http) == (
            "written"
        )
        remote = dav_calendar.search(
            start=utc(2026, 10, 19), end=utc(2026, 10, 22), event=True, expand=False
        )
        assert [str(r.icalendar_component["UID"]) for r in remote] == [event.uid]
        assert remote[0].icalendar_component["DTSTART"].dt == utc(2026, 10, 20, 9)

        # Hireflow's own interview is not counted as busy (the interviews table rules it).
        assert (
            await service.busy_intervals(
                session, recruiter.id, utc(2026, 10, 19), utc(2026, 10, 22), settings=settings
            )
            == []
        )

        moved = await service.update_interview_event(
            session,
            recruiter.id,
            InterviewEvent(
                **{**event.__dict__, "start": utc(2026, 10, 21, 13), "end": utc(2026, 10, 21, 14)}
            ),
            now=NOW,
        )
        assert moved.sequence == stored.sequence + 1
        await writes.write_event(session, row.id, settings=settings, now=NOW, http=http)
        remote = dav_calendar.search(
            start=utc(2026, 10, 19), end=utc(2026, 10, 22), event=True, expand=False
        )
        assert len(remote) == 1
        component = remote[0].icalendar_component
        assert str(component["UID"]) == event.uid
        assert component["DTSTART"].dt == utc(2026, 10, 21, 13)
        assert int(component["SEQUENCE"]) == moved.sequence

        cancelled = await service.cancel_interview_event(session, recruiter.id, event.uid, now=NOW)
        assert cancelled.sequence == moved.sequence + 1
        await writes.write_event(session, row.id, settings=settings, now=NOW, http=http)
        assert (
            dav_calendar.search(
                start=utc(2026, 10, 19), end=utc(2026, 10, 22), event=True, expand=False
            )
            == []
        )
        feed = await service.feed_ics(session, recruiter.id, name="Interviews")
        assert b"STATUS:CANCELLED" in feed and b"interview-42@hireflow.test" in feed


async def test_wrong_password_moves_to_needs_reauth_with_one_notification(
    session: AsyncSession,
    recruiter: Any,
    radicale_server: RadicaleServer,
    dav_calendar: Any,
    settings: Settings,
) -> None:
    connection = await connect(session, recruiter, radicale_server, dav_calendar, settings)
    # The recruiter revoked the app password on the server side.
    connection.credentials = keyring_from_settings(settings).encrypt_json({"password": "revoked"})
    await session.flush()
    window = (utc(2026, 10, 20), utc(2026, 10, 21))

    first = await service.busy_time(session, recruiter.id, *window, settings=settings, now=NOW)
    assert not first.complete
    assert connection.health == "needs_reauth"
    event = InterviewEvent(
        uid="interview-7@hireflow.test",
        sequence=0,
        start=utc(2026, 10, 20, 9),
        end=utc(2026, 10, 20, 10),
        zone="UTC",
        summary="Interview",
        organizer_email="recruiter@example.test",
    )
    await service.create_interview_event(session, recruiter.id, event, now=NOW)
    row = await repository.event_by_uid(session, recruiter.id, event.uid)
    assert row is not None
    async with httpx.AsyncClient() as http:
        outcome = await writes.write_event(session, row.id, settings=settings, now=NOW, http=http)
    assert outcome == "waiting"
    await service.busy_time(session, recruiter.id, *window, settings=settings, now=NOW)

    count = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == recruiter.id, Notification.kind == "calendar_needs_reauth")
    )
    assert count == 1

    # Reconnecting with the right password makes it healthy and wakes the waiting event.
    await connect(session, recruiter, radicale_server, dav_calendar, settings)
    assert connection.health == "ok" and connection.reauth_notified_at is None
    await session.refresh(row)
    assert row.next_attempt_at == NOW


async def test_wrong_password_is_refused_when_connecting(
    session: AsyncSession, recruiter: Any, radicale_server: RadicaleServer, settings: Settings
) -> None:
    from hireflow.kit.errors import Unprocessable

    with pytest.raises(Unprocessable, match="refused"):
        await connections.connect_caldav(
            session,
            recruiter.id,
            url=radicale_server.url,
            username="alice",
            password="not it",
            zone="Europe/Berlin",
            settings=settings,
            now=NOW,
        )
    assert await repository.connection_of(session, recruiter.id) is None


async def test_provider_down_retries_three_times_then_waits_for_the_breaker(
    session: AsyncSession, recruiter: Any, settings: Settings
) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    keyring = keyring_from_settings(settings)
    from hireflow.calendars.models import CalendarConnection

    session.add(
        CalendarConnection(
            user_id=recruiter.id,
            provider="caldav",
            zone="UTC",
            settings={"url": f"http://127.0.0.1:{dead_port}/", "username": "alice"},
            credentials=keyring.encrypt_json({"password": "x"}),
        )
    )
    await session.flush()
    event = InterviewEvent(
        uid="interview-9@hireflow.test",
        sequence=0,
        start=utc(2026, 10, 20, 9),
        end=utc(2026, 10, 20, 10),
        zone="UTC",
        summary="Interview",
        organizer_email="recruiter@example.test",
    )
    await service.create_interview_event(session, recruiter.id, event, now=NOW)
    row = await repository.event_by_uid(session, recruiter.id, event.uid)
    assert row is not None
    tight = settings.model_copy(
        update={"calendar_breaker_failures": 3, "calendar_timeout_seconds": 2}
    )
    outcomes = []
    async with httpx.AsyncClient() as http:
        for attempt in range(4):
            at = NOW + timedelta(minutes=attempt)
            outcomes.append(
                await writes.write_event(session, row.id, settings=tight, now=at, http=http)
            )
            if row.status == "failed":
                break
    assert outcomes == ["retrying", "retrying", "failed"]
    assert row.attempts == 3 and row.last_error
    # The breaker is open for everyone now: the next attempt does not even call the provider.
    row.status = "pending"
    async with httpx.AsyncClient() as http:
        assert (
            await writes.write_event(
                session, row.id, settings=tight, now=NOW + timedelta(minutes=5), http=http
            )
            == "breaker_open"
        )
    assert row.next_attempt_at is not None
    # When the cool-down passes, the sweep re-queues it with a fresh three tries.
    later = row.next_attempt_at + timedelta(seconds=1)
    assert await writes.requeue_due(session, later) == 1
    assert row.status == "pending" and row.attempts == 0


async def test_discovery_from_the_server_url_finds_the_account_calendar(
    session: AsyncSession, recruiter: Any, radicale_server: RadicaleServer, settings: Settings
) -> None:
    from tests.calendars.conftest import DavCalendar

    bobs = DavCalendar(radicale_server.url, "bob", USERS["bob"])
    try:
        connection = await connections.connect_caldav(
            session,
            recruiter.id,
            url=radicale_server.url,
            username="bob",
            password=USERS["bob"],
            zone="UTC",
            settings=settings,
            now=NOW,
        )
        assert connection.settings["calendar_url"] == bobs.url
    finally:
        bobs.delete()
