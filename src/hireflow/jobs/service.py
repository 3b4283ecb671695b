"""Jobs: create, edit (re-scoring when requirements change), read, extend the deadline."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.auth import accounts
from hireflow.auth.permissions import sees_all_candidates
from hireflow.automation.service import Trigger, log_action
from hireflow.jobs import repository
from hireflow.jobs.models import Application, Job
from hireflow.jobs.schemas import REQUIREMENT_FIELDS, JobIn, JobOut, JobUpdate
from hireflow.jobs.scoring.profile import EDUCATION_LEVELS
from hireflow.kit.errors import BadRequest, Conflict, Forbidden, NotFound


async def to_out(session: AsyncSession, jobs: Sequence[Job]) -> list[JobOut]:
    teams = await repository.team_of(session, [j.id for j in jobs])
    return [
        JobOut.model_validate(job).model_copy(update={"team_member_ids": teams[job.id]})
        for job in jobs
    ]


async def get_job(session: AsyncSession, job_id: uuid.UUID, *, lock: bool = False) -> Job:
    """The job; with ``lock``, under the job-level lock (advisory lock, then the row)."""
    job = await (
        repository.lock_job(session, job_id) if lock else repository.job_by_id(session, job_id)
    )
    if job is None:
        raise NotFound("There is no such job, or it is not on your hiring teams.")
    return job


async def applications_of(session: AsyncSession, job_id: uuid.UUID) -> Sequence[Application]:
    return await repository.applications_of(session, job_id)


async def find_application(session: AsyncSession, application_id: uuid.UUID) -> Application | None:
    return await repository.application_by_id(session, application_id)


async def jobs_due_to_close(session: AsyncSession, now: datetime) -> Sequence[uuid.UUID]:
    return await repository.jobs_due_to_close(session, now)


async def _check_team(
    session: AsyncSession, owner: uuid.UUID | None, members: list[uuid.UUID]
) -> None:
    """Every named owner and member must be an active recruiter account (one query)."""
    wanted = list(dict.fromkeys([*members, *([owner] if owner else [])]))
    users = await accounts.users_by_ids(session, wanted)
    for user_id in wanted:
        user = users.get(user_id)
        if user is None:
            raise BadRequest(f"There is no user {user_id} to put on the hiring team.")
        if not user.is_active:
            raise BadRequest(f"{user.email} is deactivated and cannot join the hiring team.")


async def create_job(
    session: AsyncSession, body: JobIn, *, actor_id: uuid.UUID, meta: RequestMeta
) -> Job:
    values = body.model_dump(exclude={"team_member_ids", "scoring_weights"})
    values["min_years_experience"] = Decimal(str(body.min_years_experience))
    if body.shortlisting_buffer is None:
        values["shortlisting_buffer"] = body.number_of_openings
    values["owner_user_id"] = body.owner_user_id or actor_id
    await _check_team(session, body.owner_user_id, body.team_member_ids)
    job = Job(
        **values,
        scoring_weights=body.scoring_weights.model_dump(),
        created_by_user_id=actor_id,
    )
    session.add(job)
    await session.flush()
    await repository.set_team(session, job.id, job.owner_user_id, body.team_member_ids)
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.CREATE,
        entity_type=EntityType.JOB,
        entity_id=job.id,
        new={"title": job.title, "openings": job.number_of_openings},
        meta=meta,
    )
    return await get_job(session, job.id)


async def update_job(
    session: AsyncSession,
    job_id: uuid.UUID,
    body: JobUpdate,
    *,
    actor_id: uuid.UUID,
    actor_role: str,
    meta: RequestMeta,
) -> tuple[Job, bool]:
    """Apply the changes; returns the job and whether its applications must be re-scored."""
    if body.team_member_ids is not None and not sees_all_candidates(actor_role):
        raise Forbidden("Only senior recruiters and admins change a job's hiring team.")
    job = await get_job(session, job_id, lock=True)
    changes = body.model_dump(exclude_unset=True, exclude={"team_member_ids"})
    if "education_level" in changes and changes["education_level"] not in EDUCATION_LEVELS:
        raise BadRequest(f"education_level must be one of {', '.join(EDUCATION_LEVELS)}.")
    for field in ("title", "number_of_openings", "shortlisting_buffer", "automation_enabled"):
        if field in changes and changes[field] is None:
            raise BadRequest(f"{field} cannot be empty.")
    if job.applications_closed and {"status"} & changes.keys() and changes["status"] == "open":
        raise Conflict("Applications are closed and ranked; this job cannot reopen.")
    old: dict[str, Any] = {}
    rescore = False
    for field, value in changes.items():
        if field == "min_years_experience":
            value = Decimal(str(value))
        if field == "scoring_weights":
            value = value or {}
        if getattr(job, field) != value:
            old[field] = getattr(job, field)
            setattr(job, field, value)
            rescore = rescore or field in REQUIREMENT_FIELDS
    if rescore:
        job.requirements_version += 1
    if body.team_member_ids is not None:
        await _check_team(session, None, body.team_member_ids)
        await repository.set_team(session, job.id, job.owner_user_id, body.team_member_ids)
    await session.flush()
    if rescore and not job.applications_closed:
        await queue.defer(
            session,
            "rescore_job",
            queueing_lock=f"rescore:{job.id}",
            job_id=str(job.id),
        )
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.UPDATE,
        entity_type=EntityType.JOB,
        entity_id=job.id,
        old={k: str(v) for k, v in old.items()},
        new={k: str(v) for k, v in changes.items()},
        meta=meta,
    )
    return job, rescore


async def extend_deadline(
    session: AsyncSession, job_id: uuid.UUID, closing_date: Any, *, actor_id: uuid.UUID
) -> Job:
    job = await get_job(session, job_id, lock=True)
    if job.applications_closed:
        raise Conflict("Applications are already closed for this job.")
    previous = job.closing_date
    job.closing_date = closing_date
    await session.flush()
    await log_action(
        session,
        job_id=job.id,
        action="deadline_extended",
        trigger=Trigger.MANUAL,
        actor_id=actor_id,
        details={"from": previous, "to": closing_date},
    )
    return job


async def titles_of(session: AsyncSession, job_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The titles of many jobs in one query (the ones the caller may see)."""
    if not job_ids:
        return {}
    rows = await session.execute(select(Job.id, Job.title).where(Job.id.in_(list(job_ids))))
    return {job_id: title for job_id, title in rows.all()}


async def applications_of_candidate(
    session: AsyncSession, candidate_id: uuid.UUID
) -> Sequence[Application]:
    """A candidate's applications, newest first (the candidate portal)."""
    rows = await session.scalars(
        select(Application)
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.applied_at.desc())
    )
    return rows.all()
