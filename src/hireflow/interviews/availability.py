"""Free interview slots from weekly working hours: pure functions, no database.

Working hours are stored as *local* weekday + wall-clock times plus an IANA zone (never as
UTC times of day, which drift by an hour at every DST change) and are expanded per local
date. Two local times need an explicit rule:

- the spring-forward gap (02:30 on the day clocks jump from 02:00 to 03:00 does not exist):
  a window edge inside the gap moves to the first instant after it (the transition);
- the autumn repeat (01:30 happens twice): a window *start* takes the first occurrence and an
  *end* the second, so the window covers the whole local span the recruiter meant.

Slots are stepped in absolute (UTC) time from each window's start; busy time is passed in as
``busy`` intervals (hireflow's own holds and bookings today; connected calendars later), so
every caller - the server, ``hireflow slots`` and the negotiation bot - uses this one path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hireflow.kit.errors import BadRequest

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, order=True)
class Interval:
    """A half-open span of time ``[start, end)`` between two aware instants."""

    start: datetime
    end: datetime

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class WeeklyWindow:
    """Working time on one local weekday (0 = Monday), e.g. 09:00-18:00."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class Availability:
    """One interviewer's bookable time: what the recruiter settings page stores."""

    zone: str = "UTC"
    windows: tuple[WeeklyWindow, ...] = ()
    days_off: frozenset[date] = field(default_factory=frozenset)
    meeting_minutes: int = 60
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    min_notice_minutes: int = 0
    horizon_days: int = 14

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.zone)


DEFAULT_HOURS = "Mon-Fri 09:00-18:00"


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or a clear error."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadRequest(f"{name!r} is not an IANA time zone (e.g. Europe/Berlin).") from None


_PART = re.compile(
    r"^\s*(?P<days>[A-Za-z]{3}(?:\s*-\s*[A-Za-z]{3})?(?:\s*,\s*[A-Za-z]{3}(?:\s*-\s*[A-Za-z]{3})?)*)"
    r"\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$"
)


def _day(name: str) -> int:
    try:
        return WEEKDAYS.index(name.strip().lower()[:3])
    except ValueError:
        raise BadRequest(f"{name!r} is not a weekday (Mon, Tue, … Sun).") from None


def _clock(value: str) -> time:
    hours, minutes = (int(p) for p in value.split(":"))
    if hours == 24 and minutes == 0:
        return time(23, 59, 59, 999999)
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise BadRequest(f"{value!r} is not a time of day.")
    return time(hours, minutes)


def parse_hours(spec: str) -> tuple[WeeklyWindow, ...]:
    """``"Mon-Fri 09:00-18:00; Sat 10:00-13:00"`` → weekly windows (local wall-clock)."""
    windows: list[WeeklyWindow] = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        match = _PART.match(part)
        if match is None:
            raise BadRequest(
                f"Cannot read working hours {part!r}; write e.g. 'Mon-Fri 09:00-18:00'."
            )
        start, end = _clock(match["start"]), _clock(match["end"])
        if end <= start:
            raise BadRequest(f"Working hours {part!r} end before they start.")
        for group in match["days"].split(","):
            first, _, last = group.partition("-")
            a, b = _day(first), _day(last or first)
            days = range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)]
            windows.extend(WeeklyWindow(d, start, end) for d in days)
    if not windows:
        raise BadRequest("Working hours are empty.")
    return tuple(sorted(windows, key=lambda w: (w.weekday, w.start)))


def format_hours(windows: Iterable[WeeklyWindow]) -> str:
    return "; ".join(
        f"{WEEKDAYS[w.weekday].title()} {w.start:%H:%M}-{w.end:%H:%M}" for w in windows
    )


def local_instant(day: date, at: time, tz: ZoneInfo, *, edge: str) -> datetime:
    """The UTC instant of wall-clock ``at`` on local ``day``, with the DST rules above.

    ``edge`` is ``"start"`` or ``"end"`` (which occurrence a repeated time means).
    """
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) != naive:
        return _transition(min(first, second), max(first, second), tz)
    if first != second:  # repeated hour
        return first if edge == "start" else second
    return first


def _transition(before: datetime, after: datetime, tz: ZoneInfo) -> datetime:
    """The instant between ``before`` and ``after`` where the zone's offset jumps (the end
    of a spring-forward gap), found by bisection to the second."""
    offset_after = after.astimezone(tz).utcoffset()
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(tz).utcoffset() == offset_after:
            after = middle
        else:
            before = middle
    return after.replace(microsecond=0)


def working_windows(availability: Availability, first_day: date, days: int) -> list[Interval]:
    """The recruiter's working time on local dates ``first_day`` … ``first_day + days - 1``."""
    tz = availability.tz
    spans: list[Interval] = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)  # a calendar date: no clock involved
        if day in availability.days_off:
            continue
        for window in availability.windows:
            if window.weekday != day.weekday():
                continue
            start = local_instant(day, window.start, tz, edge="start")
            end = local_instant(day, window.end, tz, edge="end")
            if end > start:
                spans.append(Interval(start, end))
    return spans


def free_slots(
    availability: Availability,
    *,
    now: datetime,
    busy: Sequence[Interval] = (),
    first_day: date | None = None,
    days: int | None = None,
    step_minutes: int | None = None,
) -> list[Interval]:
    """Bookable slots: inside working time, clear of ``busy`` (with buffers), after the
    minimum notice and within the horizon. ``now`` is injected (never read from a clock)."""
    tz = availability.tz
    first_day = first_day or now.astimezone(tz).date()
    horizon_end = now + timedelta(days=availability.horizon_days)
    days = days if days is not None else (horizon_end.astimezone(tz).date() - first_day).days + 1
    length = timedelta(minutes=availability.meeting_minutes)
    step = timedelta(minutes=step_minutes or availability.meeting_minutes)
    before = timedelta(minutes=availability.buffer_before_minutes)
    after = timedelta(minutes=availability.buffer_after_minutes)
    earliest = now + timedelta(minutes=availability.min_notice_minutes)
    blocked = sorted(busy)
    slots: list[Interval] = []
    for window in working_windows(availability, first_day, days):
        start = window.start
        while start + length <= window.end:
            slot = Interval(start, start + length)
            padded = Interval(slot.start - before, slot.end + after)
            if (
                slot.start >= earliest
                and slot.start <= horizon_end
                and not any(padded.overlaps(b) for b in blocked)
            ):
                slots.append(slot)
            start += step
    return slots


def describe(slot: Interval, tz: ZoneInfo) -> dict[str, str]:
    """A slot as ISO strings in UTC and in ``tz`` (the zone is always named)."""
    return {
        "start_utc": slot.start.astimezone(UTC).isoformat(),
        "end_utc": slot.end.astimezone(UTC).isoformat(),
        "start_local": slot.start.astimezone(tz).isoformat(),
        "end_local": slot.end.astimezone(tz).isoformat(),
        "zone": tz.key,
    }


def label(moment: datetime, tz: ZoneInfo) -> str:
    """``Mon 29 Mar 2027, 14:00 (Europe/Berlin, CEST)``: 24-hour clock, zone named."""
    local = moment.astimezone(tz)
    return f"{local:%a %d %b %Y, %H:%M} ({tz.key}, {local.tzname()})"
