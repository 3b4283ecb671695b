"""Busy time computed by hireflow itself from raw events (no server free/busy semantics).

Every provider hands over iCalendar data; this module expands it (RRULE, RDATE, EXDATE,
RECURRENCE-ID overrides, through ``recurring-ical-events``) and keeps what blocks time:
- ``TRANSP:TRANSPARENT`` is free, ``STATUS:CANCELLED`` is free (also on one occurrence);
- an all-day event blocks the owner's local day, midnight to midnight in their IANA zone
  (not a UTC day, the common server bug); floating times are read in the owner's zone;
- times in other zones are converted through their TZID; the result is merged UTC intervals.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from hireflow.kit.time import Interval, merge_intervals

# All-day events are stored as dates; a day of slack each side of the query finds every one
# that may touch the range in any zone (UTC-12 to UTC+14).
QUERY_SLACK = timedelta(days=1)


def parse_calendars(texts: Iterable[str | bytes]) -> list[icalendar.Calendar]:
    """Parse iCalendar texts, skipping ones that do not parse (a bad event is not busy time)."""
    calendars: list[icalendar.Calendar] = []
    for text in texts:
        try:
            calendars.append(icalendar.Calendar.from_ical(text))
        except ValueError:
            continue
    return calendars


def busy_from_calendars(
    calendars: Iterable[icalendar.Calendar],
    start: datetime,
    end: datetime,
    zone: str,
    *,
    ignore_uids: Collection[str] = (),
) -> list[Interval]:
    """The merged busy intervals of ``calendars`` inside ``[start, end)``, in UTC."""
    owner_zone = ZoneInfo(zone)
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    found: list[Interval] = []
    for calendar in calendars:
        occurrences = recurring_ical_events.of(calendar, skip_bad_series=True).between(
            start - QUERY_SLACK, end + QUERY_SLACK
        )
        for event in occurrences:
            if event.name != "VEVENT" or str(event.get("UID", "")) in ignore_uids:
                continue
            interval = occurrence_interval(event, owner_zone)
            if interval is None or not blocks_time(event):
                continue
            clipped = interval.clip(start, end)
            if clipped is not None:
                found.append(clipped)
    return merge_intervals(found)


def blocks_time(event: Any) -> bool:
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return False
    return str(event.get("STATUS", "CONFIRMED")).upper() != "CANCELLED"


def occurrence_interval(event: Any, owner_zone: ZoneInfo) -> Interval | None:
    """Start and end of one expanded occurrence, in UTC (None when it has no length)."""
    if "DTSTART" not in event:
        return None
    raw_start = event["DTSTART"].dt
    raw_end = event["DTEND"].dt if "DTEND" in event else None
    if raw_end is None and "DURATION" in event:
        raw_end = raw_start + event["DURATION"].dt
    if not isinstance(raw_start, datetime):  # all-day: the owner's local days
        last = raw_end if isinstance(raw_end, date) and raw_end > raw_start else None
        day_end = last if last is not None else raw_start + timedelta(days=1)
        return Interval(local_midnight(raw_start, owner_zone), local_midnight(day_end, owner_zone))
    if raw_end is None or not isinstance(raw_end, datetime):
        return None  # a DATE-TIME start without end or duration takes no time (RFC 5545)
    begin, finish = to_utc(raw_start, owner_zone), to_utc(raw_end, owner_zone)
    return Interval(begin, finish) if finish > begin else None


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def to_utc(value: datetime, owner_zone: ZoneInfo) -> datetime:
    """A floating time is the owner's wall clock; an aware one converts through its zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=owner_zone)
    return value.astimezone(UTC)


def format_intervals(intervals: Iterable[Interval], zone: str) -> list[dict[str, str]]:
    """Intervals as ISO strings in UTC and in ``zone`` (for the CLI and diagnostics)."""
    local = ZoneInfo(zone)
    return [
        {
            "start_utc": i.start.isoformat().replace("+00:00", "Z"),
            "end_utc": i.end.isoformat().replace("+00:00", "Z"),
            "start_local": i.start.astimezone(local).isoformat(),
            "end_local": i.end.astimezone(local).isoformat(),
        }
        for i in intervals
    ]
