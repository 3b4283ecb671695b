"""Resume operations: add a version from an upload, process it, read, download."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import ColumnElement, any_, bindparam, false, func, literal_column, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from hireflow import queue
from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.automation import progress
from hireflow.db.session import requester_of
from hireflow.kit.errors import HireflowError, NotFound
from hireflow.resumes import processing, repository
from hireflow.resumes.document import ParsedResume, ResumeSection
from hireflow.resumes.models import Resume, ResumeSectionRow
from hireflow.resumes.serialization import document_from_json, fields_from_json
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


@dataclass(frozen=True)
class ProcessedResume:
    outcome: str  # completed | error | gone | already completed
    candidate_id: uuid.UUID | None = None
    parsed: ParsedResume | None = None  # set when this run parsed the version


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

    The caller has checked (and locked) the candidate: ``candidates.flows.intake.add_resume``,
    or a flow that has just created it. Bad files raise a typed error before anything is
    written. Re-uploading the same bytes returns the existing version. With
    ``document_parsed`` the sections and fields are stored at once; otherwise processing is
    queued in this transaction.
    """
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
        await apply_parse(session, resume, document_parsed)
    else:
        await queue.defer(
            session,
            "process_resume",
            queueing_lock=f"resume:{resume.id}",
            resume_id=str(resume.id),
            requested_by=requester_of(session),
        )
    return AddedVersion(resume, created=True)


async def apply_parse(session: AsyncSession, resume: Resume, parsed: ParsedResume) -> None:
    """Store a version's sections and fields (filling the candidate is the candidates'
    domain: ``candidates.blanks``)."""
    await repository.replace_sections(session, resume.id, parsed.sections)
    processing.record_parse(resume, parsed)
    await session.flush()


async def process_resume(session: AsyncSession, resume_id: uuid.UUID) -> ProcessedResume:
    """The background step: sections and fields from the stored text. Safe to run twice."""
    resume = await repository.resume_by_id(session, resume_id, for_update=True)
    if resume is None:
        return ProcessedResume("gone")
    if resume.status == "completed":
        return ProcessedResume("already completed", resume.candidate_id)
    try:
        parsed = processing.parse_stored(resume)
    except HireflowError as exc:
        processing.record_failure(resume, exc.message)
        return ProcessedResume("error", resume.candidate_id)
    if parsed is None:
        processing.record_failure(resume, "The file's text is not available; upload it again.")
        return ProcessedResume("error", resume.candidate_id)
    await apply_parse(session, resume, parsed)
    return ProcessedResume("completed", resume.candidate_id, parsed)


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


async def unparsed_text_versions(
    session: AsyncSession, candidate_ids: list[uuid.UUID]
) -> list[uuid.UUID]:
    """Versions of these candidates with stored text but no parsed fields (migrated v1.0
    rows), oldest upload first."""
    return await repository.unparsed_text_versions(session, candidate_ids)


async def resumes_for_update(session: AsyncSession, resume_ids: list[uuid.UUID]) -> list[Resume]:
    """Many versions by id, locked, in one query (in the order of ``resume_ids``)."""
    rows = {r.id: r for r in await repository.resumes_by_ids(session, resume_ids, for_update=True)}
    return [rows[rid] for rid in resume_ids if rid in rows]


async def move_versions(session: AsyncSession, candidate_id: uuid.UUID, *, onto: uuid.UUID) -> int:
    """Move every version of ``candidate_id`` onto candidate ``onto`` as its later versions
    (in their order); returns how many moved (a merge of duplicates)."""
    return await repository.move_versions(session, candidate_id, onto)


async def sections_of_versions(
    session: AsyncSession, resume_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[ResumeSectionRow]]:
    """The stored sections of many versions in one query, in order, keyed by resume id."""
    return await repository.sections_of_many(session, resume_ids)


async def storage_keys_in_use(
    session: AsyncSession, keys: set[str], *, besides: list[uuid.UUID]
) -> set[str]:
    """Which of ``keys`` another version (not in ``besides``) still stores (one query)."""
    return await repository.storage_keys_in_use(session, keys, besides)


@dataclass(frozen=True)
class StoredParse:
    """A version's stored parse: the contract other domains read (reviews, fit scoring).

    ``section_ids`` maps a section's order to its stored row, so feedback can point at it.
    """

    resume_id: uuid.UUID
    candidate_id: uuid.UUID
    parsed: ParsedResume
    section_ids: dict[int, uuid.UUID]


def _section(row: Any) -> ResumeSection:
    return ResumeSection(
        section_type=row.section_type,
        title=row.section_title,
        content=row.content,
        start=row.start_position or 0,
        end=row.end_position or 0,
        start_page=row.start_page or 1,
        end_page=row.end_page or 1,
        order=row.sequence_order,
        confidence=row.confidence_score or 0,
    )


async def stored_parses(
    session: AsyncSession, resume_ids: list[uuid.UUID]
) -> dict[uuid.UUID, StoredParse]:
    """The stored parse (document, sections, fields) of many versions in two queries.

    Nothing is extracted or parsed again. A version that has no stored parse (not processed
    yet, failed, or migrated text without a document) is absent from the result.
    """
    wanted = list(dict.fromkeys(resume_ids))
    rows = await repository.parse_rows(session, wanted)
    sections: dict[uuid.UUID, list[Any]] = {}
    for section in await repository.section_rows(session, [row.id for row in rows]):
        sections.setdefault(section.resume_id, []).append(section)
    found: dict[uuid.UUID, StoredParse] = {}
    for row in rows:
        mine = sections.get(row.id, [])
        parsed = ParsedResume(
            document=document_from_json(row.extracted_text, row.document),
            sections=tuple(_section(section) for section in mine),
            fields=fields_from_json(row.fields),
        )
        found[row.id] = StoredParse(
            row.id, row.candidate_id, parsed, {s.sequence_order: s.id for s in mine}
        )
    return found


async def texts_of(
    session: AsyncSession, resume_ids: list[uuid.UUID]
) -> dict[uuid.UUID, str | None]:
    """Extracted texts of many versions in one query (missing ones: absent)."""
    return {r.id: r.extracted_text for r in await repository.resumes_by_ids(session, resume_ids)}


async def resume_of_candidate(
    session: AsyncSession, candidate_id: uuid.UUID, resume_id: uuid.UUID | None
) -> uuid.UUID | None:
    """The candidate's chosen version (it must be theirs), or their latest one."""
    return await repository.resume_of_candidate(session, candidate_id, resume_id)


async def dashboard_counts(session: AsyncSession) -> dict[str, int]:
    """Versions waiting for or in processing, and versions that failed."""
    return await repository.status_counts(session)


# A resume-text match of more candidates than this is checked row by row along the page's
# sort order (it then finds a page within a few hundred rows) instead of listed.
RESUME_MATCHES_LISTED = 10_000
# The same bound for identities that see only their visible set (a junior's ~2,000): past
# it, their candidates are checked one at a time along the page order, so a word in most
# resumes costs a page's checks instead of parsing every visible resume.
VISIBLE_MATCHES_LISTED = 50


async def resume_words_condition(
    session: AsyncSession,
    tsquery: str,
    candidate_id: ColumnElement[Any] | QueryableAttribute[Any],
    *,
    sees_all: bool,
) -> ColumnElement[bool]:
    """A condition on ``candidate_id``: the candidate's resume text holds every word of
    ``tsquery`` (a ``to_tsquery`` 'simple' expression), among the resumes the transaction's
    identity may see.

    Not a sub-select on ``resumes``: under row-level security the policy runs before the
    (not leakproof) ``@@``, so ``idx_resumes_text_search`` could never serve it and every
    resume was read and parsed. The security functions run the indexed match under the
    policy's rule. The matches are listed (one query, then ``= ANY`` of the ids); past
    :data:`RESUME_MATCHES_LISTED` of them (:data:`VISIBLE_MATCHES_LISTED` within a junior's
    visible set), one candidate's resumes are checked at a time as the page is read (the
    caller reads its page in sort order before this condition, so it stops at a page). For
    those who see every resume, whether a word is that common is first asked of the
    planner's statistics (``resume_words_estimate``, no row read), so a common word skips
    the listing; an underestimate still lists and falls back. For anyone else the function
    makes that choice inside, and what it returns depends on their visible set only.
    """
    words = func.to_tsquery(literal_column("'simple'::regconfig"), tsquery)
    checked: ColumnElement[bool] = func.hireflow_security.resume_has_words(candidate_id, words)
    if sees_all:
        # The planner's estimate (no row read) says a word is common before any listing.
        estimate = await session.scalar(select(func.hireflow_security.resume_words_estimate(words)))
        if estimate is not None and estimate > RESUME_MATCHES_LISTED:
            return checked
    listed_up_to = RESUME_MATCHES_LISTED if sees_all else VISIBLE_MATCHES_LISTED
    listed = select(func.hireflow_security.candidates_with_resume_words(words, listed_up_to + 1))
    found = list((await session.scalars(listed)).all())
    if len(found) > listed_up_to:
        return checked
    if not found:
        return false()
    return candidate_id == any_(bindparam("resume_word_matches", found, ARRAY(PG_UUID())))


async def track_parsing(
    session: AsyncSession,
    resume_ids: Sequence[uuid.UUID],
    *,
    kind: progress.Kind,
    label: str,
    actor_id: uuid.UUID | None,
    link: str | None = None,
) -> uuid.UUID | None:
    """One progress record over the versions that still wait for the background parse
    (``process_resume`` finishes each item); None when none waits."""
    if not resume_ids:
        return None
    waiting = (
        await session.scalars(
            select(Resume.id).where(
                Resume.id.in_(resume_ids), Resume.status.in_(("pending", "processing"))
            )
        )
    ).all()
    if not waiting:
        return None
    return await progress.start(
        session,
        kind,
        label,
        [progress.item("resume", rid) for rid in waiting],
        actor_id=actor_id,
        link=link,
    )
