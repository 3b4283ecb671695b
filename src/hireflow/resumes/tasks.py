"""Background jobs of the resumes domain."""

from __future__ import annotations

import uuid

import structlog
from sqlalchemy import select, update

from hireflow.config import Settings, get_settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.resumes import service
from hireflow.resumes.models import Resume
from hireflow.resumes.scanning import read_scanned_pages
from hireflow.resumes.storage import storage_from_settings

log = structlog.get_logger(__name__)


async def run_process_resume(
    database: Database, resume_id: str, settings: Settings | None = None
) -> None:
    """Mark the resume as processing (visible at once), then parse it in a second transaction.

    A scanned file is read by OCR first, page by page (``resumes.scanning``). A worker killed
    in between leaves ``processing``; the stalled-job retry runs this again.
    """
    rid = uuid.UUID(resume_id)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(
            update(Resume)
            .where(Resume.id == rid, Resume.status == "pending")
            .values(status="processing", progress=60)
        )
    storage = storage_from_settings(settings or get_settings())
    if await read_scanned_pages(database, storage, rid) == "failed":
        log.info("resume.processed", resume_id=resume_id, outcome="error")
        return
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        outcome = await service.process_resume(session, rid)
    log.info("resume.processed", resume_id=resume_id, outcome=outcome)


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
