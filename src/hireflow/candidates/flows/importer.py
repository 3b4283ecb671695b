"""Bulk import: a zip, a folder or many files of resumes; one candidate per person.

Each file is extracted and parsed at once (the report needs the parsed email and phone to
spot people who are already here), inside its own savepoint: a bad file is rejected with its
reason and never stops the others.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import RequestMeta
from hireflow.candidates import blanks, duplicates, service
from hireflow.candidates.flows import intake
from hireflow.candidates.schemas import CandidateIn
from hireflow.kit.errors import HireflowError, Unprocessable
from hireflow.resumes import processing
from hireflow.resumes.document import ParsedResume
from hireflow.resumes.extraction.archive import ArchiveLimits, SafeArchive
from hireflow.resumes.parsing import parse_resume
from hireflow.resumes.schemas import ImportReport, ImportResultOut
from hireflow.resumes.service import IncomingFile
from hireflow.resumes.storage import ResumeStorage

Outcome = Literal["created", "added_version", "already_present", "rejected"]


@dataclass(frozen=True)
class ImportResult:
    filename: str
    outcome: Outcome
    candidate_id: uuid.UUID | None = None
    resume_id: uuid.UUID | None = None
    reason: str | None = None


def files_in_zip(data: bytes, *, max_files: int, max_file_bytes: int) -> list[IncomingFile]:
    """The resume files inside an import zip, checked against zip bombs and path tricks."""
    limits = ArchiveLimits(
        max_entries=max_files + 100,
        max_total_uncompressed=max_files * max_file_bytes,
        max_part_bytes=max_file_bytes,
    )
    try:
        archive = SafeArchive(data, limits)
    except HireflowError as exc:
        raise Unprocessable(f"The import archive cannot be used: {exc.message}") from exc
    files = []
    for name in sorted(archive.names):
        path = PurePosixPath(name)
        if name.endswith("/") or path.name.startswith(".") or "__MACOSX" in path.parts:
            continue
        files.append(IncomingFile(filename=path.name, data=archive.read(name)))
    if len(files) > max_files:
        raise Unprocessable(f"The archive holds {len(files)} files; the limit is {max_files}.")
    return files


def _parse(incoming: IncomingFile, max_bytes: int) -> ParsedResume:
    return parse_resume(processing.extract_sync(incoming.data, incoming.filename, max_bytes))


def _name_for(parsed: ParsedResume, filename: str) -> tuple[str, str, str]:
    """First name, last name and where they came from."""
    if parsed.fields.contact.name:
        first, last = blanks.split_name(parsed.fields.contact.name)
        if first:
            return first[:100], (last or "-")[:100], "resume"
    return "Unnamed", PurePosixPath(filename).stem[:100] or "resume", "file_name"


async def import_resumes(
    session: AsyncSession,
    storage: ResumeStorage,
    files: Iterable[IncomingFile],
    *,
    actor_id: uuid.UUID,
    actor_role: str,
    meta: RequestMeta,
    max_bytes: int,
) -> AsyncIterator[ImportResult]:
    """Import each file; yields one result per file as it goes (for progress bars)."""
    for incoming in files:
        try:
            async with session.begin_nested():
                parsed = await asyncio.to_thread(_parse, incoming, max_bytes)
                yield await _import_one(
                    session,
                    storage,
                    incoming,
                    parsed,
                    actor_id=actor_id,
                    actor_role=actor_role,
                    meta=meta,
                    max_bytes=max_bytes,
                )
        except HireflowError as exc:
            yield ImportResult(incoming.filename, "rejected", reason=exc.message)


async def _import_one(
    session: AsyncSession,
    storage: ResumeStorage,
    incoming: IncomingFile,
    parsed: ParsedResume,
    *,
    actor_id: uuid.UUID,
    actor_role: str,
    meta: RequestMeta,
    max_bytes: int,
) -> ImportResult:
    contact = parsed.fields.contact
    first, last, source = _name_for(parsed, incoming.filename)
    matches = await duplicates.find_duplicates(
        session,
        first_name=first,
        last_name=last,
        email=contact.email,
        phone=contact.phone,
        company=parsed.fields.current_company,
    )
    strong = next((m for m in matches if m.strong), None)
    if strong is not None:
        added = await intake.add_resume(
            session,
            storage,
            strong.candidate.id,
            incoming,
            actor_id=actor_id,
            meta=meta,
            max_bytes=max_bytes,
            document_parsed=parsed,
        )
        outcome: Outcome = "added_version" if added.created else "already_present"
        return ImportResult(
            incoming.filename,
            outcome,
            strong.candidate.id,
            added.resume.id,
            reason="; ".join(strong.reasons),
        )
    candidate = await service.create_candidate(
        session,
        CandidateIn(first_name=first, last_name=last),
        actor_id=actor_id,
        actor_role=actor_role,
        meta=meta,
    )
    candidate.metadata_ = {"name_source": source, "source": "import"}
    added = await intake.add_resume(
        session,
        storage,
        candidate.id,
        incoming,
        actor_id=actor_id,
        meta=meta,
        max_bytes=max_bytes,
        document_parsed=parsed,
    )
    return ImportResult(incoming.filename, "created", candidate.id, added.resume.id)


def import_report(results: list[ImportResult]) -> ImportReport:
    """Counts per outcome and one line per file (the API's and the page's report)."""

    def count(outcome: str) -> int:
        return sum(1 for r in results if r.outcome == outcome)

    return ImportReport(
        created=count("created"),
        added_versions=count("added_version"),
        already_present=count("already_present"),
        rejected=count("rejected"),
        files=[
            ImportResultOut(
                filename=r.filename,
                outcome=r.outcome,
                candidate_id=r.candidate_id,
                resume_id=r.resume_id,
                reason=r.reason,
            )
            for r in results
        ],
    )
