"""Merge a duplicate candidate into another, keeping every resume, review and assignment."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity, scrub
from hireflow.candidates import repository
from hireflow.candidates.models import (
    Assignment,
    Candidate,
    CandidateMerge,
    CandidateNote,
    CandidateTag,
)
from hireflow.candidates.service import snapshot
from hireflow.kit.errors import NotFound, Unprocessable
from hireflow.kit.time import utcnow
from hireflow.resumes import service as resumes

_FILLABLE = ("email", "phone", "current_company", "current_position", "years_experience")


async def merge_candidates(
    session: AsyncSession,
    keep_id: uuid.UUID,
    duplicate_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    meta: RequestMeta,
    by: str | None = None,
) -> tuple[Candidate, dict[str, int]]:
    """Move everything of ``duplicate_id`` onto ``keep_id`` and delete the duplicate.

    Resumes keep their order as later versions; assignments move (an assignee already on the
    kept candidate keeps one active row, the other becomes history); blank fields are filled
    from the duplicate. Returns the kept candidate and counts of what moved. ``actor_id``
    None with ``by``: someone without an account (a careers applicant confirming).
    """
    if keep_id == duplicate_id:
        raise Unprocessable("A candidate cannot be merged into itself.")
    # Lock in id order so two opposite merges cannot deadlock.
    for cid in sorted((keep_id, duplicate_id)):
        if await repository.candidate_by_id(session, cid, for_update=True) is None:
            raise NotFound(f"No such candidate: {cid}.")
    keep = await repository.candidate_by_id(session, keep_id)
    duplicate = await repository.candidate_by_id(session, duplicate_id)
    assert keep is not None and duplicate is not None
    before = snapshot(duplicate)

    moved_resumes = await resumes.move_versions(session, duplicate_id, onto=keep_id)

    already = select(Assignment.user_id).where(
        Assignment.candidate_id == keep_id, Assignment.is_active
    )
    await session.execute(
        update(Assignment)
        .where(
            Assignment.candidate_id == duplicate_id,
            Assignment.is_active,
            Assignment.user_id.in_(already),
        )
        .values(
            is_active=False,
            unassigned_at=utcnow(),
            unassigned_reason=f"merged into candidate {keep_id}",
        )
    )
    moved_assignments = (
        await session.execute(
            update(Assignment)
            .where(Assignment.candidate_id == duplicate_id)
            .values(candidate_id=keep_id)
        )
    ).rowcount  # type: ignore[attr-defined]

    moved_notes, moved_tags = await _move_notes_and_tags(session, duplicate_id, keep_id)

    filled = []
    for field in _FILLABLE:
        if getattr(keep, field) is None and getattr(duplicate, field) is not None:
            filled.append(field)
    values: dict[str, Any] = {f: getattr(duplicate, f) for f in filled}
    moved = {
        "resumes": int(moved_resumes or 0),
        "assignments": int(moved_assignments or 0),
        "fields_filled": len(filled),
    }
    moved |= {k: v for k, v in (("notes", moved_notes), ("tags", moved_tags)) if v}
    await session.execute(text("DELETE FROM candidates WHERE id = :d"), {"d": duplicate_id})
    if values:
        await session.execute(update(Candidate).where(Candidate.id == keep_id).values(**values))
    await session.execute(
        insert(CandidateMerge).values(
            id=uuid.uuid4(),
            candidate_id=keep_id,
            merged_candidate_id=duplicate_id,
            merged_snapshot=scrub(before),
            moved=moved,
            merged_by_user_id=actor_id,
        )
    )
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.MERGE,
        entity_type=EntityType.CANDIDATE,
        entity_id=keep_id,
        old={"merged_candidate_id": duplicate_id, **before},
        new={"moved": moved, "filled": filled} | ({"by": by} if by else {}),
        meta=meta,
    )
    session.expire_all()
    kept = await repository.candidate_by_id(session, keep_id)
    assert kept is not None
    return kept, moved


async def _move_notes_and_tags(
    session: AsyncSession, duplicate_id: uuid.UUID, keep_id: uuid.UUID
) -> tuple[int, int]:
    """Notes move as they are; a tag the kept candidate already has is not doubled."""
    notes = await session.execute(
        update(CandidateNote)
        .where(CandidateNote.candidate_id == duplicate_id)
        .values(candidate_id=keep_id)
    )
    kept_tags = select(func.lower(CandidateTag.tag)).where(CandidateTag.candidate_id == keep_id)
    await session.execute(
        delete(CandidateTag).where(
            CandidateTag.candidate_id == duplicate_id, func.lower(CandidateTag.tag).in_(kept_tags)
        )
    )
    tags = await session.execute(
        update(CandidateTag)
        .where(CandidateTag.candidate_id == duplicate_id)
        .values(candidate_id=keep_id)
    )
    return int(notes.rowcount or 0), int(tags.rowcount or 0)  # type: ignore[attr-defined]
