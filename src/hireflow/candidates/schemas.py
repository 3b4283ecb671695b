"""Request and response models of the candidates API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from hireflow.kit.types import Email

CandidateStatus = Literal["active", "placed", "archived"]
AssignmentType = Literal["primary", "secondary", "viewer"]


class CandidateIn(BaseModel):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    email: Email | None = None
    phone: str | None = Field(default=None, max_length=50)
    current_company: str | None = Field(default=None, max_length=255)
    current_position: str | None = Field(default=None, max_length=255)
    years_experience: int | None = Field(default=None, ge=0, le=80)


class CandidateUpdate(BaseModel):
    first_name: str | None = Field(default=None, min_length=1, max_length=100)
    last_name: str | None = Field(default=None, min_length=1, max_length=100)
    email: Email | None = None
    phone: str | None = Field(default=None, max_length=50)
    current_company: str | None = Field(default=None, max_length=255)
    current_position: str | None = Field(default=None, max_length=255)
    years_experience: int | None = Field(default=None, ge=0, le=80)
    status: CandidateStatus | None = None


class CandidateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    first_name: str
    last_name: str
    # A pending duplicate profile shows the address it was filed with (``contact_email``).
    email: str | None = Field(validation_alias=AliasChoices("contact_email", "email"))
    phone: str | None
    current_company: str | None
    current_position: str | None
    years_experience: int | None
    status: str
    created_by_user_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class AssignmentIn(BaseModel):
    user_id: uuid.UUID
    assignment_type: AssignmentType = "primary"


class AssignmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID
    candidate_id: uuid.UUID
    assignment_type: str
    assigned_at: datetime
    unassigned_at: datetime | None
    assigned_by_user_id: uuid.UUID | None
    unassigned_reason: str | None
    is_active: bool


class DuplicateOut(BaseModel):
    candidate: CandidateOut
    reasons: list[str]
    strong: bool


class MergeIn(BaseModel):
    duplicate_id: uuid.UUID


class MergeOut(BaseModel):
    candidate: CandidateOut
    moved: dict[str, int]


class ErasureOut(BaseModel):
    erased: bool
    resumes: int
    files_deleted: int
    activity_entries_redacted: int
