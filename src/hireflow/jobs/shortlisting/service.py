"""Shortlisting against the database: load a job's applications into the state machine,
step it, write the changes back, and log every event to ``automation_logs``.

One run per job at a time: every step takes a transaction-scoped advisory lock on the job
and then locks the job row (``FOR UPDATE``); a second, concurrent trigger waits, then sees
the job already ranked and changes nothing. Automatic steps happen only while the global
flag, the step's own flag and the job's ``automation_enabled`` are all on.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from hireflow import queue
from hireflow.audit.service import AuditAction, EntityType, record_activity
from hireflow.automation import progress
from hireflow.automation.service import (
    Flag,
    LogEntry,
    Trigger,
    automation_allowed,
    log_action,
    log_actions,
)
from hireflow.jobs import service as jobs
from hireflow.jobs import stages
from hireflow.jobs.models import Application, Job
from hireflow.jobs.repository import Standing
from hireflow.jobs.scoring_service import score_unprocessed
from hireflow.jobs.shortlisting.machine import Entry, Event, Shortlist, Status
from hireflow.kit.errors import Conflict, NotFound
from hireflow.notifications.service import notify

log = structlog.get_logger(__name__)

# Unique (job, rank) and (job, buffer_position) are checked row by row: changed rows that hold
# a rank or position give it up first. Rows holding neither (a first close: all of them) are
# left alone, so they are updated once; a second update of a row in the same transaction
# also re-runs its foreign-key checks.
_CLEAR = text(
    "UPDATE applications SET rank = NULL, buffer_position = NULL "
    "WHERE job_id = CAST(:job AS uuid) AND id = ANY(CAST(:ids AS uuid[]))"
)
_WRITE = text(
    """
    UPDATE applications a
       SET rank = v.rank, shortlist_status = v.status, buffer_position = v.position,
           manual_decision = v.manual,
           dropout_reason = nullif(coalesce(v.reason, a.dropout_reason), '')
      FROM unnest(CAST(:ids AS uuid[]), CAST(:ranks AS int[]), CAST(:statuses AS text[]),
                  CAST(:positions AS int[]), CAST(:manual AS boolean[]),
                  CAST(:reasons AS text[]))
           AS v(id, rank, status, position, manual, reason)
     WHERE a.job_id = CAST(:job AS uuid) AND a.id = v.id
    """
)


INVITE_TASK = "interviews.invite_shortlisted"


async def _defer_once(session: AsyncSession, task: str, lock: str, **kwargs: Any) -> None:
    try:
        async with session.begin_nested():
            await queue.defer(session, task, queueing_lock=lock, **kwargs)
    except AlreadyEnqueued:
        pass


@dataclass(frozen=True)
class Outcome:
    job_id: uuid.UUID
    ran: bool
    shortlisted: int
    buffer: int
    pending: int
    message: str


async def _locked_job(session: AsyncSession, job_id: uuid.UUID) -> Job:
    return await jobs.get_job(session, job_id, lock=True)


def _machine(job: Job, standings: Sequence[Standing]) -> Shortlist:
    entries = {
        a.id: Entry(
            id=a.id,
            fit_score=float(a.fit_score) if a.fit_score is not None else None,
            applied_at=a.applied_at,
            status=Status(a.shortlist_status),
            rank=a.rank,
            buffer_position=a.buffer_position,
            manual_decision=a.manual_decision,
            must_have_matched=a.must_have_matched,
        )
        for a in standings
    }
    return Shortlist(
        job.number_of_openings,
        job.shortlisting_buffer,
        entries,
        ranked=job.shortlisted_at is not None,
    )


async def _write(
    session: AsyncSession,
    job_id: uuid.UUID,
    standings: Sequence[Standing],
    machine: Shortlist,
    reasons: dict[uuid.UUID, str] | None = None,
    *,
    trigger: Trigger,
    actor_id: uuid.UUID | None,
    own: uuid.UUID | None = None,
) -> None:
    """Write what the machine changed back in one set-based UPDATE (two when changed rows
    must first give up a rank or buffer position), append each change of status to the
    stage history (``trigger`` for ``own``, the application a recruiter decided on, or for
    every one when ``own`` is None; ``auto`` for what automation did in response), and keep
    any Application objects this session holds in step. The job's id bounds the join to
    the job's applications (read by its index), not the whole table."""
    reasons = reasons or {}
    moves = [
        stages.Change(
            a.id,
            a.shortlist_status,
            str(machine.entries[a.id].status),
            str(trigger) if own is None or a.id == own else str(Trigger.AUTO),
        )
        for a in standings
        if a.shortlist_status != str(machine.entries[a.id].status)
    ]
    await stages.record(session, moves, actor_id=actor_id)
    changed: list[Entry] = []
    holding: list[str] = []  # changed rows that hold a rank or position: cleared first
    for a in standings:
        e = machine.entries[a.id]
        if (a.rank, a.shortlist_status, a.buffer_position, a.manual_decision) != (
            e.rank,
            str(e.status),
            e.buffer_position,
            e.manual_decision,
        ) or a.id in reasons:
            changed.append(e)
            if a.rank is not None or a.buffer_position is not None:
                holding.append(str(a.id))
    if not changed:
        return
    ids = [str(e.id) for e in changed]
    if holding:
        await session.execute(_CLEAR, {"job": job_id, "ids": holding})
    await session.execute(
        _WRITE,
        {
            "job": job_id,
            "ids": ids,
            "ranks": [e.rank for e in changed],
            "statuses": [str(e.status) for e in changed],
            "positions": [e.buffer_position for e in changed],
            "manual": [e.manual_decision for e in changed],
            "reasons": [reasons.get(e.id) for e in changed],
        },
    )
    for held in list(session.identity_map.values()):  # loaded objects, without re-writing
        if isinstance(held, Application) and held.id in machine.entries:
            entry = machine.entries[held.id]
            set_committed_value(held, "rank", entry.rank)
            set_committed_value(held, "buffer_position", entry.buffer_position)
            set_committed_value(held, "shortlist_status", str(entry.status))
            set_committed_value(held, "manual_decision", entry.manual_decision)
            if held.id in reasons:
                set_committed_value(held, "dropout_reason", reasons[held.id] or None)


async def _log_events(
    session: AsyncSession,
    job: Job,
    events: Sequence[Event],
    trigger: Trigger,
    actor_id: uuid.UUID | None,
) -> None:
    rows: list[LogEntry] = []
    for event in events:
        details: dict[str, Any] = dict(event.details)
        if event.action == "buffer_empty":
            # Tell the job's owner (a notification on their dashboard), name them in the log
            # entry, and warn the operator's logs.
            details["notify_user_id"] = job.owner_user_id
            log.warning("shortlisting.buffer_empty", job_id=str(job.id), **event.details)
            if job.owner_user_id is not None:
                await notify(
                    session,
                    job.owner_user_id,
                    kind="buffer_empty",
                    title=f"The buffer pool of “{job.title}” is empty",
                    body="A shortlisted candidate dropped out and nobody is waiting in the "
                    "buffer; review pending applicants or reopen applications.",
                    link=f"/jobs/{job.id}",
                )
        rows.append(
            LogEntry(
                job_id=job.id,
                action=event.action,
                trigger=trigger,
                actor_id=actor_id,
                application_id=event.application_id,
                details=details,
            )
        )
    await log_actions(session, rows)  # one statement, not one round trip per event


def _outcome(job: Job, machine: Shortlist, ran: bool, message: str) -> Outcome:
    return Outcome(
        job.id,
        ran,
        len(machine.with_status(Status.SHORTLISTED)),
        len(machine.with_status(Status.BUFFER)),
        len(machine.with_status(Status.PENDING)),
        message,
    )


async def _auto_allowed(session: AsyncSession, job: Job, flag: Flag) -> bool:
    return job.automation_enabled and await automation_allowed(session, flag)


async def close_and_shortlist(
    session: AsyncSession,
    job_id: uuid.UUID,
    *,
    trigger: Trigger,
    actor_id: uuid.UUID | None = None,
) -> Outcome:
    """Close applications and rank and shortlist them, once. A scheduled (or automatic)
    trigger does nothing while automation is off for the job or globally; a recruiter's
    manual trigger always runs."""
    job = await _locked_job(session, job_id)
    if trigger != Trigger.MANUAL and not await _auto_allowed(session, job, Flag.AUTO_SHORTLISTING):
        return Outcome(job.id, False, 0, 0, 0, "Automation is off; nothing was done.")
    if job.shortlisted_at is not None:
        standings = await jobs.standings_of(session, job.id)
        return _outcome(job, _machine(job, standings), False, "Already shortlisted.")
    now = datetime.now(UTC)
    if not job.applications_closed:
        job.applications_closed, job.applications_closed_at = True, now
        await log_action(
            session, job_id=job.id, action="applications_closed", trigger=trigger, actor_id=actor_id
        )
    steps = [progress.item("shortlist", job.id)]
    if job.automation_enabled:
        steps.append(progress.item("invite", job.id))  # finished by the invitations' task
    await progress.start(
        session,
        progress.Kind.SHORTLIST,
        f"Closing “{job.title}”: scoring, ranking, shortlisting"
        + (", inviting" if job.automation_enabled else ""),
        steps,
        actor_id=actor_id,
        job_id=job.id,
        link=f"/jobs/{job.id}",
    )
    scored = await score_unprocessed(session, job)
    standings = await jobs.standings_of(session, job.id)
    machine = _machine(job, standings)
    events = machine.rank_and_shortlist()
    job.shortlisted_at, job.status = now, "closed"
    await _write(session, job.id, standings, machine, trigger=trigger, actor_id=actor_id)
    await _log_events(session, job, events, trigger, actor_id)
    await session.flush()
    await progress.finish(session, steps[:1])
    if job.automation_enabled:
        # Interviews invite the shortlisted (the task checks the automation flags again).
        await _defer_once(session, INVITE_TASK, f"invite:{job.id}", job_id=str(job.id))
    log.info("shortlisting.done", job_id=str(job.id), scored_now=scored, trigger=str(trigger))
    return _outcome(job, machine, True, "Ranked and shortlisted.")


async def decide(
    session: AsyncSession,
    application_id: uuid.UUID,
    action: str,
    *,
    reason: str | None,
    trigger: Trigger,
    actor_id: uuid.UUID | None,
    note: str | None = None,
) -> Application:
    """A recruiter's override (promote, to_buffer, reject, reinstate) or a dropout; a freed
    slot is refilled from the buffer when automatic promotion is on."""
    application = await jobs.find_application(session, application_id)
    if application is None:
        raise NotFound("There is no such application, or you may not see it.")
    job = await _locked_job(session, application.job_id)
    standings = await jobs.standings_of(session, job.id)
    machine = _machine(job, standings)
    auto_fill = await _auto_allowed(session, job, Flag.AUTO_PROMOTION)
    reasons: dict[uuid.UUID, str] = {}
    if action == "promote":
        events = machine.promote(application_id, auto_fill=auto_fill)
    elif action == "to_buffer":
        events = machine.move_to_buffer(application_id, auto_fill=auto_fill)
    elif action == "reject":
        events = machine.reject(application_id, auto_fill=auto_fill)
        reasons[application_id] = "rejected"
    elif action == "dropout" and reason:
        events = machine.drop_out(application_id, reason, auto_fill=auto_fill)
        reasons[application_id] = reason
    elif action == "reinstate":
        events = machine.reinstate(application_id)
        reasons[application_id] = ""  # the drop-out reason is cleared
    else:
        raise Conflict(f"Unknown decision {action!r}.")
    await _write(
        session,
        job.id,
        standings,
        machine,
        reasons,
        trigger=trigger,
        actor_id=actor_id,
        own=application_id,
    )
    # The recruiter's own step is manual; what automation did in response is ``auto``.
    own, follow_up = events[:1], events[1:]
    details_note = {"note": note} if note else {}
    own = [Event(e.action, e.application_id, {**e.details, **details_note}) for e in own]
    await _log_events(session, job, own, trigger, actor_id)
    # Follow-ups are automatic; the actor whose step caused them is kept.
    await _log_events(session, job, follow_up, Trigger.AUTO, actor_id)
    if actor_id is not None:
        await record_activity(
            session,
            user_id=actor_id,
            action=AuditAction.UPDATE,
            entity_type=EntityType.APPLICATION,
            entity_id=application_id,
            new={"decision": action, "reason": reason},
        )
    refreshed = await jobs.find_application(session, application_id)
    assert refreshed is not None
    return refreshed


async def resize(session: AsyncSession, job: Job, *, actor_id: uuid.UUID) -> None:
    """Openings or buffer size changed after ranking: rebalance (under the job lock)."""
    await _locked_job(session, job.id)
    standings = await jobs.standings_of(session, job.id)
    machine = _machine(job, standings)
    if not machine.ranked:
        return
    auto_fill = await _auto_allowed(session, job, Flag.AUTO_PROMOTION)
    events = machine.resize(job.number_of_openings, job.shortlisting_buffer, auto_fill=auto_fill)
    await _write(session, job.id, standings, machine, trigger=Trigger.MANUAL, actor_id=actor_id)
    await _log_events(session, job, events, Trigger.MANUAL, actor_id)


async def close_due_jobs(session: AsyncSession, now: datetime | None = None) -> list[uuid.UUID]:
    """Jobs whose closing date passed, for the scheduler (each then runs in its own job)."""
    return list(await jobs.jobs_due_to_close(session, now or datetime.now(UTC)))
