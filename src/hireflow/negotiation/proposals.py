"""Intersect what a candidate offered with the recruiter's free time and pick proposals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from hireflow.negotiation.resolver import Interval

_ALIGN = timedelta(minutes=15)


def slot_starts(
    offered: Sequence[Interval], free: Sequence[Interval], length: timedelta
) -> list[Interval]:
    """Every slot of ``length`` that lies inside both an offered and a free interval.

    Starts are aligned to the quarter hour and step by ``length``; passing the recruiter's
    bookable slots as ``free`` (each exactly ``length`` long) yields exactly those slots.
    """
    found: set[Interval] = set()
    for window in offered:
        for busy_free in free:
            lo, hi = max(window.start, busy_free.start), min(window.end, busy_free.end)
            if hi - lo < length:
                continue
            epoch = lo.replace(minute=0, second=0, microsecond=0)
            steps = -(-(lo - epoch) // _ALIGN)
            start = epoch + steps * _ALIGN
            while start + length <= hi:
                found.add(Interval(start, start + length))
                start += length
    return sorted(found)


def spread_over_days(slots: Sequence[Interval], zone: str, limit: int = 3) -> list[Interval]:
    """Up to ``limit`` slots, the earliest of each distinct local day first."""
    tz = ZoneInfo(zone)
    by_day: dict[date, list[Interval]] = {}
    for slot in sorted(slots):
        by_day.setdefault(slot.start.astimezone(tz).date(), []).append(slot)
    chosen: list[Interval] = []
    depth = 0
    while len(chosen) < limit and any(len(day) > depth for day in by_day.values()):
        for day in sorted(by_day):
            if depth < len(by_day[day]) and len(chosen) < limit:
                chosen.append(by_day[day][depth])
        depth += 1
    return sorted(chosen)
