"""Time helpers: hireflow stores and compares aware UTC datetimes only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, order=True)
class Interval:
    """A half-open span ``[start, end)`` of two aware UTC datetimes."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("an Interval needs aware datetimes")
        if self.start.utcoffset() != timedelta(0) or self.end.utcoffset() != timedelta(0):
            object.__setattr__(self, "start", self.start.astimezone(UTC))
            object.__setattr__(self, "end", self.end.astimezone(UTC))
        if self.end < self.start:
            raise ValueError("an Interval cannot end before it starts")

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def clip(self, start: datetime, end: datetime) -> Interval | None:
        """The part of this interval inside ``[start, end)``, or None."""
        lo, hi = max(self.start, start), min(self.end, end)
        return Interval(lo, hi) if lo < hi else None


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping intervals covering the same time (touching ones joined)."""
    merged: list[Interval] = []
    for interval in sorted(intervals):
        if interval.start == interval.end:
            continue
        if merged and interval.start <= merged[-1].end:
            if interval.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, interval.end)
        else:
            merged.append(interval)
    return merged
