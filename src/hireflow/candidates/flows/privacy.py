"""Data-subject requests: export everything about a candidate, or erase the candidate.

Export: one zip with ``candidate.json`` (the candidate, assignments, resumes with sections
and parsed fields, reviews with results and feedback, merges) and the original files.
Erasure: files deleted from storage (unless another resume still uses the same bytes), rows
deleted, personal data redacted from earlier activity-log rows, and one audit entry that
names no one.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.candidates import repository
from hireflow.kit.errors import NotFound
from hireflow.prompts import service as prompts
from hireflow.resumes import service as resume_service
from hireflow.resumes.storage import ResumeStorage, StoredFileMissing
from hireflow.reviews import service as review_service


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    columns = obj.__table__.columns
    return {c.name: _plain(getattr(obj, c.key)) for c in columns if c.name not in skip}


async def _rows(session: AsyncSession, sql: str, **params: Any) -> list[dict[str, Any]]:
    result = await session.execute(text(sql), params)
    return [{k: _plain(v) for k, v in row._mapping.items()} for row in result]


async def export_candidate(
    session: AsyncSession,
    storage: ResumeStorage,
    candidate_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None,
    meta: RequestMeta,
) -> tuple[str, bytes]:
    """(file name, zip bytes) of everything hireflow holds about the candidate."""
    candidate = await repository.candidate_by_id(session, candidate_id)
    if candidate is None:
        raise NotFound("No such candidate, or it is not assigned to you.")
    resumes = await resume_service.versions_of(session, candidate_id)
    payload: dict[str, Any] = {
        "exported_at": datetime.now().astimezone().isoformat(),
        "candidate": _row(candidate, skip=("search_vector",)),
        "assignments": [_row(a) for a in await repository.assignments_of(session, candidate_id)],
        "resumes": [],
        "merges": await _rows(
            session,
            "SELECT merged_candidate_id, merged_snapshot, moved, "
            "merged_at FROM candidate_merges WHERE candidate_id = :c",
            c=candidate_id,
        ),
        "notes": await _rows(
            session,
            "SELECT body, created_at FROM candidate_notes WHERE candidate_id = :c "
            "ORDER BY created_at, id",
            c=candidate_id,
        ),
        "tags": [
            row["tag"]
            for row in await _rows(
                session,
                "SELECT tag FROM candidate_tags WHERE candidate_id = :c ORDER BY lower(tag)",
                c=candidate_id,
            )
        ],
    }
    # Batched: the sections and the reviews of every version in four queries in all.
    resume_ids = [r.id for r in resumes]
    sections = await resume_service.sections_of_versions(session, resume_ids)
    reviews = await review_service.export_reviews(session, resume_ids)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for resume in resumes:
            entry = _row(resume)
            entry["sections"] = [_row(s) for s in sections.get(resume.id, [])]
            entry["reviews"] = _plain(reviews.get(resume.id, []))
            if resume.storage_key:
                try:
                    name = f"files/v{resume.version_number}_{resume.original_filename}"
                    archive.writestr(name, storage.get(resume.storage_key))
                    entry["file_in_export"] = name
                except StoredFileMissing:
                    entry["file_in_export"] = None
            payload["resumes"].append(entry)
        archive.writestr(
            "candidate.json", json.dumps(payload, ensure_ascii=False, indent=2, default=str)
        )
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.EXPORT,
        entity_type=EntityType.CANDIDATE,
        entity_id=candidate_id,
        meta=meta,
    )
    return f"candidate-{candidate_id}.zip", buffer.getvalue()


async def erase_candidate(
    session: AsyncSession,
    candidate_id: uuid.UUID,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> dict[str, int]:
    """Erase a candidate for good. Returns counts of what was removed."""
    candidate = await repository.candidate_by_id(session, candidate_id, for_update=True)
    if candidate is None:
        raise NotFound("No such candidate, or it is not assigned to you.")
    resumes = await resume_service.versions_of(session, candidate_id)
    resume_ids = [r.id for r in resumes]
    review_ids = await review_service.review_request_ids_of(session, resume_ids)
    assignment_ids = [a.id for a in await repository.assignments_of(session, candidate_id)]
    related = [*assignment_ids, *review_ids]
    keys = {r.storage_key for r in resumes if r.storage_key}
    shared = await resume_service.storage_keys_in_use(session, keys, besides=resume_ids)
    # Prompt usage keeps the rendered prompt (resume text): it goes with the candidate, even
    # though its foreign key to the review request would only be set to NULL.
    await prompts.forget_usage_of_reviews(session, review_ids)
    await session.execute(text("DELETE FROM candidates WHERE id = :c"), {"c": candidate_id})
    redacted = await session.scalar(
        text("SELECT hireflow_security.redact_activity(:ids)"),
        {"ids": [candidate_id, *resume_ids, *related]},
    )
    if keys - shared:
        # Deleted only once this transaction commits: a rolled-back erasure keeps its files.
        await queue.defer(session, "delete_resume_files", storage_keys=sorted(keys - shared))
    counts = {
        "resumes": len(resumes),
        "files_deleted": len(keys - shared),
        "activity_entries_redacted": int(redacted or 0),
    }
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.DELETE,
        entity_type=EntityType.CANDIDATE,
        entity_id=candidate_id,
        new={"erased": True, **counts},
        meta=meta,
    )
    return counts
