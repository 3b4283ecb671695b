"""Every query of the candidates domain. Row-level security scopes what a junior sees."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.candidates.models import Assignment, Candidate
from hireflow.kit.time import utcnow


async def candidate_by_id(
    session: AsyncSession, candidate_id: uuid.UUID, *, for_update: bool = False
) -> Candidate | None:
    query = select(Candidate).where(Candidate.id == candidate_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def candidates_by_ids(
    session: AsyncSession, candidate_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Candidate]:
    if not candidate_ids:
        return {}
    rows = await session.scalars(select(Candidate).where(Candidate.id.in_(set(candidate_ids))))
    return {candidate.id: candidate for candidate in rows}


async def email_holder(
    session: AsyncSession, email: str, *, besides: uuid.UUID | None = None
) -> tuple[bool, bool]:
    """Whether another candidate has ``email`` (any case): (taken by anyone, visible to the
    acting user). The first answer comes from a definer function that sees hidden rows."""
    taken = await session.scalar(
        text("SELECT hireflow_security.candidate_email_taken(:email, :besides)"),
        {"email": email, "besides": besides or uuid.UUID(int=0)},
    )
    if not taken:
        return False, False
    query = select(Candidate.id).where(func.lower(Candidate.email) == email.lower())
    if besides is not None:
        query = query.where(Candidate.id != besides)
    return True, (await session.scalar(query.limit(1))) is not None


async def list_candidates(
    session: AsyncSession,
    *,
    limit: int,
    status: str | None = None,
    after: tuple[datetime, uuid.UUID] | None = None,
) -> list[Candidate]:
    query = select(Candidate)
    if status:
        query = query.where(Candidate.status == status)
    if after is not None:
        created, row_id = after
        query = query.where(
            or_(
                Candidate.created_at < created,
                and_(Candidate.created_at == created, Candidate.id < row_id),
            )
        )
    query = query.order_by(Candidate.created_at.desc(), Candidate.id.desc()).limit(limit)
    return list(await session.scalars(query))


async def active_assignment(
    session: AsyncSession, candidate_id: uuid.UUID, user_id: uuid.UUID
) -> Assignment | None:
    return await session.scalar(
        select(Assignment).where(
            Assignment.candidate_id == candidate_id,
            Assignment.user_id == user_id,
            Assignment.is_active,
        )
    )


async def assignments_of(session: AsyncSession, candidate_id: uuid.UUID) -> list[Assignment]:
    return list(
        await session.scalars(
            select(Assignment)
            .where(Assignment.candidate_id == candidate_id)
            .order_by(Assignment.assigned_at.desc(), Assignment.unassigned_at.desc().nulls_first())
        )
    )


async def end_assignment(
    session: AsyncSession, assignment_id: uuid.UUID, reason: str | None
) -> None:
    await session.execute(
        update(Assignment)
        .where(Assignment.id == assignment_id)
        .values(is_active=False, unassigned_at=utcnow(), unassigned_reason=reason)
    )


async def dashboard_counts(session: AsyncSession, user_id: uuid.UUID) -> dict[str, int]:
    row = (
        await session.execute(
            text("""
            SELECT (SELECT count(*) FROM candidates WHERE status = 'active') AS active_candidates,
                   (SELECT count(*) FROM user_candidate_assignments
                     WHERE user_id = :me AND is_active) AS assigned_to_me"""),
            {"me": user_id},
        )
    ).one()
    return {
        "active_candidates": int(row.active_candidates),
        "assigned_to_me": int(row.assigned_to_me),
    }


async def names_of(session: AsyncSession, candidate_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not candidate_ids:
        return {}
    rows = await session.execute(
        select(Candidate.id, Candidate.first_name, Candidate.last_name).where(
            Candidate.id.in_(set(candidate_ids))
        )
    )
    return {row.id: f"{row.first_name} {row.last_name}".strip() for row in rows}
