"""Background jobs of the resumes domain."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, timedelta

import structlog
from procrastinate import RetryStrategy
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.automation import progress
from hireflow.candidates.flows import intake
from hireflow.config import Settings, get_settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, Actor, requester_actor, unit_of_work
from hireflow.kit.time import utcnow
from hireflow.resumes.models import Resume
from hireflow.resumes.scanning import read_scanned_pages
from hireflow.resumes.storage import ResumeStorage, storage_from_settings

log = structlog.get_logger(__name__)


async def run_process_resume(
    database: Database,
    resume_id: str,
    settings: Settings | None = None,
    requested_by: dict[str, str] | None = None,
) -> None:
    """Mark the resume as processing (visible at once), then parse it in a second transaction.

    A scanned file is read by OCR first, page by page (``resumes.scanning``). A worker killed
    in between leaves ``processing``; the stalled-job retry runs this again. First, whoever
    asked (``requested_by``) must still see the resume; otherwise nothing is parsed and the
    resume says why.
    """
    rid = uuid.UUID(resume_id)
    refusal = await _refusal(database, rid, requester_actor(requested_by))
    if refusal is not None:
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            await session.execute(
                update(Resume)
                .where(Resume.id == rid, Resume.status.in_(("pending", "processing")))
                .values(status="error", error_message=refusal)
            )
            await progress.finish(session, [progress_key(rid)], error=refusal)
        log.warning("resume.refused", resume_id=resume_id, reason=refusal)
        return
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(
            update(Resume)
            .where(Resume.id == rid, Resume.status == "pending")
            .values(status="processing", progress=60)
        )
        await progress.begin(session, [progress_key(rid)])
    storage = storage_from_settings(settings or get_settings())
    if await read_scanned_pages(database, storage, rid) == "failed":
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            await progress.finish(session, [progress_key(rid)], error=await _error_of(session, rid))
        log.info("resume.processed", resume_id=resume_id, outcome="error")
        return
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        outcome = await intake.process_resume(session, rid)
        failure = await _error_of(session, rid) if outcome in ("error", "gone") else None
        await progress.finish(session, [progress_key(rid)], error=failure)
    log.info("resume.processed", resume_id=resume_id, outcome=outcome)


def progress_key(resume_id: uuid.UUID) -> str:
    return progress.item("resume", resume_id)


async def _error_of(session: AsyncSession, rid: uuid.UUID) -> str:
    message = await session.scalar(select(Resume.error_message).where(Resume.id == rid))
    return f"Not parsed: {message}" if message else "Not parsed: the resume is gone."


async def _refusal(database: Database, rid: uuid.UUID, actor: Actor | None) -> str | None:
    if actor is None:
        return "Not processed: the request's identity could not be verified."
    if actor == SYSTEM:
        return None
    async with unit_of_work(database.runtime_sessions, actor) as session:
        visible = await session.scalar(select(Resume.id).where(Resume.id == rid))
    if visible is None:
        return "Not processed: the recruiter who uploaded it can no longer see this candidate."
    return None


async def run_delete_files(database: Database, settings: Settings, keys: list[str]) -> None:
    """Delete stored files no resume uses any more (checked across all candidates)."""
    storage = storage_from_settings(settings)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        in_use = set(
            await session.scalars(select(Resume.storage_key).where(Resume.storage_key.in_(keys)))
        )
    for key in set(keys) - in_use:
        storage.delete(key)
    log.info("resume.files_deleted", count=len(set(keys) - in_use))


ORPHAN_GRACE = timedelta(hours=1)


async def run_sweep_orphans(
    database: Database, storage: ResumeStorage, *, now: datetime, batch: int = 500
) -> int:
    """Delete stored files no resume row names, written more than ``ORPHAN_GRACE`` ago.

    Files are stored before their row commits (content-addressed, so a retry is harmless);
    a rolled-back import, a failed careers submission or a crash leaves the file behind.
    The grace period keeps files of transactions still in flight.
    """
    deleted = 0
    pending = storage.stored_before(now - ORPHAN_GRACE)
    keys = list(itertools.islice(pending, batch))
    while keys:
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            in_use = set(
                await session.scalars(
                    select(Resume.storage_key).where(Resume.storage_key.in_(keys))
                )
            )
        for key in set(keys) - in_use:
            storage.delete(key)
            deleted += 1
        keys = list(itertools.islice(pending, batch))
    log.info("resume.orphans_swept", count=deleted)
    return deleted


@queue.app.periodic(cron="41 * * * *", periodic_id="sweep_orphan_files")
@queue.app.task(name="sweep_orphan_files", queueing_lock="sweep_orphan_files", pass_context=False)
async def sweep_orphan_files(timestamp: int) -> None:
    """Hourly: files left by transactions that never committed."""
    storage = storage_from_settings(queue.settings())
    await run_sweep_orphans(queue.database(), storage, now=utcnow())


@queue.app.task(
    name="process_resume",
    queue="resumes",
    pass_context=False,
    retry=RetryStrategy(max_attempts=5, exponential_wait=2),
)
async def process_resume(resume_id: str, requested_by: dict[str, str] | None = None) -> None:
    await run_process_resume(queue.database(), resume_id, queue.settings(), requested_by)


@queue.app.task(
    name="delete_resume_files",
    queue="resumes",
    pass_context=False,
    retry=RetryStrategy(max_attempts=5, exponential_wait=5),
)
async def delete_resume_files(storage_keys: list[str]) -> None:
    await run_delete_files(queue.database(), queue.settings(), storage_keys)
