"""The scheduler's sweeps: what each changes, that a second run changes nothing, that the
number of statements does not grow with the number of rows (set-based), and that a
reminder for an interview cancelled meanwhile is not sent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from psycopg.types.range import Range
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import scheduler
from hireflow.notifications import mail
from tests.factories import SignedIn
from tests.interviews.conftest import World


async def _job(session: AsyncSession, owner: uuid.UUID) -> uuid.UUID:
    job_id = uuid.uuid4()
    await session.execute(
        text(
            "INSERT INTO jobs (id, title, number_of_openings, shortlisting_buffer, owner_user_id) "
            "VALUES (:id, 'Sweep test', 1, 0, :owner)"
        ),
        {"id": job_id, "owner": owner},
    )
    return job_id


async def _interview(
    session: AsyncSession, job_id: uuid.UUID, owner: uuid.UUID, status: str, **times: Any
) -> uuid.UUID:
    candidate_id, application_id, interview_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await session.execute(
        text("INSERT INTO candidates (id, first_name, last_name) VALUES (:id, 'S', 'T')"),
        {"id": candidate_id},
    )
    await session.execute(
        text("INSERT INTO applications (id, job_id, candidate_id) VALUES (:id, :j, :c)"),
        {"id": application_id, "j": job_id, "c": candidate_id},
    )
    await session.execute(
        text(
            "INSERT INTO interviews (id, application_id, job_id, candidate_id, status, "
            "confirmation_deadline, slot_selection_deadline, scheduled_time, scheduled_end, "
            "recruiter_user_id, interviewer_ids, candidate_name, candidate_email, candidate_zone) "
            "VALUES (:id, :a, :j, :c, :status, :cd, :sd, :st, :se, :r, ARRAY[CAST(:r AS uuid)], "
            "'Sam T', :email, 'Asia/Kolkata')"
        ),
        {
            "id": interview_id,
            "a": application_id,
            "j": job_id,
            "c": candidate_id,
            "status": status,
            "cd": times.get("confirm"),
            "sd": times.get("slot"),
            "st": times.get("start"),
            "se": times.get("end"),
            "r": owner,
            "email": f"sam-{interview_id.hex[:6]}@example.test",
        },
    )
    return interview_id


async def _fill(
    session: AsyncSession, owner: uuid.UUID, now: datetime, n: int
) -> dict[str, list[uuid.UUID]]:
    job_id = await _job(session, owner)
    hour = timedelta(hours=1)
    made: dict[str, list[uuid.UUID]] = {"expire": [], "remind": [], "overdue": [], "keep": []}
    for _ in range(n):
        made["expire"].append(
            await _interview(session, job_id, owner, "invitation_sent", confirm=now - hour)
        )
        made["expire"].append(
            await _interview(
                session, job_id, owner, "slot_selection", confirm=now - 9 * hour, slot=now - hour
            )
        )
        start = now + 5 * hour
        made["remind"].append(
            await _interview(session, job_id, owner, "scheduled", start=start, end=start + hour)
        )
        start = now - 3 * hour
        made["overdue"].append(
            await _interview(session, job_id, owner, "scheduled", start=start, end=start + hour)
        )
    made["keep"].append(
        await _interview(session, job_id, owner, "invitation_sent", confirm=now + 48 * hour)
    )
    start = now + 72 * hour
    made["keep"].append(
        await _interview(session, job_id, owner, "scheduled", start=start, end=start + hour)
    )
    start = now + 2 * hour
    made["keep"].append(
        await _interview(session, job_id, owner, "cancelled", start=start, end=start + hour)
    )
    await session.execute(
        text(
            "INSERT INTO interview_bookings (interview_id, interviewer_id, during, state, "
            "hold_expires_at) VALUES (:i, :r, :d, 'held', :exp)"
        ),
        {
            "i": made["keep"][0],
            "r": owner,
            "d": Range(now + 30 * hour, now + 31 * hour, "[)"),
            "exp": now - hour,
        },
    )
    return made


async def _count_statements(
    session: AsyncSession, world: World, now: datetime
) -> tuple[scheduler.Sweep, int]:
    connection = await session.connection()
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(connection.sync_connection, "before_cursor_execute", count)
    try:
        result = await scheduler.sweep(session, world.env, now)
    finally:
        event.remove(connection.sync_connection, "before_cursor_execute", count)
    return result, len(seen)


async def test_sweeps_are_set_based_and_idempotent(
    world: World, people: dict[str, SignedIn], session: AsyncSession, test_database: Database
) -> None:
    owner = people["senior"].user.id
    await switch_actor(session, SYSTEM)
    now = datetime(2027, 3, 29, 6, 0, tzinfo=UTC)
    made = await _fill(session, owner, now, 3)
    small, small_statements = await _count_statements(session, world, now)
    assert (small.expired, small.reminders, small.flagged, small.holds_released) == (6, 3, 3, 1)
    assert small.refills_queued == 1, "one refill per job, not per interview"
    again, _ = await _count_statements(session, world, now)
    assert again == scheduler.Sweep(), "a second sweep at the same instant changes nothing"

    later = now + timedelta(days=1)
    await _fill(session, owner, later, 15)
    large, large_statements = await _count_statements(session, world, later)
    # The first batch's reminded interviews have ended by now and need an outcome too.
    assert (large.expired, large.reminders, large.flagged) == (30, 15, 18)
    assert large_statements == small_statements, "statements do not grow with the rows"

    statuses = dict(
        (
            await session.execute(
                text("SELECT status, count(*) FROM interviews WHERE id = ANY(:ids) GROUP BY 1"),
                {"ids": made["expire"]},
            )
        ).all()
    )
    assert statuses == {"expired": 6}
    logged = await session.scalar(
        text(
            "SELECT count(*) FROM automation_logs WHERE action_type = 'interview_expired' "
            "AND details->>'interview_id' = ANY(:ids)"
        ),
        {"ids": [str(i) for i in made["expire"]]},
    )
    assert logged == 6
    notices = await session.scalar(
        text(
            "SELECT count(*) FROM notifications WHERE user_id = :u AND kind = 'interview_needs_outcome'"
        ),
        {"u": owner},
    )
    assert notices == 21

    # A reminder written for an interview cancelled before the sender runs is not sent.
    cancelled = made["remind"][0]
    await session.execute(
        text("UPDATE interviews SET status = 'cancelled' WHERE id = :id"), {"id": cancelled}
    )
    results = await mail.deliver_due(test_database, world.config, now=later, limit=500)
    skipped = await session.scalar(
        text("SELECT count(*) FROM email_outbox WHERE check_ref = :id AND status = 'skipped'"),
        {"id": cancelled},
    )
    assert skipped == 2, "neither the candidate nor the recruiter is reminded"
    assert sum(r.status == "sent" for r in results) == (3 + 15) * 2 - 2
    reminder = next(
        m
        for m in world.smtp.inbox.messages
        if "Reminder" in m["Subject"] and m["To"].startswith("sam-")
    )
    assert "(Asia/Kolkata, IST)" in reminder.get_body(("plain",)).get_content()  # type: ignore[union-attr]


async def test_daily_summary_once_per_day(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    owner = people["senior"].user.id
    await switch_actor(session, SYSTEM)
    now = datetime(2027, 4, 5, 7, 0, tzinfo=UTC)
    await _fill(session, owner, now, 2)
    assert await scheduler.daily_summary(session, world.env, now) >= 1
    await scheduler.daily_summary(session, world.env, now + timedelta(hours=1))
    rows = await session.scalar(
        text("SELECT count(*) FROM email_outbox WHERE kind = 'daily_summary' AND recipient = :e"),
        {"e": people["senior"].user.email},
    )
    assert rows == 1
