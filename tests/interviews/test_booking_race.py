"""50 candidates book the same slot at once, each on its own real connection: exactly one
booking, 49 clean 409s with fresh slots (the exclusion constraint decides, not a check)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import text

from hireflow.automation.service import Trigger
from hireflow.db.engine import Database
from hireflow.db.server import DatabaseTarget
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.interviews import service as interviews
from tests.interviews.helpers import drop, make_open_interviews

NOW = datetime(2027, 3, 24, 7, 0, tzinfo=UTC)  # Wednesday 08:00 in Berlin
SLOT = datetime(2027, 3, 25, 8, 0, tzinfo=UTC)  # Thursday 09:00 CET


async def test_fifty_concurrent_bookings_give_one(db_target: DatabaseTarget) -> None:
    database = Database.connect(db_target, pool_size=52)
    fixture = await make_open_interviews(database, 50)
    try:
        start, everyone_ready = asyncio.Event(), asyncio.Event()
        ready = [0]

        async def book(interview_id: object) -> str:
            # The runtime pool (52 connections): every candidate holds their own at once.
            async with unit_of_work(database.runtime_sessions, SYSTEM) as session:
                interview = await interviews.get_interview(session, interview_id)  # type: ignore[arg-type]
                await session.connection()  # the connection is checked out before the race
                ready[0] += 1
                if ready[0] == len(fixture.interview_ids):
                    everyone_ready.set()
                await start.wait()
                try:
                    await interviews.book_slot(session, interview, SLOT, now=NOW)
                except interviews.SlotTaken as exc:
                    assert exc.status_code == 409
                    slots = exc.details["slots"]
                    assert slots and all(s["start_utc"] != SLOT.isoformat() for s in slots)
                    return "409"
                return "held"

        tasks = [asyncio.create_task(book(i)) for i in fixture.interview_ids]
        await everyone_ready.wait()
        start.set()
        outcomes = await asyncio.gather(*tasks)
        assert sorted(outcomes).count("held") == 1
        assert outcomes.count("409") == 49

        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            active = await session.scalar(
                text(
                    "SELECT count(*) FROM interview_bookings WHERE interviewer_id = :r "
                    "AND state IN ('held', 'booked')"
                ),
                {"r": fixture.recruiter_id},
            )
            assert active == 1
            winner_id = await session.scalar(
                text(
                    "SELECT interview_id FROM interview_bookings WHERE interviewer_id = :r "
                    "AND state = 'held'"
                ),
                {"r": fixture.recruiter_id},
            )
            winner = await interviews.get_interview(session, winner_id)
            booked, changed = await interviews.confirm_slot(
                session, winner, now=NOW, trigger=Trigger.AUTO
            )
            assert changed and booked.status == "scheduled" and booked.scheduled_time == SLOT

        # A double click on "confirm" changes nothing the second time (compare-and-swap).
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            again = await interviews.get_interview(session, winner_id)
            stale = again.version
            _, changed = await interviews.confirm_slot(
                session, again, now=NOW, trigger=Trigger.AUTO
            )
            assert not changed
            assert (await interviews.get_interview(session, winner_id, fresh=True)).version == stale
            logged = await session.scalar(
                text(
                    "SELECT count(*) FROM automation_logs WHERE action_type = 'interview_scheduled' "
                    "AND details->>'interview_id' = :id"
                ),
                {"id": str(winner_id)},
            )
            assert logged == 1

        # A hold that ran out is released lazily by the next booking of that interviewer.
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            loser = await interviews.get_interview(
                session,
                fixture.interview_ids[0]
                if fixture.interview_ids[0] != winner_id
                else fixture.interview_ids[1],
            )
            later = datetime(2027, 3, 25, 9, 0, tzinfo=UTC)
            await interviews.book_slot(session, loser, later, now=NOW)
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            other = await interviews.get_interview(
                session,
                fixture.interview_ids[2]
                if winner_id != fixture.interview_ids[2]
                else fixture.interview_ids[3],
            )
            after_hold = datetime(2027, 3, 24, 7, 30, tzinfo=UTC)  # past the 10-minute hold
            await interviews.book_slot(session, other, later, now=after_hold)
            states = (
                await session.execute(
                    text(
                        "SELECT interview_id, state FROM interview_bookings "
                        "WHERE interviewer_id = :r AND lower(during) = :at"
                    ),
                    {"r": fixture.recruiter_id, "at": later},
                )
            ).all()
            assert sorted(s.state for s in states) == ["held", "released"]
    finally:
        await drop(database, fixture)
        await database.dispose()
