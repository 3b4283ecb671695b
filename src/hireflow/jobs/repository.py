"""Every query of the jobs domain. Row-level security scopes them to the caller."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Select, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.jobs.models import Application, Job, JobTeamMember


async def job_by_id(session: AsyncSession, job_id: uuid.UUID, *, lock: bool = False) -> Job | None:
    query = select(Job).where(Job.id == job_id)
    if lock:
        query = query.with_for_update()
    job: Job | None = await session.scalar(query.execution_options(populate_existing=True))
    return job


_JOB_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended('hireflow.job:' || :job_id, 0))")


async def lock_job(session: AsyncSession, job_id: uuid.UUID) -> Job | None:
    """The job-level lock: a transaction-scoped advisory lock, then the row (FOR UPDATE).
    Always in this order, so that two writers of one job never deadlock."""
    await session.execute(_JOB_LOCK, {"job_id": str(job_id)})
    return await job_by_id(session, job_id, lock=True)


async def list_jobs(
    session: AsyncSession, *, status: str | None, limit: int, offset: int
) -> Sequence[Job]:
    query = select(Job).order_by(Job.created_at.desc(), Job.id).limit(limit).offset(offset)
    if status:
        query = query.where(Job.status == status)
    return (await session.scalars(query)).all()


async def team_of(
    session: AsyncSession, job_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    ids = list(job_ids)
    team: dict[uuid.UUID, list[uuid.UUID]] = {job_id: [] for job_id in ids}
    if ids:
        rows = await session.execute(
            select(JobTeamMember.job_id, JobTeamMember.user_id)
            .where(JobTeamMember.job_id.in_(ids))
            .order_by(JobTeamMember.added_at, JobTeamMember.user_id)
        )
        for job_id, user_id in rows.all():
            team[job_id].append(user_id)
    return team


async def set_team(
    session: AsyncSession, job_id: uuid.UUID, owner: uuid.UUID | None, members: list[uuid.UUID]
) -> None:
    await session.execute(delete(JobTeamMember).where(JobTeamMember.job_id == job_id))
    rows = []
    if owner is not None:
        rows.append({"job_id": job_id, "user_id": owner, "role": "owner"})
    rows.extend(
        {"job_id": job_id, "user_id": m, "role": "member"}
        for m in dict.fromkeys(members)
        if m != owner
    )
    if rows:
        await session.execute(pg_insert(JobTeamMember).values(rows).on_conflict_do_nothing())


async def application_by_id(session: AsyncSession, application_id: uuid.UUID) -> Application | None:
    application: Application | None = await session.scalar(
        select(Application)
        .where(Application.id == application_id)
        .execution_options(populate_existing=True)
    )
    return application


def _ranked(job_id: uuid.UUID) -> Select[Application]:
    """A job's applications in the applicants page's order (``idx_applications_job_ranked``):
    ranked ones by rank; then scored by score; unscorable last; then by arrival."""
    return (
        select(Application)
        .where(Application.job_id == job_id)
        .order_by(
            Application.rank.asc().nulls_last(),
            Application.fit_score.desc().nulls_last(),
            Application.applied_at,
            Application.id,
        )
        .execution_options(populate_existing=True)
    )


async def applications_of(session: AsyncSession, job_id: uuid.UUID) -> Sequence[Application]:
    """All of a job's applications, ranked (use :func:`applications_page` for a page)."""
    return (await session.scalars(_ranked(job_id))).all()


async def applications_page(
    session: AsyncSession, job_id: uuid.UUID, *, offset: int, limit: int
) -> Sequence[Application]:
    """``limit`` of a job's ranked applications from position ``offset`` (0-based)."""
    return (await session.scalars(_ranked(job_id).offset(offset).limit(limit))).all()


async def stage_counts(
    session: AsyncSession, job_id: uuid.UUID
) -> dict[tuple[str, str | None], int]:
    """How many of a job's applications (the caller may see) are in each status, with the
    dropout reason (one grouped query, no rows loaded)."""
    rows = await session.execute(
        select(Application.shortlist_status, Application.dropout_reason, func.count())
        .where(Application.job_id == job_id)
        .group_by(Application.shortlist_status, Application.dropout_reason)
    )
    return {(status, reason): int(count) for status, reason, count in rows.all()}


async def applications_in_job(
    session: AsyncSession, job_id: uuid.UUID, application_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of ``application_ids`` are applications of the job."""
    if not application_ids:
        return set()
    found = await session.scalars(
        select(Application.id).where(
            Application.job_id == job_id, Application.id.in_(list(application_ids))
        )
    )
    return set(found.all())


async def applications_of_candidate(
    session: AsyncSession, candidate_id: uuid.UUID
) -> Sequence[Application]:
    """A candidate's applications that the caller may see, newest first."""
    query = (
        select(Application)
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.applied_at.desc(), Application.id)
    )
    return (await session.scalars(query)).all()


@dataclass(frozen=True)
class Standing:
    """One application as shortlisting reads it."""

    id: uuid.UUID
    fit_score: Decimal | None
    applied_at: datetime
    shortlist_status: str
    rank: int | None
    buffer_position: int | None
    manual_decision: bool
    must_have_matched: int


_STANDINGS = text(
    """
    SELECT id, fit_score, applied_at, shortlist_status, rank, buffer_position, manual_decision,
           CASE jsonb_typeof(score_breakdown -> 'must_have_matched')
                WHEN 'array' THEN jsonb_array_length(score_breakdown -> 'must_have_matched')
                ELSE 0 END AS must_have_matched
      FROM applications
     WHERE job_id = :job_id
     ORDER BY rank ASC NULLS LAST, fit_score DESC NULLS LAST, applied_at, id
    """
)


async def standings_of(session: AsyncSession, job_id: uuid.UUID) -> Sequence[Standing]:
    """What shortlisting needs of each of a job's applications, as plain rows (no ORM
    objects: a 10,000-application job loads in one light query), in ``applications_of``
    order."""
    rows = await session.execute(_STANDINGS, {"job_id": job_id})
    return [Standing(*row) for row in rows.all()]


async def stale_applications(session: AsyncSession, job: Job) -> Sequence[Application]:
    """Applications not scored against the job's current requirements, or unscorable last
    time (only these are loaded as ORM objects)."""
    query = (
        select(Application)
        .where(
            Application.job_id == job.id,
            (Application.ai_processed.is_(False))
            | Application.scored_requirements_version.is_distinct_from(job.requirements_version)
            | Application.score_error.is_not(None),
        )
        .order_by(
            Application.rank.asc().nulls_last(),
            Application.fit_score.desc().nulls_last(),
            Application.applied_at,
            Application.id,
        )
        .execution_options(populate_existing=True)
    )
    return (await session.scalars(query)).all()


async def move_applications(
    session: AsyncSession, candidate_id: uuid.UUID, *, onto: uuid.UUID
) -> int:
    """Give ``candidate_id``'s applications to ``onto`` (a merge); one for a job ``onto``
    already applied to stays behind (and goes with its candidate). Returns how many moved."""
    taken = select(Application.job_id).where(Application.candidate_id == onto)
    moved = (
        await session.scalars(
            update(Application)
            .where(Application.candidate_id == candidate_id, Application.job_id.not_in(taken))
            .values(candidate_id=onto)
            .returning(Application.id)
        )
    ).all()
    if moved:  # their stage history goes with them (the duplicate's rows are deleted next)
        await session.execute(
            text(
                "UPDATE application_stage_history SET candidate_id = :onto "
                "WHERE application_id = ANY(CAST(:ids AS uuid[]))"
            ),
            {"onto": onto, "ids": [str(i) for i in moved]},
        )
    return len(moved)


async def application_exists(
    session: AsyncSession, job_id: uuid.UUID, candidate_id: uuid.UUID
) -> bool:
    found = await session.scalar(
        select(func.count())
        .select_from(Application)
        .where(Application.job_id == job_id, Application.candidate_id == candidate_id)
    )
    return bool(found)


async def jobs_due_to_close(session: AsyncSession, now: datetime) -> Sequence[uuid.UUID]:
    rows = await session.scalars(
        select(Job.id).where(
            Job.status == "open",
            Job.applications_closed.is_(False),
            Job.automation_enabled.is_(True),
            Job.closing_date.is_not(None),
            Job.closing_date <= now,
        )
    )
    return rows.all()


async def pool_resume_ids(
    session: AsyncSession, job_id: uuid.UUID, *, besides: Sequence[uuid.UUID], limit: int
) -> Sequence[uuid.UUID]:
    """Resume versions of the job's most recent other applications (the scoring pool)."""
    query = (
        select(Application.resume_id)
        .where(Application.job_id == job_id, Application.resume_id.is_not(None))
        .order_by(Application.applied_at.desc(), Application.id)
        .limit(limit)
    )
    if besides:
        query = query.where(Application.id.not_in(list(besides)))
    return [rid for rid in (await session.scalars(query)).all() if rid is not None]


async def application_ids_of(session: AsyncSession, job_id: uuid.UUID) -> Sequence[uuid.UUID]:
    return (await session.scalars(select(Application.id).where(Application.job_id == job_id))).all()


async def mark_unscored(session: AsyncSession, job_id: uuid.UUID) -> None:
    await session.execute(
        update(Application).where(Application.job_id == job_id).values(ai_processed=False)
    )
