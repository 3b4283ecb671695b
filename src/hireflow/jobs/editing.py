"""Editing a job: the change itself, then the rebalance of its shortlist.

One behaviour for the API (``PATCH /api/jobs/{id}``) and the job page: the shortlist is
rebalanced when the number of openings or the buffer size actually changed (a page save
sends every field; an unchanged value rebalances nothing). Changed requirements re-score
the applications in the background (``jobs.service.update_job``).
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import RequestMeta
from hireflow.jobs import service
from hireflow.jobs.models import Job
from hireflow.jobs.schemas import JobUpdate
from hireflow.jobs.shortlisting import service as shortlisting


async def edit_job(
    session: AsyncSession,
    job_id: uuid.UUID,
    body: JobUpdate,
    *,
    actor_id: uuid.UUID,
    actor_role: str,
    meta: RequestMeta,
) -> tuple[Job, bool]:
    """Apply ``body`` to the job and rebalance its shortlist if its size changed.

    Returns the job and whether its applications are being re-scored.
    """
    before = await service.get_job(session, job_id)
    sizes = (before.number_of_openings, before.shortlisting_buffer)
    job, rescore = await service.update_job(
        session, job_id, body, actor_id=actor_id, actor_role=actor_role, meta=meta
    )
    if (job.number_of_openings, job.shortlisting_buffer) != sizes:
        await shortlisting.resize(session, job, actor_id=actor_id)
    return job, rescore
