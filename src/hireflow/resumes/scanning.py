"""The OCR step of the background resume job: an image-only PDF's pages read one by one.

Each page takes seconds, so the resume's progress moves after every page (60 → 90%) in its own
short transaction, visible on the resume page while the job runs; the recognised text then
replaces the stand-in document and the job parses it like any other.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Literal

from sqlalchemy import update

from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.kit.errors import HireflowError
from hireflow.resumes import processing, repository
from hireflow.resumes.extraction import ocr
from hireflow.resumes.models import Resume
from hireflow.resumes.storage import ResumeStorage


async def read_scanned_pages(
    database: Database, storage: ResumeStorage, rid: uuid.UUID
) -> Literal["not scanned", "read", "failed"]:
    """OCR the resume's file if its stored document awaits it. "failed" (no text found) has
    recorded the error on the resume: there is nothing to parse."""
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        resume = await repository.resume_by_id(session, rid)
        if resume is None or not resume.storage_key or not (resume.document or {}).get("needs_ocr"):
            return "not scanned"
        key, filename = resume.storage_key, resume.original_filename
    data = storage.get(key)
    total = await asyncio.to_thread(ocr.page_count, data)
    pages: list[ocr.OcrPage] = []
    for number in range(1, total + 1):
        pages.append(await asyncio.to_thread(ocr.ocr_page, data, number))
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            await session.execute(
                update(Resume).where(Resume.id == rid).values(progress=60 + (30 * number) // total)
            )
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        resume = await repository.resume_by_id(session, rid, for_update=True)
        if resume is None:
            return "failed"
        try:
            document = ocr.scanned_document(pages, filename=filename)
        except HireflowError as exc:
            resume.document = {**(resume.document or {}), "needs_ocr": False}
            processing.record_failure(resume, exc.message)
            return "failed"
        processing.record_extraction(resume, document)
        resume.status, resume.progress = "processing", 90
    return "read"
