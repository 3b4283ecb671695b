"""Response models of the resumes API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class ResumeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    candidate_id: uuid.UUID
    original_filename: str
    file_size: int
    mime_type: str
    file_hash: str | None
    version_number: int
    status: str
    progress: int | None
    error_message: str | None
    word_count: int | None
    uploaded_at: datetime
    processed_at: datetime | None


class ResumeDetail(ResumeOut):
    extracted_text: str | None
    document: dict[str, Any] | None
    fields: dict[str, Any] | None


class UploadOut(BaseModel):
    resume: ResumeOut
    created: bool  # False: this file already was one of the candidate's versions
    progress_id: uuid.UUID | None = None  # the background parse (``GET /api/progress/{id}``)


class SectionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    section_type: str
    section_title: str | None
    content: str
    start_page: int | None
    end_page: int | None
    start_position: int | None
    end_position: int | None
    sequence_order: int
    confidence_score: int | None


class ImportResultOut(BaseModel):
    filename: str
    outcome: str
    candidate_id: uuid.UUID | None
    resume_id: uuid.UUID | None
    reason: str | None


class ImportReport(BaseModel):
    created: int
    added_versions: int
    already_present: int
    rejected: int
    files: list[ImportResultOut]
    # the background parse of the versions that still wait (``GET /api/progress/{id}``)
    progress_id: uuid.UUID | None = None
