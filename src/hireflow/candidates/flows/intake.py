"""A resume version arrives for a candidate: the resumes domain stores and parses it, the
candidates domain fills the candidate's blanks from the parsed fields."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import RequestMeta
from hireflow.candidates import blanks, service
from hireflow.kit.errors import NotFound
from hireflow.resumes import service as resumes
from hireflow.resumes.document import ParsedResume
from hireflow.resumes.service import AddedVersion, IncomingFile
from hireflow.resumes.storage import ResumeStorage


async def add_resume(
    session: AsyncSession,
    storage: ResumeStorage,
    candidate_id: uuid.UUID,
    incoming: IncomingFile,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
    max_bytes: int,
    document_parsed: ParsedResume | None = None,
) -> AddedVersion:
    """Add a resume version to a visible candidate (locked for the transaction).

    With ``document_parsed`` (bulk import) the blanks are filled at once; otherwise the
    background ``process_resume`` job parses the version and fills them.
    """
    if await service.candidate_for_update(session, candidate_id) is None:
        raise NotFound("No such candidate, or it is not assigned to you.")
    added = await resumes.add_version(
        session,
        storage,
        candidate_id,
        incoming,
        actor_id=actor_id,
        meta=meta,
        max_bytes=max_bytes,
        document_parsed=document_parsed,
    )
    if added.created and document_parsed is not None:
        await blanks.fill_from_resume(session, candidate_id, document_parsed.fields)
    return added


async def process_resume(session: AsyncSession, resume_id: uuid.UUID) -> str:
    """The background step: parse the stored version, then fill its candidate's blanks."""
    processed = await resumes.process_resume(session, resume_id)
    if processed.parsed is not None and processed.candidate_id is not None:
        await blanks.fill_from_resume(session, processed.candidate_id, processed.parsed.fields)
    return processed.outcome
