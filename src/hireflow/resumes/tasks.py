"""Background jobs of the resumes domain."""

from __future__ import annotations

import uuid

import structlog
from procrastinate import RetryStrategy
from sqlalchemy import select, update

from hireflow import queue
from hireflow.candidates.flows import intake
from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.resumes.models import Resume
from hireflow.resumes.storage import storage_from_settings

log = structlog.get_logger(__name__)


async def run_process_resume(database: Database, resume_id: str) -> None:
    """Mark the resume as processing (visible at once), then parse it in a second transaction.

    A worker killed in between leaves ``processing``; the stalled-job retry runs this again.
    """
    rid = uuid.UUID(resume_id)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(
            update(Resume)
            .where(Resume.id == rid, Resume.status == "pending")
            .values(status="processing", progress=60)
        )
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        outcome = await intake.process_resume(session, rid)
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


@queue.app.task(
    name="process_resume",
    queue="resumes",
    pass_context=False,
    retry=RetryStrategy(max_attempts=5, exponential_wait=2),
)
async def process_resume(resume_id: str) -> None:
    await run_process_resume(queue.database(), resume_id)


@queue.app.task(
    name="delete_resume_files",
    queue="resumes",
    pass_context=False,
    retry=RetryStrategy(max_attempts=5, exponential_wait=5),
)
async def delete_resume_files(storage_keys: list[str]) -> None:
    await run_delete_files(queue.database(), queue.settings(), storage_keys)
