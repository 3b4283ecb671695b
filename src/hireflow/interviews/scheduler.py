"""The interview scheduler's sweeps: each is a few set-based statements, idempotent (a
second run at the same instant changes nothing), and takes ``now`` from its caller.

- :func:`expire_and_promote`: expire invitations and slot selections past their deadline
  (one UPDATE + one log INSERT) and queue one buffer-refill run (each job then refills in
  its own transaction, under its job-level lock);
- :func:`release_holds`: expire short holds whose time ran out (one UPDATE);
- :func:`send_reminders`: claim interviews starting within 24 h (one UPDATE) and write their
  reminder e-mails (one INSERT);
- :func:`flag_overdue`: interviews past their end without an outcome (one UPDATE, one log
  INSERT, one notification INSERT);
- :func:`keep_buffers`: re-queue refills whose job was lost (one SELECT);
- :func:`daily_summary`: one aggregate query, one outbox INSERT.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.auth import accounts
from hireflow.automation.service import LogEntry, Trigger, log_actions
from hireflow.interviews import lifecycle, messages
from hireflow.interviews import service as interviews
from hireflow.interviews.flows import job_title_of, party
from hireflow.interviews.messages import Env, Party
from hireflow.interviews.models import Interview
from hireflow.jobs import service as jobs
from hireflow.notifications import outbox
from hireflow.notifications.service import notify_many

REFILL_TASK = "interviews.refill_pending"
REMINDER_LEAD = timedelta(hours=24)


@dataclass(frozen=True)
class Sweep:
    expired: int = 0
    refills_queued: int = 0
    holds_released: int = 0
    reminders: int = 0
    flagged: int = 0


async def queue_refill(session: AsyncSession) -> int:
    """Queue the refill of every job with pending dropouts (one job; one waiting is enough)."""
    try:
        async with session.begin_nested():
            await queue.defer(session, REFILL_TASK, queueing_lock=REFILL_TASK)
    except AlreadyEnqueued:
        return 0
    return 1


async def pending_refill_jobs(session: AsyncSession) -> list[uuid.UUID]:
    rows = await session.scalars(
        text("SELECT DISTINCT job_id FROM interviews WHERE promotion_pending ORDER BY job_id")
    )
    return list(rows.all())


async def expire_and_promote(session: AsyncSession, now: datetime) -> tuple[int, int]:
    """Expire what is due (one UPDATE, one log INSERT) and queue the refill (one job)."""
    changes = await lifecycle.expire_due(session, now)
    return len(changes), (await queue_refill(session) if changes else 0)


async def release_holds(session: AsyncSession, now: datetime) -> int:
    return await interviews.release_stale_holds(session, now)


class People:
    """Recruiters, panel members and job titles of a sweep, looked up in a few queries."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.parties: dict[uuid.UUID, Party] = {}
        self.titles: dict[uuid.UUID, str] = {}

    async def load(self, user_ids: Iterable[uuid.UUID], job_ids: Iterable[uuid.UUID]) -> None:
        users = await accounts.users_by_ids(self.session, sorted(set(user_ids)))
        zones = await interviews.zones_of(self.session, list(users))
        for user_id, user in users.items():
            name = f"{user.first_name} {user.last_name}".strip()
            self.parties[user_id] = Party(name, user.email, zones.get(user_id, "UTC"))
        self.titles.update(await jobs.titles_of(self.session, sorted(set(job_ids))))

    async def party(self, user_id: uuid.UUID) -> Party:
        if user_id not in self.parties:
            self.parties[user_id] = await party(self.session, user_id)
        return self.parties[user_id]

    async def title(self, job_id: uuid.UUID) -> str:
        if job_id not in self.titles:
            self.titles[job_id] = await job_title_of(self.session, job_id)
        return self.titles[job_id]


_REMIND = text(
    """
    UPDATE interviews SET reminder_sent_at = :now
     WHERE status = 'scheduled' AND reminder_sent_at IS NULL
       AND scheduled_time > :now AND scheduled_time <= :until
    RETURNING id, job_id, application_id, recruiter_user_id, interviewer_ids, candidate_name,
              candidate_email, candidate_zone, scheduled_time, scheduled_end, duration_minutes,
              link_version, ics_sequence, version, meeting_link, status
    """
)


async def send_reminders(session: AsyncSession, env: Env, now: datetime) -> int:
    """Claim the interviews starting within 24 h (one UPDATE) and write their reminders
    (one INSERT; rendered by the sender)."""
    rows = (await session.execute(_REMIND, {"now": now, "until": now + REMINDER_LEAD})).all()
    people = People(session)
    await people.load(
        (u for r in rows for u in (r.recruiter_user_id, *r.interviewer_ids) if u),
        (r.job_id for r in rows),
    )
    mails = []
    for row in rows:
        if row.recruiter_user_id is None or not row.candidate_email:
            continue
        interview = Interview(**row._mapping)  # transient: not added to the session
        recruiter = await people.party(row.recruiter_user_id)
        panel = [await people.party(i) for i in row.interviewer_ids]
        mails.extend(
            messages.scheduled_mail(
                "reminder",
                env,
                interview,
                await people.title(row.job_id),
                recruiter,
                panel,
                now=now,
                valid_days=7,
            )
        )
    await outbox.enqueue(session, mails, now=now)
    return len(rows)


_OVERDUE = text(
    """
    UPDATE interviews SET outcome_flagged_at = :now
     WHERE status = 'scheduled' AND scheduled_end < :now AND outcome_flagged_at IS NULL
    RETURNING id, job_id, application_id, recruiter_user_id, candidate_name
    """
)


async def flag_overdue(session: AsyncSession, now: datetime) -> int:
    rows = (await session.execute(_OVERDUE, {"now": now})).all()
    await log_actions(
        session,
        [
            LogEntry(
                job_id=r.job_id,
                application_id=r.application_id,
                action="interview_needs_outcome",
                trigger=Trigger.SCHEDULED,
                details={"interview_id": str(r.id)},
            )
            for r in rows
        ],
    )
    await notify_many(
        session,
        [
            (
                r.recruiter_user_id,
                "interview_needs_outcome",
                f"Did the interview with {r.candidate_name} take place?",
                "Mark it completed or a no-show.",
                f"/interviews/{r.id}",
            )
            for r in rows
            if r.recruiter_user_id is not None
        ],
    )
    return len(rows)


async def keep_buffers(session: AsyncSession, now: datetime) -> int:
    """Refills still pending a while after their dropout (their run was lost or failed for
    good) are queued again; the refill itself keeps shortlist and buffer at target."""
    stale = await session.scalar(
        text(
            "SELECT EXISTS (SELECT 1 FROM interviews WHERE promotion_pending AND updated_at < :t)"
        ),
        {"t": now - timedelta(minutes=5)},
    )
    return await queue_refill(session) if stale else 0


async def sweep(session: AsyncSession, env: Env, now: datetime) -> Sweep:
    """Every deadline sweep once (the benchmark times this)."""
    expired, refills = await expire_and_promote(session, now)
    return Sweep(
        expired=expired,
        refills_queued=refills,
        holds_released=await release_holds(session, now),
        reminders=await send_reminders(session, env, now),
        flagged=await flag_overdue(session, now),
    )


_SUMMARY = text(
    """
    SELECT recruiter_user_id AS recruiter, job_id,
           count(*) FILTER (WHERE status = 'scheduled' AND scheduled_time >= :day_start
                                AND scheduled_time < :day_end) AS scheduled_today,
           count(*) FILTER (WHERE status IN ('invitation_sent', 'confirmed', 'slot_selection'))
               AS awaiting,
           count(*) FILTER (WHERE status = 'scheduled' AND scheduled_end < :now) AS needs_outcome
      FROM interviews
     WHERE recruiter_user_id IS NOT NULL
       AND status IN ('invitation_sent', 'confirmed', 'slot_selection', 'scheduled')
     GROUP BY recruiter_user_id, job_id
    """
)


async def daily_summary(session: AsyncSession, env: Env, now: datetime) -> int:
    """One summary e-mail per recruiter with open interviews (once per UTC day)."""
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (
        await session.execute(
            _SUMMARY, {"day_start": day_start, "day_end": day_start + timedelta(days=1), "now": now}
        )
    ).all()
    people = People(session)
    await people.load((r.recruiter for r in rows), (r.job_id for r in rows))
    by_recruiter: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for row in rows:
        by_recruiter.setdefault(row.recruiter, []).append(
            {
                "job_title": await people.title(row.job_id),
                "scheduled_today": int(row.scheduled_today),
                "awaiting": int(row.awaiting),
                "needs_outcome": int(row.needs_outcome),
            }
        )
    mails = [
        messages.daily_summary(env, await people.party(user_id), job_rows, f"{day_start:%Y-%m-%d}")
        for user_id, job_rows in by_recruiter.items()
    ]
    await outbox.enqueue(session, mails, now=now)
    return len(mails)
