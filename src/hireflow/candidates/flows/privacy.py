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

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.candidates import repository
from hireflow.kit.errors import NotFound
from hireflow.resumes import service as resume_service
from hireflow.resumes.models import Resume
from hireflow.resumes.storage import ResumeStorage, StoredFileMissing


def _plain(value: Any) -> Any:
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
    actor_id: uuid.UUID,
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
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for resume in resumes:
            entry = _row(resume)
            entry["sections"] = [
                _row(s) for s in await resume_service.sections_of(session, resume.id)
            ]
            entry["reviews"] = await _reviews(session, resume.id)
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


async def _reviews(session: AsyncSession, resume_id: uuid.UUID) -> list[dict[str, Any]]:
    requests = await _rows(
        session, "SELECT * FROM review_requests WHERE resume_id = :r", r=resume_id
    )
    for request in requests:
        request["results"] = await _rows(
            session, "SELECT * FROM review_results WHERE review_request_id = :q", q=request["id"]
        )
        for result in request["results"]:
            result["feedback_items"] = await _rows(
                session,
                "SELECT * FROM review_feedback_items WHERE review_result_id = :x",
                x=result["id"],
            )
    return requests


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
    related = list(
        await session.scalars(
            text(
                "SELECT id FROM user_candidate_assignments WHERE candidate_id = :c "
                "UNION ALL SELECT q.id FROM review_requests q JOIN resumes r ON r.id = q.resume_id "
                "WHERE r.candidate_id = :c"
            ),
            {"c": candidate_id},
        )
    )
    keys = {r.storage_key for r in resumes if r.storage_key}
    shared = {
        key
        for key in keys
        if (
            await session.scalar(
                select(Resume.id)
                .where(Resume.storage_key == key, Resume.id.not_in(resume_ids))
                .limit(1)
            )
        )
        is not None
    }
    # Prompt usage keeps the rendered prompt (resume text): it goes with the candidate, even
    # though its foreign key to the review request would only be set to NULL.
    await session.execute(
        text(
            "DELETE FROM prompt_usage_history WHERE review_request_id IN ("
            "SELECT q.id FROM review_requests q JOIN resumes r ON r.id = q.resume_id "
            "WHERE r.candidate_id = :c)"
        ),
        {"c": candidate_id},
    )
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
