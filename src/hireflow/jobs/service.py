"""Jobs: create, edit (re-scoring when requirements change), read, extend the deadline."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.auth import accounts
from hireflow.auth.permissions import sees_all_candidates
from hireflow.automation.service import Trigger, log_action
from hireflow.jobs import repository
from hireflow.jobs.models import Application, Job, JobTeamMember
from hireflow.jobs.repository import Standing
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


async def applications_of_candidate(
    session: AsyncSession, candidate_id: uuid.UUID
) -> Sequence[Application]:
    return await repository.applications_of_candidate(session, candidate_id)


async def move_applications(
    session: AsyncSession, candidate_id: uuid.UUID, *, onto: uuid.UUID
) -> int:
    """Give a merged duplicate's applications to the kept candidate (see the repository)."""
    return await repository.move_applications(session, candidate_id, onto=onto)


async def standings_of(session: AsyncSession, job_id: uuid.UUID) -> Sequence[Standing]:
    return await repository.standings_of(session, job_id)


async def find_application(session: AsyncSession, application_id: uuid.UUID) -> Application | None:
    return await repository.application_by_id(session, application_id)


async def jobs_due_to_close(session: AsyncSession, now: datetime) -> Sequence[uuid.UUID]:
    return await repository.jobs_due_to_close(session, now)


async def team_of(
    session: AsyncSession, job_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The hiring team (owner first when added first) of many jobs, in one query."""
    return await repository.team_of(session, job_ids)


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
    team: dict[str, list[str]] = {}
    if body.team_member_ids is not None:
        await _check_team(session, None, body.team_member_ids)
        before = (await repository.team_of(session, [job.id]))[job.id]
        await repository.set_team(session, job.id, job.owner_user_id, body.team_member_ids)
        after = (await repository.team_of(session, [job.id]))[job.id]
        if set(before) != set(after):  # the log names people: before -> after
            team = {"old": [str(i) for i in before], "new": [str(i) for i in after]}
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
        old={k: str(v) for k, v in old.items()} | ({"hiring_team": team["old"]} if team else {}),
        new={k: str(v) for k, v in changes.items()}
        | ({"hiring_team": team["new"]} if team else {}),
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


async def search_jobs(session: AsyncSession, q: str, *, limit: int = 20) -> Sequence[Job]:
    """Jobs whose title, location or description holds ``q`` (case-insensitive)."""
    pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = (
        select(Job)
        .where(
            Job.title.ilike(pattern, escape="\\")
            | Job.location.ilike(pattern, escape="\\")
            | Job.description.ilike(pattern, escape="\\")
        )
        .order_by(Job.created_at.desc(), Job.id)
        .limit(limit)
    )
    return (await session.scalars(query)).all()


async def pipeline_counts(
    session: AsyncSession, job_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, int]]:
    """Applications per stage of many jobs in one query (a withdrawal for "declined" counts
    as declined)."""
    counts: dict[uuid.UUID, dict[str, int]] = {job_id: {} for job_id in job_ids}
    if not job_ids:
        return counts
    rows = await session.execute(
        select(
            Application.job_id,
            Application.shortlist_status,
            Application.dropout_reason == "declined",
            func.count(),
        )
        .where(Application.job_id.in_(list(job_ids)))
        .group_by(Application.job_id, Application.shortlist_status, Application.dropout_reason)
    )
    for job_id, status, declined, count in rows.all():
        key = "declined" if status == "withdrawn" and declined else status
        counts[job_id][key] = counts[job_id].get(key, 0) + int(count)
    return counts


async def application_parties(
    session: AsyncSession, application_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID]]:
    """(candidate id, job id) of many applications in one query (the visible ones)."""
    if not application_ids:
        return {}
    rows = await session.execute(
        select(Application.id, Application.candidate_id, Application.job_id).where(
            Application.id.in_(list(application_ids))
        )
    )
    return {row.id: (row.candidate_id, row.job_id) for row in rows.all()}


async def jobs_of_user(
    session: AsyncSession, user_id: uuid.UUID, *, limit: int = 20
) -> Sequence[Job]:
    """Open jobs the user owns or is on the hiring team of, newest first."""
    team = select(JobTeamMember.job_id).where(JobTeamMember.user_id == user_id)
    query = (
        select(Job)
        .where(Job.status == "open", (Job.owner_user_id == user_id) | Job.id.in_(team))
        .order_by(Job.created_at.desc(), Job.id)
        .limit(limit)
    )
    return (await session.scalars(query)).all()


def buffer_health(buffer_target: int, in_buffer: int) -> str:
    """'empty', 'low' or 'full': how well the buffer can replace a shortlisted drop-out."""
    if buffer_target and in_buffer == 0:
        return "empty"
    return "low" if in_buffer < buffer_target else "full"
