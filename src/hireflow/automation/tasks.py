"""System tasks of the background worker: heartbeat and the retry of stalled jobs.

(Pruning sign-in rate limits and expired refresh tokens is auth's: ``auth/tasks.py``.)
"""

from __future__ import annotations

import structlog
from procrastinate import App

from hireflow import queue
from hireflow.automation.service import record_heartbeat
from hireflow.db.session import SYSTEM, unit_of_work

log = structlog.get_logger(__name__)


async def retry_stalled_jobs(app: App, seconds_since_heartbeat: float = 60) -> int:
    """Put jobs back in the queue whose worker died mid-job (no heartbeat for a while)."""
    stalled = list(
        await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds_since_heartbeat)
    )
    for job in stalled:
        log.warning("worker.stalled_job_retried", job_id=job.id, task=job.task_name)
        await app.job_manager.retry_job(job)
    return len(stalled)


@queue.app.periodic(cron="* * * * * */10", periodic_id="heartbeat")
@queue.app.task(name="heartbeat", queueing_lock="heartbeat", pass_context=False)
async def heartbeat(timestamp: int) -> None:
    async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
        await record_heartbeat(session)


@queue.app.periodic(cron="* * * * * */10", periodic_id="retry_stalled_jobs")
@queue.app.task(name="retry_stalled_jobs", queueing_lock="retry_stalled_jobs", pass_context=False)
async def retry_stalled_jobs_task(timestamp: int) -> None:
    """Every 10 s: jobs of workers silent for ``stalled_worker_seconds`` run again."""
    await retry_stalled_jobs(queue.app, queue.settings().stalled_worker_seconds)
