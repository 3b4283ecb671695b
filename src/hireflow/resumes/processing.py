"""From file bytes to stored text, sections and fields (``candidates.blanks`` fills the
candidate's blanks from them).

Extraction runs once, at upload (so a bad file is refused before anything is created);
section detection and field extraction run in the background job from the stored text.
Extraction runs in a resource-limited child process (``sandbox``), so a decompression bomb
costs bounded memory and time.
"""

from __future__ import annotations

import asyncio
from datetime import date

from hireflow.kit.time import utcnow
from hireflow.resumes import sandbox
from hireflow.resumes.document import ExtractedDocument, ParsedResume
from hireflow.resumes.extraction import ScannedResume, ocr
from hireflow.resumes.models import Resume
from hireflow.resumes.parsing import parse_resume
from hireflow.resumes.serialization import document_from_json, document_to_json, fields_to_json


def extract_sync(data: bytes, filename: str, max_bytes: int) -> ExtractedDocument:
    """The file's text, read in a memory- and time-limited worker process; an image-only PDF
    is accepted when OCR is installed, and read by OCR in the background job (see
    ``resumes.scanning``)."""
    try:
        return sandbox.extract_limited(data, filename, max_bytes)
    except ScannedResume:
        if not ocr.ocr_available():
            raise
        return ocr.awaiting_ocr(data)


async def extract(data: bytes, filename: str, max_bytes: int) -> ExtractedDocument:
    """Extract in a worker thread: the event loop keeps serving while PDFium works."""
    return await asyncio.to_thread(extract_sync, data, filename, max_bytes)


def record_extraction(resume: Resume, document: ExtractedDocument) -> None:
    resume.extracted_text = document.text
    resume.word_count = document.word_count
    resume.document = document_to_json(document)
    resume.mime_type = document.mime_type
    resume.status = "pending"
    resume.progress = 40
    resume.error_message = None


def stored_document(resume: Resume) -> ExtractedDocument | None:
    if resume.extracted_text is None or not resume.document:
        return None
    return document_from_json(resume.extracted_text, resume.document)


def parse_stored(resume: Resume, today: date | None = None) -> ParsedResume | None:
    document = stored_document(resume)
    return None if document is None else parse_resume(document, today=today)


def record_parse(resume: Resume, parsed: ParsedResume) -> None:
    resume.fields = fields_to_json(parsed.fields)
    resume.status = "completed"
    resume.progress = 100
    resume.processed_at = utcnow()
    resume.error_message = None


def record_failure(resume: Resume, message: str) -> None:
    resume.status = "error"
    resume.error_message = message[:2000]
    resume.processed_at = utcnow()
