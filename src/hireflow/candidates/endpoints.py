"""JSON API of candidates and their assignments."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from hireflow.auth import accounts
from hireflow.auth.dependencies import CurrentUser, Meta, require
from hireflow.auth.permissions import Action, Resource
from hireflow.candidates import repository, service
from hireflow.candidates.schemas import (
    AssignmentIn,
    AssignmentOut,
    CandidateIn,
    CandidateOut,
    CandidateStatus,
    CandidateUpdate,
)
from hireflow.db.dependencies import DbSession
from hireflow.kit.pagination import MAX_LIMIT, Page, decode_cursor, encode_cursor

router = APIRouter(prefix="/api/candidates", tags=["candidates"])


@router.post("", response_model=CandidateOut, status_code=status.HTTP_201_CREATED)
async def create_candidate(
    body: CandidateIn,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.CREATE, Resource.CANDIDATE)],
) -> CandidateOut:
    """Create a candidate. A junior recruiter becomes its primary assignee."""
    candidate = await service.create_candidate(
        session, body, actor_id=user.id, actor_role=user.role, meta=meta
    )
    return CandidateOut.model_validate(candidate)


@router.get(
    "", response_model=Page[CandidateOut], dependencies=[require(Action.VIEW, Resource.CANDIDATE)]
)
async def list_candidates(
    session: DbSession,
    status_filter: Annotated[CandidateStatus | None, Query(alias="status")] = None,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    cursor: str | None = None,
) -> Page[CandidateOut]:
    """Newest first. Juniors see only candidates assigned to them."""
    after = None
    if cursor:
        created, row_id = decode_cursor(cursor, 2)
        after = (datetime.fromisoformat(created), uuid.UUID(row_id))
    rows = await repository.list_candidates(
        session, limit=limit + 1, status=status_filter, after=after
    )
    next_cursor = None
    if len(rows) > limit:
        next_cursor = encode_cursor(rows[limit - 1].created_at.isoformat(), rows[limit - 1].id)
    return Page[CandidateOut](
        items=[CandidateOut.model_validate(c) for c in rows[:limit]], next_cursor=next_cursor
    )


@router.get("/{candidate_id}", response_model=CandidateOut)
async def get_candidate(
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.VIEW, Resource.CANDIDATE)],
) -> CandidateOut:
    candidate = await service.get_candidate(session, candidate_id, actor_id=user.id, meta=meta)
    return CandidateOut.model_validate(candidate)


@router.patch("/{candidate_id}", response_model=CandidateOut)
async def update_candidate(
    candidate_id: uuid.UUID,
    body: CandidateUpdate,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.CANDIDATE)],
) -> CandidateOut:
    """Edit, place or archive a candidate."""
    candidate = await service.update_candidate(
        session, candidate_id, body, actor_id=user.id, meta=meta
    )
    return CandidateOut.model_validate(candidate)


@router.get("/{candidate_id}/assignments", response_model=list[AssignmentOut])
async def list_assignments(
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.VIEW, Resource.ASSIGNMENT)],
) -> list[AssignmentOut]:
    """Assignment history, newest first (juniors see their own rows)."""
    await service.get_candidate(
        session, candidate_id, actor_id=user.id, meta=meta, record_view=False
    )
    rows = await service.assignment_history(session, candidate_id)
    return [AssignmentOut.model_validate(a) for a in rows]


@router.post(
    "/{candidate_id}/assignments", response_model=AssignmentOut, status_code=status.HTTP_201_CREATED
)
async def assign_recruiter(
    candidate_id: uuid.UUID,
    body: AssignmentIn,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.ASSIGN, Resource.ASSIGNMENT)],
) -> AssignmentOut:
    assignee = await accounts.get_user(session, body.user_id)
    assignment = await service.assign(
        session,
        candidate_id,
        body,
        actor_id=user.id,
        meta=meta,
        assignee_active=assignee.is_active,
    )
    return AssignmentOut.model_validate(assignment)


@router.delete("/{candidate_id}/assignments/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def unassign_recruiter(
    candidate_id: uuid.UUID,
    user_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.ASSIGN, Resource.ASSIGNMENT)],
    reason: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    """End an assignment (kept in the history with who, when and why)."""
    await service.unassign(
        session, candidate_id, user_id, reason=reason, actor_id=user.id, meta=meta
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
