"""Bulk import: a zip, a folder or many files of resumes; one candidate per person.

Each file is extracted and parsed at once (the report needs the parsed email and phone to
spot people who are already here), inside its own savepoint: a bad file is rejected with its
reason and never stops the others.
"""

from __future__ import annotations

import asyncio
import io
import re
import uuid
import zipfile
import zlib
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import RequestMeta
from hireflow.candidates import blanks, duplicates, service
from hireflow.candidates.flows import intake
from hireflow.candidates.schemas import CandidateIn
from hireflow.kit.errors import HireflowError, Unprocessable
from hireflow.resumes import processing
from hireflow.resumes.document import ParsedResume
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


MAX_INFLATED_BYTES = 1024 * 1024 * 1024  # all entries of one import zip, inflated
_RATIO_FLOOR = 64 * 1024
_MAX_RATIO = 100
_UNSAFE_NAME = re.compile(r"^([A-Za-z]:|[/\\])")


def files_in_zip(
    data: bytes,
    *,
    max_files: int,
    max_file_bytes: int,
    max_inflated_bytes: int = MAX_INFLATED_BYTES,
) -> Iterator[IncomingFile]:
    """The resume files inside an import zip, read one entry at a time as they are consumed.

    The directory is checked now (entry count, paths, declared sizes and ratios); each entry
    is then inflated only when its turn comes, to at most ``max_file_bytes``, and all of
    them together to at most ``max_inflated_bytes``, whatever the directory claims. So one
    entry is in memory at a time, and a bomb costs at most those two caps.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Unprocessable("The import archive is not a readable zip file.") from exc
    if len(infos) > max_files + 100:
        raise Unprocessable(f"The archive holds {len(infos)} entries; the limit is {max_files}.")
    wanted: list[zipfile.ZipInfo] = []
    for info in sorted(infos, key=lambda i: i.filename):
        name = info.filename
        path = PurePosixPath(name.replace("\\", "/"))
        if _UNSAFE_NAME.match(name) or ".." in path.parts:
            raise Unprocessable(f"The archive contains an unsafe path {name!r}.")
        if name.endswith("/") or path.name.startswith(".") or "__MACOSX" in path.parts:
            continue
        if info.file_size > max_file_bytes:
            raise Unprocessable(
                f"{path.name} in the archive is {info.file_size / 1048576:.1f} MiB inflated; "
                f"the limit is {max_file_bytes / 1048576:.0f} MiB per file."
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > _MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise Unprocessable(
                f"{path.name} in the archive is compressed "
                f"{info.file_size // max(info.compress_size, 1)}:1, a sign of a zip bomb."
            )
        wanted.append(info)
    if len(wanted) > max_files:
        raise Unprocessable(f"The archive holds {len(wanted)} files; the limit is {max_files}.")
    return _inflate(archive, wanted, max_file_bytes, max_inflated_bytes)


def _inflate(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], per_file: int, total: int
) -> Iterator[IncomingFile]:
    inflated = 0
    for info in infos:
        name = PurePosixPath(info.filename.replace("\\", "/")).name
        try:
            with archive.open(info) as entry:
                data = entry.read(min(per_file, total - inflated) + 1)
        except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError) as exc:
            raise Unprocessable(f"{name} in the archive is damaged and cannot be read.") from exc
        except NotImplementedError as exc:
            raise Unprocessable(f"{name} in the archive uses an unsupported compression.") from exc
        inflated += len(data)
        if len(data) > per_file:
            raise Unprocessable(
                f"{name} in the archive inflates beyond {per_file / 1048576:.0f} MiB."
            )
        if inflated > total:
            raise Unprocessable(
                f"The archive inflates beyond {total / 1048576:.0f} MiB in all; split it up."
            )
        yield IncomingFile(filename=name, data=data)


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
        except IntegrityError:  # the savepoint was rolled back; the batch goes on
            yield ImportResult(
                incoming.filename, "rejected", reason="This file could not be filed; try it alone."
            )


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
