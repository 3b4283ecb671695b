"""Tables of the interviews domain: interviews, per-job settings, availability, bookings."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, String, Text, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSTZRANGE, UUID
from sqlalchemy.orm import Mapped, mapped_column

from hireflow.db.base import Base


class Interview(Base):
    __tablename__ = "interviews"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    application_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    job_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    candidate_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    status: Mapped[str] = mapped_column(String(30), server_default=text("'invitation_sent'"))
    confirmation_deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    slot_selection_deadline: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scheduled_time: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scheduled_end: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_minutes: Mapped[int] = mapped_column(Integer, server_default="60")
    meeting_link: Mapped[str | None] = mapped_column(Text)
    calendar_event_id: Mapped[str | None] = mapped_column(String(255))
    no_show_risk: Mapped[Decimal | None] = mapped_column(Numeric(4, 3))
    no_show_band: Mapped[str | None] = mapped_column(String(6))
    no_show_reasons: Mapped[list[str]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    no_show_scored_by: Mapped[str | None] = mapped_column(Text)
    no_show_scored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    no_show_facts: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    booked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    self_picked: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    reschedule_count: Mapped[int] = mapped_column(Integer, server_default="0")
    attendance_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attendance_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    extra_reminder_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    recruiter_user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    interviewer_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), server_default="{}"
    )
    rank_at_invitation: Mapped[int | None] = mapped_column(Integer)
    candidate_name: Mapped[str] = mapped_column(Text, server_default=text("''"))
    candidate_email: Mapped[str | None] = mapped_column(Text)
    candidate_zone: Mapped[str | None] = mapped_column(String(64))
    link_version: Mapped[int] = mapped_column(Integer, server_default="1")
    ics_sequence: Mapped[int] = mapped_column(Integer, server_default="0")
    decline_reason: Mapped[str | None] = mapped_column(Text)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome_flagged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    promotion_pending: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class InterviewSettings(Base):
    __tablename__ = "interview_settings"

    job_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    confirmation_hours: Mapped[int] = mapped_column(Integer, server_default="48")
    slot_selection_hours: Mapped[int] = mapped_column(Integer, server_default="24")
    link_valid_days: Mapped[int] = mapped_column(Integer, server_default="7")
    hold_minutes: Mapped[int] = mapped_column(Integer, server_default="10")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class InterviewerAvailability(Base):
    __tablename__ = "interviewer_availability"

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    zone: Mapped[str] = mapped_column(String(64), server_default=text("'UTC'"))
    weekly_hours: Mapped[list[Any]] = mapped_column(JSONB)
    days_off: Mapped[list[date]] = mapped_column(ARRAY(Date), server_default="{}")
    meeting_minutes: Mapped[int] = mapped_column(Integer, server_default="60")
    buffer_before_minutes: Mapped[int] = mapped_column(Integer, server_default="0")
    buffer_after_minutes: Mapped[int] = mapped_column(Integer, server_default="0")
    min_notice_minutes: Mapped[int] = mapped_column(Integer, server_default="120")
    horizon_days: Mapped[int] = mapped_column(Integer, server_default="14")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class InterviewBooking(Base):
    __tablename__ = "interview_bookings"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    interview_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    interviewer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    during: Mapped[Any] = mapped_column(TSTZRANGE)
    state: Mapped[str] = mapped_column(String(10))
    hold_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
