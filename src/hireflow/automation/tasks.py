"""System tasks of the background worker: heartbeat and the retry of stalled jobs."""

from __future__ import annotations

import socket

import structlog
from procrastinate import App
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.db.session import SYSTEM, unit_of_work

log = structlog.get_logger(__name__)

WORKER_NAME = f"{socket.gethostname()}"

_BEAT = text(
    "INSERT INTO worker_heartbeats (worker_name, beat_at) VALUES (:name, now()) "
    "ON CONFLICT (worker_name) DO UPDATE "
    "SET beat_at = now(), beats = worker_heartbeats.beats + 1"
)


async def record_heartbeat(session: AsyncSession, worker_name: str = WORKER_NAME) -> None:
    await session.execute(_BEAT, {"name": worker_name})


async def heartbeat_age_seconds(session: AsyncSession) -> float | None:
    """Seconds since any worker last ran the heartbeat task; None when none ever did."""
    value = await session.scalar(
        text("SELECT extract(epoch FROM now() - max(beat_at)) FROM worker_heartbeats")
    )
    return None if value is None else float(value)


async def retry_stalled_jobs(app: App, seconds_since_heartbeat: float = 60) -> int:
    """Put jobs back in the queue whose worker died mid-job (no heartbeat for a while)."""
    stalled = list(
        await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat)
    )
    for job in stalled:
        log.warning("worker.stalled_job_retried", job_id=job.id, task=job.task_name)
        await app.job_manager.retry_job(job)
    return len(stalled)


async def prune_security_counters(session: AsyncSession) -> None:
    """Drop sign-in rate-limit windows older than a day and expire old refresh tokens."""
    await session.execute(
        text("DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 day'")
    )
    await session.execute(text("SELECT expire_refresh_tokens()"))
    await session.execute(text("SELECT cleanup_expired_refresh_tokens()"))


@queue.app.periodic(cron="* * * * * */10", periodic_id="heartbeat")
@queue.app.task(name="heartbeat", queueing_lock="heartbeat", pass_context=False)
async def heartbeat(timestamp: int) -> None:
    async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
        await record_heartbeat(session)


@queue.app.periodic(cron="* * * * *", periodic_id="retry_stalled_jobs")
@queue.app.task(name="retry_stalled_jobs", queueing_lock="retry_stalled_jobs", pass_context=False)
async def retry_stalled_jobs_task(timestamp: int) -> None:
    await retry_stalled_jobs(queue.app)


@queue.app.periodic(cron="17 * * * *", periodic_id="prune_security_counters")
@queue.app.task(
    name="prune_security_counters", queueing_lock="prune_security_counters", pass_context=False
)
async def prune_security_counters_task(timestamp: int) -> None:
    async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
        await prune_security_counters(session)
