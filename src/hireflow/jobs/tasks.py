"""Background jobs of the jobs domain: scoring, re-scoring, and closing due jobs.

Each runs in one transaction as the system actor (``worker.py`` opens it).
"""

from __future__ import annotations

import uuid

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation.service import Trigger
from hireflow.jobs import repository, scoring_service
from hireflow.shortlisting import service as shortlisting

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
