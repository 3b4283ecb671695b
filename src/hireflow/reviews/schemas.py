"""Request and response models of the reviews API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hireflow.ai.schemas import ExperienceLevel, OutputLanguage, ReviewType, ScoreDelta

ReviewStatus = Literal["pending", "processing", "completed", "failed"]
Decision = Literal["accepted", "dismissed"]


class ReviewRequestIn(BaseModel):
    target_role: str | None = Field(default=None, max_length=255)
    target_industry: str | None = Field(default=None, max_length=255)
    experience_level: ExperienceLevel = "mid"
    review_type: ReviewType = "comprehensive"
    language: OutputLanguage = "auto"


class ReviewJob(BaseModel):
    """The job a review is requested for (an application's): its requirement lines as they
    stood when the review was asked for, so the review measures the resume against them."""

    job_id: uuid.UUID
    application_id: uuid.UUID
    title: str
    must_have_skills: list[str] = Field(default_factory=list)
    nice_to_have_skills: list[str] = Field(default_factory=list)
    min_years_experience: float = 0.0
    education_level: str = "none"


class ReviewRequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    resume_id: uuid.UUID
    requested_by_user_id: uuid.UUID
    target_role: str | None
    target_industry: str | None
    experience_level: str | None
    review_type: str
    status: str
    requested_at: datetime
    completed_at: datetime | None
    processing_notes: str | None
    job: ReviewJob | None = None  # set when requested for an application


class ReviewResultOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    overall_score: int | None
    ats_score: int | None
    content_score: int | None
    formatting_score: int | None
    executive_summary: str | None
    detailed_scores: dict[str, Any] | None
    ai_model_used: str
    processing_time_ms: int | None
    created_at: datetime


class FeedbackDecisionOut(BaseModel):
    decision: Decision
    by: uuid.UUID
    at: datetime


class FeedbackItemOut(BaseModel):
    id: uuid.UUID
    resume_section_id: uuid.UUID | None
    feedback_type: str
    category: str | None
    feedback_text: str
    severity_level: int | None
    original_text: str | None
    suggested_text: str | None
    confidence_score: int | None
    position_start: int | None
    position_end: int | None
    agent: str | None = None
    rule: str | None = None
    decision: FeedbackDecisionOut | None = None


class ReviewSummaryOut(BaseModel):
    """A review in a list: the request and its headline scores."""

    request: ReviewRequestOut
    overall_score: int | None = None


class ReviewOut(BaseModel):
    request: ReviewRequestOut
    result: ReviewResultOut | None
    feedback: list[FeedbackItemOut]


class FeedbackDecisionIn(BaseModel):
    decision: Decision


class ComparedItemOut(BaseModel):
    feedback_type: str
    category: str
    severity_level: int
    feedback_text: str
    original_text: str | None
    suggested_text: str | None


class ReviewComparisonOut(BaseModel):
    old_review_id: uuid.UUID
    new_review_id: uuid.UUID
    score_deltas: list[ScoreDelta]
    resolved: list[ComparedItemOut]
    new: list[ComparedItemOut]
    persisting: list[ComparedItemOut]
