"""Candidate operations: create, read, update, and assignments (with full history)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.auth.roles import Role
from hireflow.candidates import repository
from hireflow.candidates.models import Assignment, Candidate
from hireflow.candidates.schemas import AssignmentIn, CandidateIn, CandidateUpdate
from hireflow.db.writes import flush_or_conflict
from hireflow.kit.errors import Conflict, NotFound, Unprocessable

_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "current_company",
    "current_position",
    "years_experience",
    "status",
)


def snapshot(candidate: Candidate) -> dict[str, Any]:
    return {field: getattr(candidate, field) for field in _FIELDS}


async def create_candidate(
    session: AsyncSession,
    data: CandidateIn,
    *,
    actor_id: uuid.UUID | None,
    actor_role: str,
    meta: RequestMeta,
) -> Candidate:
    """Create a candidate; a junior who creates one becomes its primary assignee.

    ``actor_id`` None: an anonymous applicant (the careers form), recorded as such.
    """
    candidate = Candidate(
        id=uuid.uuid4(), created_by_user_id=actor_id, status="active", **data.model_dump()
    )
    session.add(candidate)
    await flush_or_conflict(session, f"A candidate with the email {data.email} already exists.")
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.CREATE,
        entity_type=EntityType.CANDIDATE,
        entity_id=candidate.id,
        new=snapshot(candidate) | ({} if actor_id else {"by": "anonymous applicant"}),
        meta=meta,
    )
    if actor_role == Role.JUNIOR and actor_id is not None:
        await _add_assignment(session, candidate.id, actor_id, "primary", actor_id, meta)
    await session.refresh(candidate)
    return candidate


async def get_candidate(
    session: AsyncSession,
    candidate_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    meta: RequestMeta,
    record_view: bool = True,
) -> Candidate:
    """A candidate the actor may see; unassigned ones are 'not found' for juniors (RLS)."""
    candidate = await repository.candidate_by_id(session, candidate_id)
    if candidate is None:
        raise NotFound("No such candidate, or it is not assigned to you.")
    if record_view:
        await record_activity(
            session,
            user_id=actor_id,
            action=AuditAction.VIEW,
            entity_type=EntityType.CANDIDATE,
            entity_id=candidate.id,
            meta=meta,
        )
    return candidate


async def update_candidate(
    session: AsyncSession,
    candidate_id: uuid.UUID,
    data: CandidateUpdate,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> Candidate:
    candidate = await repository.candidate_by_id(session, candidate_id, for_update=True)
    if candidate is None:
        raise NotFound("No such candidate, or it is not assigned to you.")
    before = snapshot(candidate)
    changes = data.model_dump(exclude_unset=True)
    for field in ("first_name", "last_name", "status"):
        if field in changes and changes[field] is None:
            raise Unprocessable(f"{field.replace('_', ' ')} cannot be empty.")
    for field, value in changes.items():
        setattr(candidate, field, value)
    await flush_or_conflict(session, "Another candidate already has this email.")
    await session.refresh(candidate)
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.UPDATE,
        entity_type=EntityType.CANDIDATE,
        entity_id=candidate.id,
        old=before,
        new=snapshot(candidate),
        meta=meta,
    )
    return candidate


async def _add_assignment(
    session: AsyncSession,
    candidate_id: uuid.UUID,
    user_id: uuid.UUID,
    kind: str,
    assigned_by: uuid.UUID,
    meta: RequestMeta,
) -> Assignment:
    assignment = Assignment(
        id=uuid.uuid4(),
        user_id=user_id,
        candidate_id=candidate_id,
        assignment_type=kind,
        assigned_by_user_id=assigned_by,
        is_active=True,
    )
    session.add(assignment)
    await flush_or_conflict(session, "This recruiter is already assigned to the candidate.")
    await record_activity(
        session,
        user_id=assigned_by,
        action=AuditAction.ASSIGN,
        entity_type=EntityType.ASSIGNMENT,
        entity_id=assignment.id,
        new={"candidate_id": candidate_id, "user_id": user_id, "assignment_type": kind},
        meta=meta,
    )
    return assignment


async def assign(
    session: AsyncSession,
    candidate_id: uuid.UUID,
    data: AssignmentIn,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
    assignee_active: bool,
) -> Assignment:
    if await repository.candidate_by_id(session, candidate_id) is None:
        raise NotFound("No such candidate.")
    if not assignee_active:
        raise Unprocessable("Only active recruiters can be assigned.")
    if await repository.active_assignment(session, candidate_id, data.user_id) is not None:
        raise Conflict("This recruiter is already assigned to the candidate.")
    assignment = await _add_assignment(
        session, candidate_id, data.user_id, data.assignment_type, actor_id, meta
    )
    await session.refresh(assignment)
    return assignment


async def unassign(
    session: AsyncSession,
    candidate_id: uuid.UUID,
    user_id: uuid.UUID,
    *,
    reason: str | None,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> None:
    assignment = await repository.active_assignment(session, candidate_id, user_id)
    if assignment is None:
        raise NotFound("This recruiter is not assigned to the candidate.")
    await repository.end_assignment(session, assignment.id, reason)
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.UNASSIGN,
        entity_type=EntityType.ASSIGNMENT,
        entity_id=assignment.id,
        old={"candidate_id": candidate_id, "user_id": user_id, "is_active": True},
        new={"is_active": False, "reason": reason},
        meta=meta,
    )


async def assignment_history(session: AsyncSession, candidate_id: uuid.UUID) -> list[Assignment]:
    return await repository.assignments_of(session, candidate_id)


async def candidate_for_update(session: AsyncSession, candidate_id: uuid.UUID) -> Candidate | None:
    """The candidate row, locked for this transaction (None when absent or not visible)."""
    return await repository.candidate_by_id(session, candidate_id, for_update=True)


async def is_visible(session: AsyncSession, candidate_id: uuid.UUID) -> bool:
    """Whether the candidate exists and the acting user may see it (row-level security)."""
    return await repository.candidate_by_id(session, candidate_id) is not None


async def dashboard_counts(session: AsyncSession, user_id: uuid.UUID) -> dict[str, int]:
    """Active candidates (that the user may see) and those assigned to the user."""
    return await repository.dashboard_counts(session, user_id)
