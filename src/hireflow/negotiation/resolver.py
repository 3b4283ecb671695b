"""Deterministic resolution: typed availability constraints → concrete UTC intervals.

Both the offline grammar and the model tier end here, so what the bot searches is always
computed by this code, never invented by a model. Days are walked in the candidate's zone
(wall-clock arithmetic per calendar day, then converted per instant), so a window keeps its
local hours across a DST change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hireflow.negotiation.parsing.schemas import AvailabilityConstraints, DayChoice, TimeWindow
from hireflow.negotiation.parsing.vocabulary import PART_WINDOWS
from hireflow.negotiation.parsing.zones import abbreviation_on

DEFAULT_HORIZON_DAYS = 28
WORKING_DAY = TimeWindow(start=PART_WINDOWS["working_day"][0], end=PART_WINDOWS["working_day"][1])
_DAY = 24 * 60


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """A half-open UTC interval [start, end)."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


def _span(window: TimeWindow) -> tuple[int, int]:
    end = _DAY if window.end == time(0) else window.end.hour * 60 + window.end.minute
    return window.start.hour * 60 + window.start.minute, end


def _subtract(spans: list[tuple[int, int]], cut: tuple[int, int]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for lo, hi in spans:
        if cut[1] <= lo or cut[0] >= hi:
            kept.append((lo, hi))
            continue
        if lo < cut[0]:
            kept.append((lo, cut[0]))
        if cut[1] < hi:
            kept.append((cut[1], hi))
    return kept


def _matches(choice: DayChoice, day: date) -> bool:
    if choice.dates or choice.weekdays:
        return day in choice.dates or day.weekday() in choice.weekdays
    return True


def search_days(constraints: AvailabilityConstraints, today: date, horizon_days: int) -> list[date]:
    last = today + timedelta(days=horizon_days)
    if constraints.date_range:
        first = max(today, constraints.date_range.first)
        last = min(last, constraints.date_range.last)
    else:
        first = today
    return [first + timedelta(days=k) for k in range(max((last - first).days + 1, 0))]


def resolve_intervals(
    constraints: AvailabilityConstraints,
    *,
    now: datetime,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    working_day: TimeWindow = WORKING_DAY,
) -> list[Interval]:
    """The UTC intervals the candidate offered, after exclusions, from ``now`` on."""
    zone = ZoneInfo(constraints.zone)
    today = now.astimezone(zone).date()
    horizon_end = today + timedelta(days=horizon_days)
    in_range = search_days(constraints, today, horizon_days)
    default_weekdays = constraints.weekday_filter or [0, 1, 2, 3, 4]
    per_day: dict[date, list[tuple[int, int]]] = {}
    for choice in constraints.choices:
        if choice.dates:
            days = [d for d in choice.dates if today <= d <= horizon_end]
        elif choice.weekdays:
            allowed = set(choice.weekdays) & set(constraints.weekday_filter or range(7))
            days = [d for d in in_range if d.weekday() in allowed]
        else:
            days = [d for d in in_range if d.weekday() in default_weekdays]
        spans = [_span(w) for w in choice.windows or [working_day]]
        for day in days:
            per_day.setdefault(day, []).extend(spans)
    intervals: list[Interval] = []
    for day in sorted(per_day):
        spans = sorted(set(per_day[day]))
        for excluded in constraints.exclusions:
            if _matches(excluded, day):
                for cut in [_span(w) for w in excluded.windows] or [(0, _DAY)]:
                    spans = _subtract(spans, cut)
        midnight = datetime.combine(day, time(0))
        for lo, hi in spans:
            start = (midnight + timedelta(minutes=lo)).replace(tzinfo=zone).astimezone(UTC)
            end = (midnight + timedelta(minutes=hi)).replace(tzinfo=zone).astimezone(UTC)
            start = max(start, now.astimezone(UTC))
            if end > start:
                intervals.append(Interval(start, end))
    return _merge(intervals)


def _merge(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for interval in sorted(intervals):
        if merged and interval.start <= merged[-1].end:
            last = merged.pop()
            merged.append(Interval(last.start, max(last.end, interval.end)))
        else:
            merged.append(interval)
    return merged


def describe_interval(interval: Interval, zone: str) -> str:
    """ "Thu 17 Jun, 10:00–12:00 CEST" in the candidate's zone (abbreviation of that date)."""
    tz = ZoneInfo(zone)
    start, end = interval.start.astimezone(tz), interval.end.astimezone(tz)
    name = abbreviation_on(zone, start.date(), start.time())
    end_label = "24:00" if end.time() == time(0) and end.date() > start.date() else f"{end:%H:%M}"
    return f"{start:%a} {start.day} {start:%b}, {start:%H:%M}–{end_label} {name}"
