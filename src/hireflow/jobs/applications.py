"""Applications: a candidate applies to a job with one of their resumes (recruiter or bulk).

Every new application is scored in the background (``score_application`` on the
``scoring`` queue, one queued job per application at a time).
"""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.candidates import service as candidates
from hireflow.jobs import repository, stages
from hireflow.jobs.models import Application, Job
from hireflow.jobs.schemas import ApplicationIn
from hireflow.jobs.service import get_job
from hireflow.kit.errors import Conflict, NotFound, Unprocessable
from hireflow.resumes import service as resumes


async def get_application(session: AsyncSession, application_id: uuid.UUID) -> Application:
    application = await repository.application_by_id(session, application_id)
    if application is None:
        raise NotFound("There is no such application, or you may not see it.")
    return application


async def defer_scoring(session: AsyncSession, application_id: uuid.UUID) -> None:
    await queue.defer(
        session,
        "score_application",
        queueing_lock=f"score:{application_id}",
        application_id=str(application_id),
    )


def _check_open(job: Job) -> None:
    if job.applications_closed or job.status != "open":
        raise Conflict("This job is not taking applications.")


async def _create(
    session: AsyncSession,
    job: Job,
    body: ApplicationIn,
    *,
    source: str,
    actor_id: uuid.UUID | None,
    meta: RequestMeta,
) -> Application:
    if not await candidates.is_visible(session, body.candidate_id):
        raise NotFound("There is no such candidate, or they are not assigned to you.")
    resume_id = await resumes.resume_of_candidate(session, body.candidate_id, body.resume_id)
    if resume_id is None:
        raise Unprocessable(
            "That resume does not belong to the candidate."
            if body.resume_id
            else "The candidate has no resume to apply with; upload one first."
        )
    if await repository.application_exists(session, job.id, body.candidate_id):
        raise Conflict("This candidate has already applied to this job.")
    application = Application(
        job_id=job.id,
        candidate_id=body.candidate_id,
        resume_id=resume_id,
        source=source,
        created_by_user_id=actor_id,
    )
    session.add(application)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict("This candidate has already applied to this job.") from None
    trigger = "manual" if actor_id is not None else "auto"
    await stages.record(
        session,
        [stages.Change(application.id, None, "pending", trigger)],
        actor_id=actor_id,
    )  # at the transaction's time, as ``applied_at``
    await defer_scoring(session, application.id)
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.CREATE,
        entity_type=EntityType.APPLICATION,
        entity_id=application.id,
        new={"job_id": job.id, "candidate_id": body.candidate_id, "source": source},
        meta=meta,
    )
    return application


async def apply(
    session: AsyncSession,
    job_id: uuid.UUID,
    body: ApplicationIn,
    *,
    actor_id: uuid.UUID | None,
    meta: RequestMeta,
    source: str = "recruiter",
) -> Application:
    job = await get_job(session, job_id)
    _check_open(job)
    return await _create(session, job, body, source=source, actor_id=actor_id, meta=meta)


async def apply_in_bulk(
    session: AsyncSession,
    job_id: uuid.UUID,
    items: list[ApplicationIn],
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> tuple[list[Application], list[dict[str, str]]]:
    """Create what can be created; report each one skipped with its reason."""
    job = await get_job(session, job_id)
    _check_open(job)
    created: list[Application] = []
    skipped: list[dict[str, str]] = []
    for item in items:
        try:
            created.append(
                await _create(session, job, item, source="bulk", actor_id=actor_id, meta=meta)
            )
        except (Conflict, NotFound, Unprocessable) as exc:
            skipped.append({"candidate_id": str(item.candidate_id), "reason": exc.message})
    return created, skipped
