"""The import page's bulk import, in the background with live progress.

The request stores each file (zips already opened) under a staging key of the resume
storage, starts a progress record with one item per file and queues ``import_resumes``,
all in its transaction. The task imports one file per transaction as the recruiter who
asked (row-level security as theirs), finishing its item with what became of it; a file
already finished is skipped, so a task re-run after a worker restart imports nothing twice.
The staged copy is deleted once its file is done.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.audit.service import RequestMeta
from hireflow.automation import progress
from hireflow.candidates.flows.importer import ImportResult, import_resumes
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, Actor, requester_actor, requester_of, unit_of_work
from hireflow.kit.errors import BadRequest
from hireflow.resumes.service import IncomingFile
from hireflow.resumes.storage import ResumeStorage, StoredFileMissing

log = structlog.get_logger(__name__)

TASK = "import_resumes"
STAGING = "imports/"


def _item(staging_key: str) -> str:
    return progress.item("import", staging_key)


async def stage_import(
    session: AsyncSession,
    storage: ResumeStorage,
    files: Iterable[IncomingFile],
    *,
    actor_id: uuid.UUID,
    max_files: int,
    max_bytes: int,
) -> uuid.UUID:
    """Stage the files and queue their import; the progress record's id."""
    staged: list[dict[str, str]] = []
    for number, incoming in enumerate(files):
        if number >= max_files:
            raise BadRequest(f"At most {max_files} files per import.")
        key = f"{STAGING}{uuid.uuid4()}"
        storage.put(key, incoming.data)
        staged.append({"key": key, "filename": incoming.filename})
    if not staged:
        raise BadRequest("Send at least one file.")
    progress_id = await progress.start(
        session,
        progress.Kind.IMPORT,
        f"Importing {len(staged)} resume file{'s' if len(staged) != 1 else ''}",
        [_item(f["key"]) for f in staged],
        actor_id=actor_id,
        link="/candidates",
    )
    await queue.defer(
        session,
        TASK,
        progress_id=str(progress_id),
        files=staged,
        max_bytes=max_bytes,
        requested_by=requester_of(session),
    )
    return progress_id


def _detail(result: ImportResult) -> dict[str, Any]:
    return {
        "filename": result.filename,
        "outcome": result.outcome,
        "candidate_id": str(result.candidate_id) if result.candidate_id else None,
        "reason": result.reason,
    }


async def run_import(
    database: Database,
    storage: ResumeStorage,
    progress_id: str,
    files: list[dict[str, str]],
    *,
    max_bytes: int,
    requested_by: dict[str, str] | None,
) -> int:
    """Import the staged files not imported yet; how many were imported now."""
    actor = requester_actor(requested_by)
    if actor is None or actor.user_id is None or actor.role is None:
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            await progress.finish(
                session,
                [_item(f["key"]) for f in files],
                error="Not imported: the request's identity could not be verified.",
            )
        return 0
    imported = 0
    for staged in files:
        key = _item(staged["key"])
        try:
            done = await _import_one(database, storage, actor, progress_id, staged, max_bytes)
        except Exception as exc:  # one broken file never leaves the record waiting
            log.exception("import.file_failed", progress_id=progress_id, file=staged["filename"])
            async with unit_of_work(database.system_sessions, SYSTEM) as session:
                await progress.finish(
                    session,
                    [key],
                    error=f"{staged['filename']}: the import failed ({type(exc).__name__}).",
                )
            continue
        if done:
            imported += 1
            storage.delete(staged["key"])  # after the commit: the import keeps its own copy
    log.info("import.done", progress_id=progress_id, imported=imported, files=len(files))
    return imported


async def _import_one(
    database: Database,
    storage: ResumeStorage,
    actor: Actor,
    progress_id: str,
    staged: dict[str, str],
    max_bytes: int,
) -> bool:
    key = _item(staged["key"])
    assert actor.user_id is not None and actor.role is not None
    async with unit_of_work(database.runtime_sessions, actor) as session:
        if await progress.state_of(session, uuid.UUID(progress_id), key) != "queued":
            return False  # done before a restart, or the record is not the requester's
        try:
            data = storage.get(staged["key"])
        except StoredFileMissing:
            await progress.finish(session, [key], error="The uploaded file was lost.")
            return False
        incoming = IncomingFile(staged["filename"], data)
        async for result in import_resumes(
            session,
            storage,
            [incoming],
            actor_id=actor.user_id,
            actor_role=actor.role,
            meta=RequestMeta(),
            max_bytes=max_bytes,
        ):
            await progress.finish(
                session,
                [key],
                error=f"{result.filename}: {result.reason}"
                if result.outcome == "rejected"
                else None,
                detail=_detail(result),
            )
    return True


@dataclass(frozen=True)
class ReportLine:
    filename: str
    outcome: str
    candidate_id: str | None
    reason: str | None


async def report_of(session: AsyncSession, progress_id: uuid.UUID) -> list[ReportLine]:
    """What became of each file so far (files still waiting are left out)."""
    return [
        ReportLine(
            str(d.get("filename", "")),
            str(d.get("outcome", "")),
            d.get("candidate_id"),
            d.get("reason"),
        )
        for item in await progress.items_of(session, progress_id)
        if (d := item.detail) is not None
    ]
