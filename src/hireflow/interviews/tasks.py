"""The interview scheduler on the task queue: each sweep is its own periodic task (its own
transaction: one failing does not stop the others), retried, logged and idempotent."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import structlog
from procrastinate import JobContext
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.automation import progress
from hireflow.automation.service import Trigger
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.interviews import attendance, flows, scheduler
from hireflow.interviews.messages import Env
from hireflow.kit.metrics import observe_sweep
from hireflow.kit.secrets import instance_secret
from hireflow.kit.time import utcnow

log = structlog.get_logger(__name__)

SWEEP_CRON = queue.settings().interview_sweep_cron
SUMMARY_CRON = queue.settings().daily_summary_cron
NO_SHOW_CRON = queue.settings().no_show_cron


def env() -> Env:
    settings = queue.settings()
    return Env(settings, instance_secret(settings))


async def _run(name: str, step: Callable[[AsyncSession, datetime], Awaitable[Any]]) -> Any:
    now = utcnow()
    with observe_sweep(name):
        async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
            result = await step(session, now)
    log.info("interviews.sweep", sweep=name, result=result)
    return result


@queue.app.periodic(cron=SWEEP_CRON, periodic_id="interviews_expire")
@queue.app.task(name="interviews.expire", queueing_lock="interviews.expire", retry=3)
async def expire(timestamp: int) -> None:
    await _run("expire", scheduler.expire_and_promote)


@queue.app.periodic(cron=SWEEP_CRON, periodic_id="interviews_release_holds")
@queue.app.task(name="interviews.release_holds", queueing_lock="interviews.release_holds", retry=3)
async def release_holds(timestamp: int) -> None:
    await _run("release_holds", scheduler.release_holds)


@queue.app.periodic(cron=SWEEP_CRON, periodic_id="interviews_reminders")
@queue.app.task(name="interviews.reminders", queueing_lock="interviews.reminders", retry=3)
async def reminders(timestamp: int) -> None:
    await _run("reminders", lambda s, now: scheduler.send_reminders(s, env(), now))


@queue.app.periodic(cron=SWEEP_CRON, periodic_id="interviews_flag_overdue")
@queue.app.task(name="interviews.flag_overdue", queueing_lock="interviews.flag_overdue", retry=3)
async def flag_overdue(timestamp: int) -> None:
    await _run("flag_overdue", scheduler.flag_overdue)


@queue.app.periodic(cron=SWEEP_CRON, periodic_id="interviews_keep_buffers")
@queue.app.task(name="interviews.keep_buffers", queueing_lock="interviews.keep_buffers", retry=3)
async def keep_buffers(timestamp: int) -> None:
    await _run("keep_buffers", scheduler.keep_buffers)


@queue.app.periodic(cron=SUMMARY_CRON, periodic_id="interviews_daily_summary")
@queue.app.task(name="interviews.daily_summary", queueing_lock="interviews.daily_summary", retry=3)
async def daily_summary(timestamp: int) -> None:
    await _run("daily_summary", lambda s, now: scheduler.daily_summary(s, env(), now))


@queue.app.periodic(cron=SWEEP_CRON, periodic_id="interviews_attendance_reminders")
@queue.app.task(
    name="interviews.attendance_reminders",
    queueing_lock="interviews.attendance_reminders",
    retry=3,
)
async def attendance_reminders(timestamp: int) -> None:
    """The extra reminder for high-risk interviews starting soon (flag-gated)."""
    await _run(
        "attendance_reminders", lambda s, now: attendance.send_extra_reminders(s, env(), now)
    )


@queue.app.periodic(cron=NO_SHOW_CRON, periodic_id="interviews_no_show_risk")
@queue.app.task(name="interviews.no_show_risk", queueing_lock="interviews.no_show_risk", retry=3)
async def no_show_risk(timestamp: int) -> None:
    """Recompute every scheduled interview's no-show risk (batched, set-based; flag-gated):
    lead time shrinks every day, and earlier outcomes change."""
    await _run("no_show_risk", lambda s, now: attendance.rescore(s, env(), now=now))


@queue.app.task(name=scheduler.REFILL_TASK, queueing_lock=scheduler.REFILL_TASK, retry=5)
async def refill_pending() -> None:
    """Apply every job's pending dropouts to its shortlist (promoting from the buffer) and
    invite, one job per transaction: one job failing does not hold up the others (it stays
    pending, and this task is retried)."""
    async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
        job_ids = await scheduler.pending_refill_jobs(session)
    failed = []
    for job_id in job_ids:
        try:
            async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
                await flows.refill_job(session, env(), job_id, now=utcnow())
        except Exception:
            log.exception("interviews.refill_failed", job_id=str(job_id))
            failed.append(job_id)
    log.info("interviews.refilled", jobs=len(job_ids), failed=len(failed))
    if failed:
        raise RuntimeError(f"{len(failed)} job(s) could not be refilled; retrying")


INVITE_ATTEMPTS = 5


async def _invite(session: AsyncSession, now: datetime, job_id: str) -> Any:
    invited = await flows.invite_shortlisted(
        session, env(), uuid.UUID(job_id), now=now, trigger=Trigger.AUTO
    )
    await progress.finish(session, [progress.item("invite", job_id)])  # the close's last step
    return invited


@queue.app.task(name="interviews.invite_shortlisted", retry=INVITE_ATTEMPTS, pass_context=True)
async def invite_shortlisted(context: JobContext, job_id: str) -> None:
    """After shortlisting: invite every shortlisted candidate (when automation is on). The
    close's progress record shows a failure: retrying, then failed after the last attempt."""
    try:
        await _run("invite", lambda s, now: _invite(s, now, job_id))
    except Exception as exc:
        message = f"Sending the invitations failed ({type(exc).__name__}); see the worker log."
        final = context.job.attempts + 1 >= INVITE_ATTEMPTS
        async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
            keys = [progress.item("invite", job_id)]
            if final:
                await progress.finish(session, keys, error=message)
            else:
                await progress.note(session, keys, f"{message} Retrying.")
        raise
