"""The event write is deferred in the caller's transaction and performed after commit by the
worker; with the ``calendar_integration`` flag off nothing is synced."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import worker
from hireflow.auth.models import User
from hireflow.auth.roles import Role
from hireflow.automation.service import set_flag
from hireflow.calendars import connections, repository, service
from hireflow.calendars.schemas import InterviewEvent
from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from tests.calendars.conftest import USERS
from tests.calendars.radicale_server import RadicaleServer
from tests.factories import make_user

NOW = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def interview(uid: str) -> InterviewEvent:
    return InterviewEvent(
        uid=uid,
        sequence=0,
        start=datetime(2026, 10, 20, 9, tzinfo=UTC),
        end=datetime(2026, 10, 20, 10, tzinfo=UTC),
        zone="Europe/Berlin",
        summary="Interview",
        organizer_email="recruiter@example.test",
    )


@pytest.fixture
async def committed_recruiter(
    database: Database, settings: Settings
) -> AsyncIterator[tuple[uuid.UUID, Database]]:
    worker.bind_database(database, settings)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        user = await make_user(session, Role.SENIOR)
        user_id = user.id
    async with worker.app.open_async():
        yield user_id, database
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(
            text("DELETE FROM procrastinate_jobs WHERE task_name = 'write_calendar_event'")
        )
        await session.execute(delete(User).where(User.id == user_id))


async def test_write_runs_after_commit_through_the_worker(
    committed_recruiter: tuple[uuid.UUID, Database],
    settings: Settings,
    radicale_server: RadicaleServer,
    dav_calendar: Any,
) -> None:
    user_id, database = committed_recruiter
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await connections.connect_caldav(
            session,
            user_id,
            url=radicale_server.url,
            calendar_url=str(dav_calendar.url),
            username="alice",
            password=USERS["alice"],
            zone="Europe/Berlin",
            settings=settings,
            now=NOW,
        )

    class Abort(Exception):
        pass

    with pytest.raises(Abort):  # a booking that rolls back leaves no event and no job
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            await service.create_interview_event(session, user_id, interview("rolled-back"))
            raise Abort
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await service.create_interview_event(session, user_id, interview("booked@hireflow.test"))
        jobs = await session.scalar(
            text("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'write_calendar_event'")
        )
        assert jobs == 1
    assert dav_calendar.events() == []  # nothing remote before the worker runs

    await worker.app.run_worker_async(
        wait=False, install_signal_handlers=False, queues=["calendars"], concurrency=1
    )
    assert [str(e.icalendar_component["UID"]) for e in dav_calendar.events()] == [
        "booked@hireflow.test"
    ]
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        row = await repository.event_by_uid(session, user_id, "booked@hireflow.test")
        assert row is not None and row.status == "written" and row.written_sequence == 0
        assert await repository.event_by_uid(session, user_id, "rolled-back") is None


async def test_flag_off_means_no_busy_time_and_no_remote_write(
    session: AsyncSession,
    settings: Settings,
    radicale_server: RadicaleServer,
    dav_calendar: Any,
) -> None:
    recruiter = await make_user(session, Role.SENIOR)
    dav_calendar.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:m\r\n"
        "DTSTART:20261020T100000Z\r\nDTEND:20261020T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    await connections.connect_caldav(
        session,
        recruiter.id,
        url=radicale_server.url,
        calendar_url=str(dav_calendar.url),
        username="alice",
        password=USERS["alice"],
        zone="UTC",
        settings=settings,
        now=NOW,
    )
    window = (datetime(2026, 10, 20, tzinfo=UTC), datetime(2026, 10, 21, tzinfo=UTC))
    assert await service.busy_intervals(session, recruiter.id, *window, settings=settings)
    service.CACHE.clear()
    await set_flag(session, "calendar_integration", False)
    assert await service.busy_intervals(session, recruiter.id, *window, settings=settings) == []
    before = await session.scalar(select(func.count()).select_from(text("procrastinate_jobs")))
    await service.create_interview_event(session, recruiter.id, interview("flag-off"))
    row = await repository.event_by_uid(session, recruiter.id, "flag-off")
    assert row is not None and row.status == "local"  # still in the recruiter's ICS feed
    after = await session.scalar(select(func.count()).select_from(text("procrastinate_jobs")))
    assert after == before
