"""Attendance facts in, model features out, by an explicit allow-list.

``AttendanceFacts`` is the only input: it forbids extra fields, so a caller cannot pass a
candidate's name, age, gender, nationality, address or school even by accident, and
``build_features`` returns exactly ``FEATURE_NAMES``.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

RsvpState = Literal["accepted", "tentative", "declined", "none"]

# Words that must never appear in a feature or fact name (protected attributes and proxies).
DENIED_WORDS = (
    "name", "age", "birth", "gender", "sex", "pronoun", "nationality", "citizenship",
    "country", "ethnic", "race", "religion", "address", "postcode", "zip", "city",
    "school", "university", "education", "photo", "marital", "disability", "language",
)  # fmt: skip


class AttendanceFacts(BaseModel):
    """What is known about one scheduled interview, at booking time or later."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scheduled_at: datetime
    booked_at: datetime
    invited_at: datetime | None = None
    accepted_at: datetime | None = None
    interview_zone: str = Field(
        default="UTC", description="Zone for the weekday and local hour (the candidate's)."
    )
    negotiation_rounds: int = Field(default=0, ge=0)
    reschedules: int = Field(default=0, ge=0)
    self_picked_slot: bool = False
    calendar_rsvp: RsvpState = "none"
    reminder_acknowledged: bool = False
    profile_completeness: float = Field(default=1.0, ge=0.0, le=1.0)
    earlier_no_shows: int = Field(default=0, ge=0, description="In this installation.")
    earlier_interviews: int = Field(default=0, ge=0)

    @field_validator("scheduled_at", "booked_at", "invited_at", "accepted_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("instants must carry a time zone")
        return value


FEATURE_NAMES: tuple[str, ...] = (
    "lead_time_scaled",
    "same_day",
    "next_day",
    "monday",
    "friday",
    "early_hour",
    "late_hour",
    "slow_to_accept",
    "negotiation_rounds",
    "reschedules",
    "self_picked_slot",
    "rsvp_accepted",
    "rsvp_declined",
    "reminder_acknowledged",
    "profile_incomplete",
    "prior_no_show",
)
LEAD_TIME_CAP_DAYS = 28


def lead_time_scaled(days: float) -> float:
    """0 for a day or less, 1 for four weeks or more, log-interpolated between."""
    return min(1.0, math.log(max(days, 1.0)) / math.log(LEAD_TIME_CAP_DAYS))


def build_features(facts: AttendanceFacts) -> dict[str, float]:
    """The model's inputs for one interview (exactly ``FEATURE_NAMES``)."""
    lead = (facts.scheduled_at - facts.booked_at).total_seconds() / 86400
    local = facts.scheduled_at.astimezone(ZoneInfo(facts.interview_zone))
    booked_local = facts.booked_at.astimezone(ZoneInfo(facts.interview_zone))
    day_gap = (local.date() - booked_local.date()).days
    accept_hours = (
        (facts.accepted_at - facts.invited_at).total_seconds() / 3600
        if facts.accepted_at and facts.invited_at
        else 0.0
    )
    values = {
        "lead_time_scaled": lead_time_scaled(lead),
        "same_day": float(day_gap == 0),
        "next_day": float(day_gap == 1),
        "monday": float(local.weekday() == 0),
        "friday": float(local.weekday() == 4),
        "early_hour": float(local.hour < 9),
        "late_hour": float(local.hour >= 17),
        "slow_to_accept": float(accept_hours > 72),
        "negotiation_rounds": float(min(facts.negotiation_rounds, 5)),
        "reschedules": float(min(facts.reschedules, 5)),
        "self_picked_slot": float(facts.self_picked_slot),
        "rsvp_accepted": float(facts.calendar_rsvp == "accepted"),
        "rsvp_declined": float(facts.calendar_rsvp == "declined"),
        "reminder_acknowledged": float(facts.reminder_acknowledged),
        "profile_incomplete": 1.0 - facts.profile_completeness,
        "prior_no_show": float(facts.earlier_no_shows > 0),
    }
    return {name: values[name] for name in FEATURE_NAMES}


def feature_vector(facts: AttendanceFacts) -> list[float]:
    features = build_features(facts)
    return [features[name] for name in FEATURE_NAMES]
