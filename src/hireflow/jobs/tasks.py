"""Background jobs of the jobs domain: scoring, re-scoring, and closing due jobs.

Each runs in one transaction as the system actor.
"""

from __future__ import annotations

import uuid

import structlog
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.automation.service import Trigger
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.jobs import judging, repository, scoring_service
from hireflow.jobs.shortlisting import service as shortlisting

log = structlog.get_logger(__name__)


async def score_application(session: AsyncSession, application_id: uuid.UUID) -> None:
    if not await scoring_service.score_application(session, application_id):
        log.info("scoring.application_gone", application_id=str(application_id))


async def rescore_job(session: AsyncSession, job_id: uuid.UUID) -> int:
    """Re-score every application after the job's requirements changed (not once ranked:
    a ranked shortlist is not reshuffled behind the recruiters' backs)."""
    job = await repository.job_by_id(session, job_id)
    if job is None or job.shortlisted_at is not None:
        return 0
    return await scoring_service.score_unprocessed(session, job)


async def due_jobs(session: AsyncSession) -> list[uuid.UUID]:
    return await shortlisting.close_due_jobs(session)


async def shortlist_job(session: AsyncSession, job_id: uuid.UUID) -> None:
    outcome = await shortlisting.close_and_shortlist(session, job_id, trigger=Trigger.SCHEDULED)
    log.info("shortlisting.scheduled", job_id=str(job_id), ran=outcome.ran, msg=outcome.message)


@queue.app.task(name="score_application", queue="scoring", pass_context=False, retry=2)
async def score_application_task(application_id: str) -> None:
    async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
        await score_application(session, uuid.UUID(application_id))
    if judging.judge_enabled(queue.settings()):  # the optional model tier, after commit
        await judging.judge_application(
            queue.database(), uuid.UUID(application_id), queue.settings()
        )


@queue.app.task(name="rescore_job", queue="scoring", pass_context=False, retry=2)
async def rescore_job_task(job_id: str) -> None:
    async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
        await rescore_job(session, uuid.UUID(job_id))


@queue.app.task(name="shortlist_job", pass_context=False, retry=2)
async def shortlist_job_task(job_id: str) -> None:
    """Close and shortlist one job whose closing date passed (trigger ``scheduled``)."""
    async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
        await shortlist_job(session, uuid.UUID(job_id))


@queue.app.periodic(cron="* * * * *", periodic_id="close_due_jobs")
@queue.app.task(name="close_due_jobs", queueing_lock="close_due_jobs", pass_context=False)
async def close_due_jobs_task(timestamp: int) -> None:
    """Every minute: one ``shortlist_job`` per job whose closing date passed, each under the
    job's lock (and the service's advisory lock), so runs never overlap."""
    async with unit_of_work(queue.database().system_sessions, SYSTEM) as session:
        for job_id in await due_jobs(session):
            # Queued in this (signed) transaction: the database refuses jobs without one.
            savepoint = await session.begin_nested()
            try:
                await queue.defer(
                    session,
                    "shortlist_job",
                    lock=f"job:{job_id}",
                    queueing_lock=f"shortlist:{job_id}",
                    job_id=str(job_id),
                )
            except AlreadyEnqueued:
                await savepoint.rollback()
            else:
                await savepoint.commit()
