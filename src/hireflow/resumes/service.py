"""Resume operations: add a version from an upload, process it, read, download."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.candidates import service as candidates
from hireflow.candidates.models import Candidate
from hireflow.kit.errors import HireflowError, NotFound
from hireflow.resumes import processing, repository
from hireflow.resumes.document import ParsedResume
from hireflow.resumes.models import Resume, ResumeSectionRow
from hireflow.resumes.storage import ResumeStorage, StoredFileMissing, storage_key

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class IncomingFile:
    filename: str
    data: bytes


@dataclass(frozen=True)
class AddedVersion:
    resume: Resume
    created: bool  # False: the same file was already this candidate's resume


def _safe_filename(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "resume"
    return "".join(ch for ch in base if ch.isprintable())[:255]


async def add_version(
    session: AsyncSession,
    storage: ResumeStorage,
    candidate_id: uuid.UUID,
    incoming: IncomingFile,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
    max_bytes: int,
    document_parsed: ParsedResume | None = None,
    anonymous: bool = False,
) -> AddedVersion:
    """Validate and store a file as the candidate's next resume version.

    ``anonymous``: sent by an anonymous applicant; ``actor_id`` (the job's owner) is kept as
    the uploader the schema requires, and the activity log records the applicant.

    Bad files raise a typed error before anything is written. Re-uploading the same bytes
    returns the existing version. Processing (sections, fields) is queued in this transaction.
    """
    candidate = await candidates.candidate_for_update(session, candidate_id)
    if candidate is None:
        raise NotFound("No such candidate, or it is not assigned to you.")
    filename = _safe_filename(incoming.filename)
    file_hash = hashlib.sha256(incoming.data).hexdigest()
    existing = await repository.version_with_hash(session, candidate_id, file_hash)
    if existing is not None:
        return AddedVersion(existing, created=False)
    document = (
        document_parsed.document
        if document_parsed is not None
        else await processing.extract(incoming.data, filename, max_bytes)
    )
    key = storage_key(file_hash)
    storage.put(key, incoming.data)  # idempotent; an orphan file is harmless, a lost one is not
    resume = Resume(
        id=uuid.uuid4(),
        candidate_id=candidate_id,
        uploaded_by_user_id=actor_id,
        original_filename=filename,
        stored_filename=key,
        storage_key=key,
        file_hash=file_hash,
        file_size=len(incoming.data),
        mime_type=document.mime_type,
        version_number=await repository.latest_version_number(session, candidate_id) + 1,
        metadata_={"source": "upload"},
    )
    processing.record_extraction(resume, document)
    session.add(resume)
    await session.flush()
    await record_activity(
        session,
        user_id=None if anonymous else actor_id,
        action=AuditAction.CREATE,
        entity_type=EntityType.RESUME,
        entity_id=resume.id,
        meta=meta,
        new={"candidate_id": candidate_id, "version": resume.version_number, "file": filename}
        | ({"by": "anonymous applicant"} if anonymous else {}),
    )
    if document_parsed is not None:
        await apply_parse(session, resume, candidate, document_parsed)
    else:
        await queue.defer(
            session,
            "process_resume",
            queueing_lock=f"resume:{resume.id}",
            resume_id=str(resume.id),
        )
    return AddedVersion(resume, created=True)


async def _email_taken(session: AsyncSession, email: str, besides: uuid.UUID) -> bool:
    """Taken by any candidate, including ones row-level security hides from this user."""
    found = await session.scalar(
        text("SELECT hireflow_security.candidate_email_taken(:email, :besides)"),
        {"email": email, "besides": besides},
    )
    return bool(found)


async def apply_parse(
    session: AsyncSession, resume: Resume, candidate: Candidate, parsed: ParsedResume
) -> list[str]:
    """Store sections and fields, and fill the candidate's blanks; returns what was filled."""
    await repository.replace_sections(session, resume.id, parsed.sections)
    processing.record_parse(resume, parsed)
    fields = parsed.fields
    if fields.contact.email and await _email_taken(session, fields.contact.email, candidate.id):
        fields = replace(fields, contact=replace(fields.contact, email=None))
    filled = processing.fill_candidate(candidate, fields)
    await session.flush()
    return filled


async def process_resume(session: AsyncSession, resume_id: uuid.UUID) -> str:
    """The background step: sections and fields from the stored text. Safe to run twice."""
    resume = await repository.resume_by_id(session, resume_id, for_update=True)
    if resume is None:
        return "gone"
    if resume.status == "completed":
        return "already completed"
    candidate = await candidates.candidate_for_update(session, resume.candidate_id)
    assert candidate is not None
    try:
        parsed = processing.parse_stored(resume)
    except HireflowError as exc:
        processing.record_failure(resume, exc.message)
        return "error"
    if parsed is None:
        processing.record_failure(resume, "The file's text is not available; upload it again.")
        return "error"
    await apply_parse(session, resume, candidate, parsed)
    return "completed"


async def get_resume(session: AsyncSession, resume_id: uuid.UUID) -> Resume:
    resume = await repository.resume_by_id(session, resume_id)
    if resume is None:
        raise NotFound("No such resume, or its candidate is not assigned to you.")
    return resume


async def download(
    session: AsyncSession,
    storage: ResumeStorage,
    resume_id: uuid.UUID,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> tuple[Resume, bytes]:
    resume = await get_resume(session, resume_id)
    if not resume.storage_key:
        raise NotFound("This resume's file is not available (it came from v1.0 without a file).")
    try:
        data = storage.get(resume.storage_key)
    except StoredFileMissing as exc:
        raise NotFound("This resume's file is missing from storage.") from exc
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.DOWNLOAD,
        entity_type=EntityType.RESUME,
        entity_id=resume.id,
        meta=meta,
    )
    return resume, data


async def find_resume(
    session: AsyncSession, resume_id: uuid.UUID, *, for_update: bool = False
) -> Resume | None:
    return await repository.resume_by_id(session, resume_id, for_update=for_update)


async def versions_of(session: AsyncSession, candidate_id: uuid.UUID) -> list[Resume]:
    """Every version of a candidate's resume, newest first."""
    return await repository.resumes_of(session, candidate_id)


async def sections_of(session: AsyncSession, resume_id: uuid.UUID) -> list[ResumeSectionRow]:
    return await repository.sections_of(session, resume_id)
