"""A generated recruiter calendar: bookable one-hour slots on weekdays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hireflow.negotiation.resolver import Interval


def recruiter_slots(
    first_day: datetime,
    days: int,
    hours: tuple[int, ...] = (9, 11, 14, 16),
    zone: str = "Europe/Berlin",
) -> list[Interval]:
    tz = ZoneInfo(zone)
    slots = []
    for k in range(days):
        day = (first_day + timedelta(days=k)).astimezone(tz)
        if day.weekday() >= 5:
            continue
        for hour in hours:
            start = day.replace(hour=hour, minute=0, second=0, microsecond=0).astimezone(UTC)
            slots.append(Interval(start, start + timedelta(hours=1)))
    return slots
