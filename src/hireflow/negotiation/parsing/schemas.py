"""Typed availability constraints: what a candidate's message means, before any calendar.

The offline grammar and the optional model both produce an ``AvailabilityConstraints``;
the deterministic resolver alone turns it into concrete UTC intervals. Dates are calendar
dates in ``zone`` (already resolved against the reference instant: "next Tuesday" is a date
here); times are wall-clock times in that zone.
"""

from __future__ import annotations

from datetime import date, time
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PartOfDay = Literal["morning", "lunchtime", "afternoon", "after_lunch", "evening", "working_day"]
IssueKind = Literal[
    "nothing_understood",
    "low_confidence",
    "contradiction",
    "in_the_past",
    "ambiguous",
    "unknown_zone",
]
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class TimeWindow(BaseModel):
    """A wall-clock window; ``end`` may be ``time(0)`` meaning midnight at the day's end."""

    model_config = ConfigDict(frozen=True)

    start: time
    end: time
    exact_start: bool = Field(
        default=False, description="The candidate named a start time ('at 2'), not a window."
    )

    @model_validator(mode="after")
    def _ordered(self) -> TimeWindow:
        if self.end != time(0) and self.end <= self.start:
            raise ValueError(f"a time window must end after it starts ({self.start}–{self.end})")
        return self

    def label(self) -> str:
        end = "24:00" if self.end == time(0) else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}–{end}"


class DateRange(BaseModel):
    """Inclusive range of calendar dates."""

    model_config = ConfigDict(frozen=True)

    first: date
    last: date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.last < self.first:
            raise ValueError("a date range must not end before it starts")
        return self


class DayChoice(BaseModel):
    """One alternative the candidate offered: some days, optionally with time windows.

    No dates and no weekdays means every eligible day of the search range; no windows means
    the whole working day.
    """

    dates: list[date] = Field(default_factory=list)
    weekdays: list[int] = Field(
        default_factory=list, description="Recurring weekdays (0 = Monday) within the range."
    )
    windows: list[TimeWindow] = Field(default_factory=list)

    @model_validator(mode="after")
    def _weekdays_valid(self) -> DayChoice:
        if any(not 0 <= day <= 6 for day in self.weekdays):
            raise ValueError("weekdays are 0 (Monday) to 6 (Sunday)")
        return self


class Issue(BaseModel):
    kind: IssueKind
    detail: str


class AvailabilityConstraints(BaseModel):
    """Everything understood from one message."""

    choices: list[DayChoice] = Field(default_factory=list)
    exclusions: list[DayChoice] = Field(
        default_factory=list,
        description="Days/windows the candidate ruled out; a choice without windows rules out "
        "the whole day, one without days rules the windows out on every day.",
    )
    date_range: DateRange | None = Field(
        default=None, description="Where to search ('next week'); None means the horizon."
    )
    weekday_filter: list[int] | None = Field(
        default=None,
        description="Only these weekdays for range-wide choices ('weekdays' = 0-4); None "
        "means Monday to Friday unless a weekend day was named.",
    )
    parts_of_day: list[PartOfDay] = Field(default_factory=list)
    zone: str = Field(description="IANA zone the dates and times are in.")
    zone_mentioned: str | None = Field(
        default=None, description="The zone words as written ('CET', 'PT'), if any."
    )
    wants_person: bool = False
    picked_option: int | None = Field(
        default=None, ge=1, le=3, description="The candidate chose proposal N (1-based)."
    )
    confidence: float = Field(ge=0.0, le=1.0)
    issues: list[Issue] = Field(default_factory=list)
    understood: list[str] = Field(
        default_factory=list, description="The phrases that were understood, in text order."
    )

    @field_validator("zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"{value!r} is not an IANA time zone") from error
        return value

    @property
    def understood_anything(self) -> bool:
        return bool(self.choices or self.exclusions or self.date_range or self.weekday_filter)
