"""Tables of the jobs domain: jobs, hiring teams, applications.

References to other domains' tables (users, candidates, resumes) are plain UUID columns here;
the foreign keys live in the database (migrations), so this module imports no other domain.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from hireflow.db.base import Base

# Kept without an ORM class: written and read by set-based SQL (``jobs.stages``).
SQL_ONLY_TABLES = ("application_stage_history",)


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, server_default=text("''"))
    must_have_skills: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    nice_to_have_skills: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    min_years_experience: Mapped[Decimal] = mapped_column(Numeric(4, 1), server_default="0")
    education_level: Mapped[str] = mapped_column(String(20), server_default=text("'none'"))
    location: Mapped[str | None] = mapped_column(String(200))
    remote: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    language: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), server_default=text("'open'"))
    closing_date: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    owner_user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    created_by_user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # seed 001
    number_of_openings: Mapped[int] = mapped_column(Integer, server_default="1")
    shortlisting_buffer: Mapped[int] = mapped_column(Integer)
    automation_enabled: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    applications_closed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    applications_closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    shortlisted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scoring_weights: Mapped[dict[str, Any]] = mapped_column(
        JSONB, server_default=text("'{}'::jsonb")
    )
    requirements_version: Mapped[int] = mapped_column(Integer, server_default="1")


class JobTeamMember(Base):
    __tablename__ = "job_team_members"

    job_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), server_default=text("'member'"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Application(Base):
    __tablename__ = "applications"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    candidate_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    resume_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))  # FK in the DB
    source: Mapped[str] = mapped_column(String(20), server_default=text("'recruiter'"))
    created_by_user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # seed 001
    fit_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    rank: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str | None] = mapped_column(Text)
    shortlist_status: Mapped[str] = mapped_column(String(20), server_default=text("'pending'"))
    ai_processed: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    score_breakdown: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    score_error: Mapped[str | None] = mapped_column(Text)
    scored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scored_requirements_version: Mapped[int | None] = mapped_column(Integer)
    buffer_position: Mapped[int | None] = mapped_column(Integer)
    manual_decision: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    decided_by_user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    dropout_reason: Mapped[str | None] = mapped_column(String(30))
