"""Background jobs of the resumes domain."""

from __future__ import annotations

import uuid

import structlog
from sqlalchemy import update

from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.resumes import service
from hireflow.resumes.models import Resume

log = structlog.get_logger(__name__)


async def run_process_resume(database: Database, resume_id: str) -> None:
    """Mark the resume as processing (visible at once), then parse it in a second transaction.

    A worker killed in between leaves ``processing``; the stalled-job retry runs this again.
    """
    rid = uuid.UUID(resume_id)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(
            update(Resume).where(Resume.id == rid, Resume.status == "pending")
            .values(status="processing", progress=60)
        )
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        outcome = await service.process_resume(session, rid)
    log.info("resume.processed", resume_id=resume_id, outcome=outcome)
