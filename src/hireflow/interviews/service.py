"""Interviews against the database: settings, availability, invitations, and the slot and
booking path (``offer_slots`` / ``book_slot`` / ``confirm_slot``) that self-scheduling, the
recruiter pages and, later, the negotiation bot share.

No double booking, ever: holds and bookings live in ``interview_bookings`` under an exclusion
constraint (interviewer ``=``, time range ``&&``) over active rows. A hold expires by a state
change (the scheduler's sweep, and lazily here before booking); a constraint violation
(SQLSTATE 23P01) becomes :class:`SlotTaken` (409) carrying fresh slots.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from psycopg.types.range import Range
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation.service import Trigger
from hireflow.interviews import lifecycle
from hireflow.interviews.availability import (
    Availability,
    Interval,
    WeeklyWindow,
    describe,
    free_slots,
    zone,
)
from hireflow.interviews.lifecycle import Status
from hireflow.interviews.models import Interview as Interview  # the type other domains see
from hireflow.interviews.models import InterviewerAvailability, InterviewSettings
from hireflow.kit.errors import Conflict, NotFound
from hireflow.notifications import outbox

EXCLUSION_VIOLATION = "23P01"
UNIQUE_VIOLATION = "23505"


class SlotTaken(Conflict):
    """The time was taken (or is no longer offered); ``details["slots"]`` are fresh ones."""

    code = "slot_taken"


# ---- settings --------------------------------------------------------------------------
async def job_settings(session: AsyncSession, job_id: uuid.UUID) -> InterviewSettings:
    """The job's deadlines and link life (defaults when the job never changed them)."""
    found = await session.get(InterviewSettings, job_id)
    return found or InterviewSettings(
        job_id=job_id,
        confirmation_hours=48,
        slot_selection_hours=24,
        link_valid_days=7,
        hold_minutes=10,
    )


async def save_job_settings(
    session: AsyncSession, job_id: uuid.UUID, **values: int
) -> InterviewSettings:
    current = await session.get(InterviewSettings, job_id)
    if current is None:
        current = InterviewSettings(job_id=job_id, **(await _defaults(session, job_id)))
        session.add(current)
    for key, value in values.items():
        setattr(current, key, value)
    await session.flush()
    return current


async def _defaults(session: AsyncSession, job_id: uuid.UUID) -> dict[str, int]:
    base = await job_settings(session, job_id)
    return {
        "confirmation_hours": base.confirmation_hours,
        "slot_selection_hours": base.slot_selection_hours,
        "link_valid_days": base.link_valid_days,
        "hold_minutes": base.hold_minutes,
    }


def _to_availability(row: InterviewerAvailability | None) -> Availability:
    if row is None:
        return Availability(
            zone="UTC",
            windows=tuple(WeeklyWindow(d, time(9), time(18)) for d in range(5)),
            min_notice_minutes=120,
        )
    return Availability(
        zone=row.zone,
        windows=tuple(
            WeeklyWindow(int(day), time.fromisoformat(start), time.fromisoformat(end))
            for day, start, end in row.weekly_hours
        ),
        days_off=frozenset(row.days_off or ()),
        meeting_minutes=row.meeting_minutes,
        buffer_before_minutes=row.buffer_before_minutes,
        buffer_after_minutes=row.buffer_after_minutes,
        min_notice_minutes=row.min_notice_minutes,
        horizon_days=row.horizon_days,
    )


async def availability_of(session: AsyncSession, user_id: uuid.UUID) -> Availability:
    return _to_availability(await session.get(InterviewerAvailability, user_id))


async def zones_of(session: AsyncSession, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The working-hours zones of many interviewers (those without settings: absent)."""
    if not user_ids:
        return {}
    rows = await session.execute(
        select(InterviewerAvailability.user_id, InterviewerAvailability.zone).where(
            InterviewerAvailability.user_id.in_(list(user_ids))
        )
    )
    return {user_id: zone_name for user_id, zone_name in rows.all()}


async def save_availability(
    session: AsyncSession, user_id: uuid.UUID, availability: Availability
) -> None:
    zone(availability.zone)  # refuse a zone that does not exist
    row = await session.get(InterviewerAvailability, user_id)
    if row is None:
        row = InterviewerAvailability(user_id=user_id)
        session.add(row)
    row.zone = availability.zone
    row.weekly_hours = [
        [w.weekday, f"{w.start:%H:%M}", f"{w.end:%H:%M}"] for w in availability.windows
    ]
    row.days_off = sorted(availability.days_off)
    row.meeting_minutes = availability.meeting_minutes
    row.buffer_before_minutes = availability.buffer_before_minutes
    row.buffer_after_minutes = availability.buffer_after_minutes
    row.min_notice_minutes = availability.min_notice_minutes
    row.horizon_days = availability.horizon_days
    await session.flush()


# ---- interviews ------------------------------------------------------------------------
async def get_interview(
    session: AsyncSession, interview_id: uuid.UUID, *, fresh: bool = False
) -> Interview:
    query = select(Interview).where(Interview.id == interview_id)
    if fresh:
        query = query.execution_options(populate_existing=True)
    found = await session.scalar(query)
    if found is None:
        raise NotFound("There is no such interview, or you may not see it.")
    return found


async def interviews_of_job(session: AsyncSession, job_id: uuid.UUID) -> Sequence[Interview]:
    rows = await session.scalars(
        select(Interview)
        .where(Interview.job_id == job_id)
        .order_by(Interview.created_at, Interview.rank_at_invitation)
    )
    return rows.all()


async def interviews_of_recruiter(
    session: AsyncSession, user_id: uuid.UUID, *, limit: int = 300
) -> Sequence[Interview]:
    rows = await session.scalars(
        select(Interview)
        .where(
            (Interview.recruiter_user_id == user_id) | Interview.interviewer_ids.contains([user_id])
        )
        .order_by(Interview.scheduled_time.asc().nulls_last(), Interview.created_at.desc())
        .limit(limit)
    )
    return rows.all()


async def applications_with_interviews(
    session: AsyncSession, application_ids: Sequence[uuid.UUID], *, active_only: bool
) -> set[uuid.UUID]:
    query = select(Interview.application_id).where(Interview.application_id.in_(application_ids))
    if active_only:
        query = query.where(Interview.status.in_([s.value for s in lifecycle.ACTIVE]))
    return set((await session.scalars(query)).all())


async def create_invitation(
    session: AsyncSession,
    *,
    application_id: uuid.UUID,
    job_id: uuid.UUID,
    candidate_id: uuid.UUID,
    candidate_name: str,
    candidate_email: str,
    recruiter_id: uuid.UUID,
    interviewer_ids: Sequence[uuid.UUID],
    rank: int | None,
    now: datetime,
    trigger: Trigger,
    actor_id: uuid.UUID | None,
) -> Interview:
    """A new interview at ``invitation_sent`` with the job's confirmation deadline."""
    settings = await job_settings(session, job_id)
    availability = await availability_of(session, recruiter_id)
    interview = Interview(
        id=uuid.uuid4(),
        application_id=application_id,
        job_id=job_id,
        candidate_id=candidate_id,
        status=Status.INVITATION_SENT.value,
        confirmation_deadline=now + timedelta(hours=settings.confirmation_hours),
        duration_minutes=availability.meeting_minutes,
        recruiter_user_id=recruiter_id,
        interviewer_ids=list(dict.fromkeys([recruiter_id, *interviewer_ids])),
        rank_at_invitation=rank,
        candidate_name=candidate_name,
        candidate_email=candidate_email,
        candidate_zone=availability.zone,
        link_version=1,
        ics_sequence=0,
        version=1,
        created_at=now,
        updated_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(interview)
            await session.flush()
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) == UNIQUE_VIOLATION:
            raise Conflict("This application already has an open interview.") from None
        raise
    await lifecycle.record_created(
        session,
        interview,
        trigger=trigger,
        now=now,
        actor_id=actor_id,
        details={
            "rank": rank,
            "confirmation_deadline": interview.confirmation_deadline.isoformat()
            if interview.confirmation_deadline
            else None,
        },
    )
    return interview


async def set_candidate_zone(session: AsyncSession, interview: Interview, zone_name: str) -> None:
    zone(zone_name)
    interview.candidate_zone = zone_name
    await session.flush()


# ---- availability and bookings ---------------------------------------------------------
_BUSY = text(
    """
    SELECT lower(during) AS start, upper(during) AS end FROM interview_bookings
     WHERE interviewer_id = ANY(CAST(:ids AS uuid[]))
       AND (state = 'booked' OR (state = 'held' AND hold_expires_at > :now))
       AND interview_id <> :interview
    """
)


async def busy_of(
    session: AsyncSession,
    interviewer_ids: Sequence[uuid.UUID],
    *,
    now: datetime,
    except_interview: uuid.UUID | None = None,
) -> list[Interval]:
    """hireflow's own held and booked time of these interviewers (live holds only)."""
    rows = await session.execute(
        _BUSY,
        {
            "ids": [str(i) for i in interviewer_ids],
            "now": now,
            "interview": except_interview or uuid.UUID(int=0),
        },
    )
    return [Interval(r.start, r.end) for r in rows.all()]


async def offer_slots(
    session: AsyncSession,
    interview: Interview,
    *,
    now: datetime,
    extra_busy: Sequence[Interval] = (),
    first_day: date | None = None,
) -> list[Interval]:
    """The slots this interview can be booked into: the organiser's working time, clear of
    every panel member's holds and bookings and of ``extra_busy`` (e.g. remote calendars)."""
    assert interview.recruiter_user_id is not None
    availability = await availability_of(session, interview.recruiter_user_id)
    busy = await busy_of(session, interview.interviewer_ids, now=now, except_interview=interview.id)
    return free_slots(availability, now=now, busy=[*busy, *extra_busy], first_day=first_day)


async def release_stale_holds(
    session: AsyncSession, now: datetime, interviewer_ids: Sequence[uuid.UUID] | None = None
) -> int:
    """Expire holds whose time ran out, by a state change (one statement)."""
    sql = (
        "UPDATE interview_bookings SET state = 'released', released_at = :now "
        "WHERE state = 'held' AND hold_expires_at <= :now"
    )
    params: dict[str, Any] = {"now": now}
    if interviewer_ids is not None:
        sql += " AND interviewer_id = ANY(CAST(:ids AS uuid[]))"
        params["ids"] = [str(i) for i in interviewer_ids]
    result = await session.execute(text(sql), params)
    return int(result.rowcount)  # type: ignore[attr-defined]


async def release_bookings(session: AsyncSession, interview_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        text(
            "UPDATE interview_bookings SET state = 'released', released_at = :now "
            "WHERE interview_id = :id AND state IN ('held', 'booked')"
        ),
        {"id": interview_id, "now": now},
    )


def _fresh(slots: Sequence[Interval], tz_name: str, limit: int = 12) -> list[dict[str, str]]:
    tz = zone(tz_name)
    return [describe(s, tz) for s in slots[:limit]]


async def book_slot(
    session: AsyncSession,
    interview: Interview,
    start: datetime,
    *,
    now: datetime,
    extra_busy: Sequence[Interval] = (),
) -> datetime:
    """Hold ``start`` for every interviewer of the panel in one statement; returns when the
    hold runs out. A time that is not offered, or taken meanwhile, raises :class:`SlotTaken`
    with fresh slots."""
    if interview.status != Status.SLOT_SELECTION:
        lifecycle.check(interview.status, Status.SCHEDULED)
    await release_stale_holds(session, now, interview.interviewer_ids)
    await session.execute(
        text(
            "UPDATE interview_bookings SET state = 'released', released_at = :now "
            "WHERE interview_id = :id AND state = 'held'"
        ),
        {"id": interview.id, "now": now},
    )
    slots = await offer_slots(session, interview, now=now, extra_busy=extra_busy)
    chosen = next((s for s in slots if s.start == start), None)
    zone_name = interview.candidate_zone or "UTC"
    if chosen is None:
        raise SlotTaken(
            "That time is not free any more; please pick another one.",
            details={"slots": _fresh(slots, zone_name)},
        )
    settings = await job_settings(session, interview.job_id)
    expires = now + timedelta(minutes=settings.hold_minutes)
    try:
        async with session.begin_nested():
            await session.execute(
                text(
                    "INSERT INTO interview_bookings "
                    "(id, interview_id, interviewer_id, during, state, hold_expires_at, created_at)"
                    " SELECT gen_random_uuid(), :interview, u, :during, 'held', :expires, :now"
                    " FROM unnest(CAST(:ids AS uuid[])) AS u"
                ),
                {
                    "interview": interview.id,
                    "ids": [str(i) for i in interview.interviewer_ids],
                    "during": Range(chosen.start, chosen.end, "[)"),
                    "expires": expires,
                    "now": now,
                },
            )
    except IntegrityError as exc:
        if getattr(exc.orig, "sqlstate", None) != EXCLUSION_VIOLATION:
            raise
        fresh = await offer_slots(session, interview, now=now, extra_busy=extra_busy)
        raise SlotTaken(
            "Someone booked that time a moment ago; please pick another one.",
            details={"slots": _fresh(fresh, zone_name)},
        ) from None
    return expires


async def held_slot(session: AsyncSession, interview: Interview, now: datetime) -> Interval | None:
    row = (
        await session.execute(
            text(
                "SELECT lower(during) AS start, upper(during) AS end FROM interview_bookings "
                "WHERE interview_id = :id AND state = 'held' AND hold_expires_at > :now LIMIT 1"
            ),
            {"id": interview.id, "now": now},
        )
    ).first()
    return Interval(row.start, row.end) if row else None


async def confirm_slot(
    session: AsyncSession,
    interview: Interview,
    *,
    now: datetime,
    trigger: Trigger,
    actor_id: uuid.UUID | None = None,
) -> tuple[Interview, bool]:
    """Turn the live hold into a booking by compare-and-swap. Returns the interview and
    whether this call booked it (a repeated click finds it booked and changes nothing)."""
    rows = (
        await session.execute(
            text(
                "UPDATE interview_bookings SET state = 'booked', hold_expires_at = NULL "
                "WHERE interview_id = :id AND state = 'held' AND hold_expires_at > :now "
                "RETURNING lower(during) AS start, upper(during) AS end"
            ),
            {"id": interview.id, "now": now},
        )
    ).all()
    if not rows:
        current = await get_interview(session, interview.id, fresh=True)
        if current.status == Status.SCHEDULED:
            return current, False
        slots = await offer_slots(session, current, now=now)
        raise SlotTaken(
            "The time you picked was held for you for a few minutes only; please pick again.",
            details={"slots": _fresh(slots, current.candidate_zone or "UTC")},
        )
    start, end = rows[0].start, rows[0].end
    moved = await lifecycle.move(
        session,
        interview,
        Status.SCHEDULED,
        trigger=trigger,
        now=now,
        actor_id=actor_id,
        details={"start": start.isoformat(), "end": end.isoformat()},
        scheduled_time=start,
        scheduled_end=end,
        ics_sequence=interview.ics_sequence + 1,
        reminder_sent_at=None,
        outcome_flagged_at=None,
    )
    return moved, True


# ---- the outbox's re-check -------------------------------------------------------------
async def _interview_still(session: AsyncSession, interview_id: uuid.UUID, value: str) -> bool:
    """``value``: allowed statuses, comma-separated, optionally ``@<ics sequence>``."""
    statuses, _, sequence = value.partition("@")
    row = (
        await session.execute(
            text("SELECT status, ics_sequence FROM interviews WHERE id = :id"),
            {"id": interview_id},
        )
    ).first()
    if row is None or row.status not in statuses.split(","):
        return False
    return not sequence or int(sequence) == row.ics_sequence


outbox.register_check("interview", _interview_still)


async def interviews_of_candidate(
    session: AsyncSession, candidate_id: uuid.UUID
) -> Sequence[Interview]:
    """A candidate's interviews, newest first (the candidate portal)."""
    rows = await session.scalars(
        select(Interview)
        .where(Interview.candidate_id == candidate_id)
        .order_by(Interview.created_at.desc())
    )
    return rows.all()
