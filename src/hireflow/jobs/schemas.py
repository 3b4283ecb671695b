"""Request and response models of jobs and applications."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hireflow.automation.service import flag_available
from hireflow.jobs.scoring.profile import JobProfile, ScoringWeights

JobStatus = Literal["draft", "open", "closed", "archived"]
ShortlistStatus = Literal["pending", "shortlisted", "buffer", "rejected", "withdrawn"]
ApplicationSource = Literal["careers", "recruiter", "bulk"]


class JobIn(JobProfile):
    """A new job: its requirements (``JobProfile``) plus openings, buffer and the team."""

    model_config = ConfigDict(extra="forbid")

    status: JobStatus = "open"
    number_of_openings: int = Field(1, ge=1, le=1000)
    shortlisting_buffer: int | None = Field(
        None, ge=0, le=1000, description="Defaults to the number of openings."
    )
    automation_enabled: bool = True
    closing_date: datetime | None = None
    owner_user_id: uuid.UUID | None = None
    team_member_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)


class JobUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=50_000)
    must_have_skills: list[str] | None = Field(None, max_length=50)
    nice_to_have_skills: list[str] | None = Field(None, max_length=50)
    min_years_experience: float | None = Field(None, ge=0, le=60)
    education_level: str | None = None
    location: str | None = Field(None, max_length=200)
    remote: bool | None = None
    language: str | None = Field(None, max_length=20)
    scoring_weights: ScoringWeights | None = None
    status: JobStatus | None = None
    number_of_openings: int | None = Field(None, ge=1, le=1000)
    shortlisting_buffer: int | None = Field(None, ge=0, le=1000)
    automation_enabled: bool | None = None
    closing_date: datetime | None = None
    team_member_ids: list[uuid.UUID] | None = Field(None, max_length=50)

    @model_validator(mode="after")
    def _something(self) -> JobUpdate:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        return self


REQUIREMENT_FIELDS = frozenset(
    {
        "title",
        "description",
        "must_have_skills",
        "nice_to_have_skills",
        "min_years_experience",
        "education_level",
        "scoring_weights",
    }
)


class JobOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: str
    description: str
    must_have_skills: list[str]
    nice_to_have_skills: list[str]
    min_years_experience: Decimal
    education_level: str
    location: str | None
    remote: bool
    language: str | None
    status: str
    closing_date: datetime | None
    owner_user_id: uuid.UUID | None
    number_of_openings: int
    shortlisting_buffer: int
    automation_enabled: bool
    applications_closed: bool
    applications_closed_at: datetime | None
    shortlisted_at: datetime | None
    scoring_weights: dict[str, Any]
    requirements_version: int
    created_at: datetime
    updated_at: datetime
    team_member_ids: list[uuid.UUID] = Field(default_factory=list)


class ApplicationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidate_id: uuid.UUID
    resume_id: uuid.UUID | None = Field(
        None, description="Which of the candidate's resumes; default their latest."
    )


class BulkApplicationsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    applications: list[ApplicationIn] = Field(min_length=1, max_length=500)


class ApplicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    job_id: uuid.UUID
    candidate_id: uuid.UUID
    resume_id: uuid.UUID | None
    source: str
    applied_at: datetime
    fit_score: Decimal | None
    rank: int | None
    summary: str | None
    shortlist_status: str
    ai_processed: bool
    score_breakdown: dict[str, Any] | None
    score_error: str | None
    scored_at: datetime | None
    buffer_position: int | None
    manual_decision: bool
    dropout_reason: str | None


class BulkResult(BaseModel):
    created: list[ApplicationOut]
    skipped: list[dict[str, str]]


class DecisionIn(BaseModel):
    """A recruiter's override (``promote``, ``to_buffer``, ``reject``) or a reported
    dropout (``dropout`` with a reason: declined, expired, no_show, withdrawn)."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["promote", "to_buffer", "reject", "dropout"]
    reason: Literal["declined", "expired", "no_show", "withdrawn"] | None = None
    note: str | None = Field(None, max_length=1000)

    @model_validator(mode="after")
    def _reason_for_dropout(self) -> DecisionIn:
        if self.action == "dropout" and self.reason is None:
            raise ValueError("a dropout needs a reason")
        return self


class DeadlineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    closing_date: datetime


class ShortlistOut(BaseModel):
    job_id: uuid.UUID
    ran: bool
    shortlisted: int
    buffer: int
    pending: int
    message: str


class AutomationLogOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    job_id: uuid.UUID | None
    application_id: uuid.UUID | None
    action_type: str
    trigger_source: str
    actor_user_id: uuid.UUID | None
    details: dict[str, Any]
    created_at: datetime


class FeatureFlagOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    flag_name: str
    is_enabled: bool
    description: str | None
    available: bool = True

    @model_validator(mode="after")
    def _not_on_when_missing(self) -> FeatureFlagOut:
        """A flag of a feature this version lacks is reported unavailable, never on."""
        if not flag_available(self.flag_name):
            self.available, self.is_enabled = False, False
        return self


class FeatureFlagIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    is_enabled: bool
