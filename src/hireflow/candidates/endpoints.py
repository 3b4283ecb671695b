"""JSON API of candidates and their assignments."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from hireflow.auth import accounts
from hireflow.auth.dependencies import CurrentUser, Meta, require
from hireflow.auth.permissions import Action, Resource
from hireflow.candidates import duplicates, search, service
from hireflow.candidates.flows import merge, privacy
from hireflow.candidates.schemas import (
    AssignmentIn,
    AssignmentOut,
    CandidateIn,
    CandidateOut,
    CandidateStatus,
    CandidateUpdate,
    DuplicateOut,
    ErasureOut,
    MergeIn,
    MergeOut,
)
from hireflow.candidates.search import SortKey
from hireflow.db.dependencies import DbSession
from hireflow.jobs import service as jobs
from hireflow.kit.errors import Conflict
from hireflow.kit.pagination import MAX_LIMIT, Page
from hireflow.resumes.dependencies import Storage

router = APIRouter(prefix="/api/candidates", tags=["candidates"])


@router.post("", response_model=CandidateOut, status_code=status.HTTP_201_CREATED)
async def create_candidate(
    body: CandidateIn,
    session: DbSession,
    meta: Meta,
    response: Response,
    user: Annotated[CurrentUser, require(Action.CREATE, Resource.CANDIDATE)],
    allow_duplicate: Annotated[
        bool, Query(description="Create even when someone has the same email or phone.")
    ] = False,
) -> CandidateOut:
    """Create a candidate. A junior recruiter becomes its primary assignee.

    Someone with the same email or phone: 409 listing them (unless ``allow_duplicate``).
    A similar name at a similar company: created, and named in ``X-Possible-Duplicates``.
    """
    matches = await duplicates.find_duplicates(
        session,
        first_name=body.first_name,
        last_name=body.last_name,
        email=body.email,
        phone=body.phone,
        company=body.current_company,
    )
    strong = [m for m in matches if m.strong]
    if strong and not allow_duplicate:
        raise Conflict(
            "This person may already be here; merge, or create anyway with allow_duplicate.",
            details=[
                {
                    "id": str(m.candidate.id),
                    "name": m.candidate.full_name,
                    "reasons": list(m.reasons),
                }
                for m in strong
            ],
        )
    candidate = await service.create_candidate(
        session, body, actor_id=user.id, actor_role=user.role, meta=meta
    )
    if matches:
        response.headers["X-Possible-Duplicates"] = ",".join(str(m.candidate.id) for m in matches)
    return CandidateOut.model_validate(candidate)


@router.get(
    "", response_model=Page[CandidateOut], dependencies=[require(Action.VIEW, Resource.CANDIDATE)]
)
async def list_candidates(
    session: DbSession,
    q: Annotated[str | None, Query(max_length=200, description="Words or a fuzzy name")] = None,
    status_filter: Annotated[CandidateStatus | None, Query(alias="status")] = None,
    assigned_to: uuid.UUID | None = None,
    created_by: uuid.UUID | None = None,
    sort: SortKey = "newest",
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    cursor: str | None = None,
) -> Page[CandidateOut]:
    """Search and list. Juniors see only candidates assigned to them."""
    rows, next_cursor = await search.search(
        session,
        search.CandidateQuery(
            q=q,
            status=status_filter,
            assigned_to=assigned_to,
            created_by=created_by,
            sort=sort,
            limit=limit,
            cursor=cursor,
        ),
    )
    return Page[CandidateOut](
        items=[CandidateOut.model_validate(c) for c in rows], next_cursor=next_cursor
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


@router.get("/{candidate_id}/duplicates", response_model=list[DuplicateOut])
async def likely_duplicates(
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.VIEW, Resource.CANDIDATE)],
) -> list[DuplicateOut]:
    """Candidates that look like the same person, with the reasons."""
    candidate = await service.get_candidate(
        session, candidate_id, actor_id=user.id, meta=meta, record_view=False
    )
    matches = await duplicates.find_duplicates(
        session,
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        email=candidate.contact_email,
        phone=candidate.phone,
        company=candidate.current_company,
        exclude=candidate.id,
    )
    return [
        DuplicateOut(
            candidate=CandidateOut.model_validate(m.candidate),
            reasons=list(m.reasons),
            strong=m.strong,
        )
        for m in matches
    ]


@router.post("/{candidate_id}/merge", response_model=MergeOut)
async def merge_duplicate(
    candidate_id: uuid.UUID,
    body: MergeIn,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.DELETE, Resource.CANDIDATE)],
) -> MergeOut:
    """Merge ``duplicate_id`` into this candidate: every resume, review, assignment and
    application is kept (an application to a job this candidate applied to stays behind)."""
    await jobs.move_applications(session, body.duplicate_id, onto=candidate_id)
    kept, moved = await merge.merge_candidates(
        session, candidate_id, body.duplicate_id, actor_id=user.id, meta=meta
    )
    return MergeOut(candidate=CandidateOut.model_validate(kept), moved=moved)


@router.get("/{candidate_id}/export")
async def export_candidate(
    candidate_id: uuid.UUID,
    session: DbSession,
    storage: Storage,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.EXPORT, Resource.CANDIDATE)],
) -> Response:
    """Everything about the candidate (data-subject access request): JSON plus files, zipped."""
    name, data = await privacy.export_candidate(
        session, storage, candidate_id, actor_id=user.id, meta=meta
    )
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.delete("/{candidate_id}", response_model=ErasureOut)
async def erase_candidate(
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.DELETE, Resource.CANDIDATE)],
) -> ErasureOut:
    """Erase the candidate for good (data-subject erasure request)."""
    counts = await privacy.erase_candidate(session, candidate_id, actor_id=user.id, meta=meta)
    return ErasureOut(erased=True, **counts)
