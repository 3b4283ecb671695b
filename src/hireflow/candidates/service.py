"""Candidate operations: create, read, update, and assignments (with full history)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
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
    pending = await _pending_email(session, data.email, besides=None)
    if pending:
        data = data.model_copy(update={"email": None})
    candidate = Candidate(
        id=uuid.uuid4(),
        created_by_user_id=actor_id,
        status="active",
        **data.model_dump(),
        metadata_=_pending_metadata({}, pending),
    )
    session.add(candidate)
    await flush_or_conflict(session, f"A candidate with the email {data.email} already exists.")
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.CREATE,
        entity_type=EntityType.CANDIDATE,
        entity_id=candidate.id,
        new=snapshot(candidate)
        | ({} if actor_id else {"by": "anonymous applicant"})
        | ({"pending_email": pending} if pending else {}),
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
    pending = await _pending_email(session, changes.get("email"), besides=candidate.id)
    if pending:
        changes["email"] = None
        candidate.metadata_ = _pending_metadata(dict(candidate.metadata_ or {}), pending)
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
        new=snapshot(candidate) | ({"pending_email": pending} if pending else {}),
        meta=meta,
    )
    return candidate


async def _pending_email(
    session: AsyncSession, email: str | None, *, besides: uuid.UUID | None
) -> str | None:
    """``email`` when another profile that the acting user cannot see already has it.

    Such a profile must stay invisible (no 409 naming it), so the new or edited profile is
    filed anyway, the address kept aside as ``pending_email`` and the profile flagged as a
    pending duplicate for a senior recruiter to merge. A clash with a visible profile is
    still a 409 (it reveals nothing).
    """
    if not email:
        return None
    taken, visible = await repository.email_holder(session, email, besides=besides)
    return email if taken and not visible else None


def _pending_metadata(metadata: dict[str, Any], pending: str | None) -> dict[str, Any]:
    if pending:
        metadata |= {
            "pending_email": pending,
            "pending_duplicate": "same email as a hidden profile",
        }
    return metadata


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


# Profile fields whose presence counts towards completeness (no-show risk input). Only
# whether a field is filled in counts, never its value.
PROFILE_FIELDS = ("email", "phone", "current_company", "current_position", "years_experience")


async def profile_completeness(
    session: AsyncSession, candidate_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, float]:
    """The share of :data:`PROFILE_FIELDS` filled in, per visible candidate (one query)."""
    if not candidate_ids:
        return {}
    columns = [getattr(Candidate, name) for name in PROFILE_FIELDS]
    rows = await session.execute(
        select(Candidate.id, *columns).where(Candidate.id.in_(list(candidate_ids)))
    )
    return {
        row[0]: sum(value not in (None, "") for value in row[1:]) / len(PROFILE_FIELDS)
        for row in rows.all()
    }


async def candidates_by_ids(
    session: AsyncSession, candidate_ids: list[uuid.UUID]
) -> dict[uuid.UUID, Candidate]:
    """The candidates the acting user may see among ``candidate_ids``, in one query (no view
    is recorded: for e-mails and batch work, not for showing a profile)."""
    return await repository.candidates_by_ids(session, candidate_ids)


async def names_of(session: AsyncSession, candidate_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Full names of the candidates the acting user may see, by id (others are left out)."""
    return await repository.names_of(session, candidate_ids)
