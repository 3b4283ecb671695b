"""Slots across DST weeks: wall-clock hours stay put in the recruiter's zone, UTC moves.

Expected UTC instants are written out by hand from the zones' published offsets (not computed
with the code under test); every zone is checked at 13:00 and later, where a 12-hour-clock
DST correction would shift slots.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from typer.testing import CliRunner

from hireflow.cli import app
from hireflow.interviews.availability import (
    Availability,
    Interval,
    free_slots,
    local_instant,
    parse_hours,
    working_windows,
    zone,
)
from hireflow.kit.errors import BadRequest

Z = UTC


def _slots(zone_name: str, hours: str, first: date, days: int, **kw: int) -> list[Interval]:
    availability = Availability(zone=zone_name, windows=parse_hours(hours), horizon_days=60, **kw)
    now = datetime.combine(first, time(0), tzinfo=Z) - timedelta(days=1)
    return free_slots(availability, now=now, first_day=first, days=days)


# zone, a day before the change, a day after it, and 13:00 local on each in UTC.
CASES = [
    (
        "Europe/Berlin",
        date(2027, 3, 26),
        date(2027, 3, 29),
        datetime(2027, 3, 26, 12, 0, tzinfo=Z),
        datetime(2027, 3, 29, 11, 0, tzinfo=Z),
    ),
    (
        "Europe/Berlin",
        date(2027, 10, 29),
        date(2027, 11, 1),
        datetime(2027, 10, 29, 11, 0, tzinfo=Z),
        datetime(2027, 11, 1, 12, 0, tzinfo=Z),
    ),
    (
        "America/New_York",
        date(2027, 3, 12),
        date(2027, 3, 15),
        datetime(2027, 3, 12, 18, 0, tzinfo=Z),
        datetime(2027, 3, 15, 17, 0, tzinfo=Z),
    ),
    (
        "America/New_York",
        date(2027, 11, 5),
        date(2027, 11, 8),
        datetime(2027, 11, 5, 17, 0, tzinfo=Z),
        datetime(2027, 11, 8, 18, 0, tzinfo=Z),
    ),
    (
        "Australia/Sydney",
        date(2027, 4, 2),
        date(2027, 4, 5),
        datetime(2027, 4, 2, 2, 0, tzinfo=Z),
        datetime(2027, 4, 5, 3, 0, tzinfo=Z),
    ),
    (
        "Australia/Sydney",
        date(2027, 10, 1),
        date(2027, 10, 4),
        datetime(2027, 10, 1, 3, 0, tzinfo=Z),
        datetime(2027, 10, 4, 2, 0, tzinfo=Z),
    ),
    (
        "America/St_Johns",
        date(2027, 3, 12),
        date(2027, 3, 15),
        datetime(2027, 3, 12, 16, 30, tzinfo=Z),
        datetime(2027, 3, 15, 15, 30, tzinfo=Z),
    ),
    (
        "Pacific/Chatham",
        date(2027, 4, 2),
        date(2027, 4, 5),
        datetime(2027, 4, 1, 23, 15, tzinfo=Z),
        datetime(2027, 4, 5, 0, 15, tzinfo=Z),
    ),
    (
        "Pacific/Chatham",
        date(2027, 9, 24),
        date(2027, 9, 27),
        datetime(2027, 9, 24, 0, 15, tzinfo=Z),
        datetime(2027, 9, 26, 23, 15, tzinfo=Z),
    ),
    (
        "Asia/Kolkata",
        date(2027, 3, 26),
        date(2027, 3, 29),
        datetime(2027, 3, 26, 7, 30, tzinfo=Z),
        datetime(2027, 3, 29, 7, 30, tzinfo=Z),
    ),
    (
        "Asia/Tokyo",
        date(2027, 3, 26),
        date(2027, 3, 29),
        datetime(2027, 3, 26, 4, 0, tzinfo=Z),
        datetime(2027, 3, 29, 4, 0, tzinfo=Z),
    ),
]


@pytest.mark.parametrize(("zone_name", "before", "after", "before_13", "after_13"), CASES)
def test_a_dst_week_keeps_local_hours(
    zone_name: str, before: date, after: date, before_13: datetime, after_13: datetime
) -> None:
    found = _slots(zone_name, "Mon-Fri 13:00-18:00", before, (after - before).days + 1)
    starts = [s.start for s in found]
    assert starts[0] == before_13 and starts[5] == after_13, starts
    assert len(found) == 10  # Friday and Monday, five hours each; the weekend is closed
    tz = zone(zone_name)
    for slot in found:
        local = slot.start.astimezone(tz)
        assert local.hour in (13, 14, 15, 16, 17) and local.minute == 0, local
        assert slot.end - slot.start == timedelta(hours=1)
    # 17:00 local (the last start, on a 24-hour clock) is four hours after 13:00 on both days.
    assert starts[4] - starts[0] == timedelta(hours=4)
    assert starts[9] - starts[5] == timedelta(hours=4)


def test_spring_forward_gap_moves_a_window_start_to_the_transition() -> None:
    berlin = zone("Europe/Berlin")
    # 2027-03-28: clocks go from 02:00 CET to 03:00 CEST (01:00 UTC); 02:30 does not exist.
    assert local_instant(date(2027, 3, 28), time(2, 30), berlin, edge="start") == datetime(
        2027, 3, 28, 1, 0, tzinfo=Z
    )
    windows = working_windows(
        Availability(zone="Europe/Berlin", windows=parse_hours("Sun 02:00-04:00")),
        date(2027, 3, 28),
        1,
    )
    assert windows == [
        Interval(datetime(2027, 3, 28, 1, 0, tzinfo=Z), datetime(2027, 3, 28, 2, 0, tzinfo=Z))
    ]
    found = _slots("Europe/Berlin", "Sun 02:00-04:00", date(2027, 3, 28), 1)
    assert [s.start for s in found] == [datetime(2027, 3, 28, 1, 0, tzinfo=Z)]
    # Chatham jumps 02:45 → 03:45 (2027-09-26); its gap is at a quarter-hour.
    chatham = zone("Pacific/Chatham")
    assert local_instant(date(2027, 9, 26), time(3, 0), chatham, edge="start") == datetime(
        2027, 9, 25, 14, 0, tzinfo=Z
    )


def test_autumn_repeat_covers_the_whole_local_span() -> None:
    # 2027-10-31 Berlin: 03:00 CEST → 02:00 CET; 01:30–03:30 local is three real hours.
    found = _slots("Europe/Berlin", "Sun 01:30-03:30", date(2027, 10, 31), 1)
    assert [s.start for s in found] == [
        datetime(2027, 10, 30, 23, 30, tzinfo=Z),
        datetime(2027, 10, 31, 0, 30, tzinfo=Z),
        datetime(2027, 10, 31, 1, 30, tzinfo=Z),
    ]
    new_york = zone("America/New_York")
    assert local_instant(date(2027, 11, 7), time(1, 30), new_york, edge="start") == datetime(
        2027, 11, 7, 5, 30, tzinfo=Z
    )
    assert local_instant(date(2027, 11, 7), time(1, 30), new_york, edge="end") == datetime(
        2027, 11, 7, 6, 30, tzinfo=Z
    )


def test_busy_time_buffers_notice_and_days_off() -> None:
    availability = Availability(
        zone="Europe/Berlin",
        windows=parse_hours("Mon 13:00-17:00"),
        buffer_before_minutes=15,
        buffer_after_minutes=15,
        min_notice_minutes=60,
        days_off=frozenset({date(2027, 4, 12)}),
        horizon_days=30,
    )
    now = datetime(2027, 3, 29, 10, 30, tzinfo=Z)  # 12:30 CEST on Monday 29 March
    busy = [
        Interval(datetime(2027, 3, 29, 13, 0, tzinfo=Z), datetime(2027, 3, 29, 13, 30, tzinfo=Z))
    ]
    found = free_slots(availability, now=now, busy=busy, first_day=date(2027, 3, 29), days=15)
    starts = [s.start for s in found]
    # 13:00 CEST is inside the notice; 14:00 and 15:00 (CEST) touch the busy 15:00–15:30 with buffers.
    assert datetime(2027, 3, 29, 11, 0, tzinfo=Z) not in starts
    assert datetime(2027, 3, 29, 12, 0, tzinfo=Z) not in starts
    assert datetime(2027, 3, 29, 13, 0, tzinfo=Z) not in starts
    assert datetime(2027, 3, 29, 14, 0, tzinfo=Z) in starts
    assert all(s.start.date() != date(2027, 4, 12) for s in found), "a day off has no slots"
    assert any(s.start.date() == date(2027, 4, 5) for s in found)


def test_hours_are_read_strictly() -> None:
    assert len(parse_hours("Mon-Fri 09:00-18:00; Sat 10:00-12:00")) == 6
    assert [w.weekday for w in parse_hours("Fri-Mon 10:00-11:00")] == [0, 4, 5, 6]
    for bad in ("Mon-Fri 18:00-09:00", "Funday 09:00-10:00", "every day", ""):
        with pytest.raises(BadRequest):
            parse_hours(bad)
    with pytest.raises(BadRequest):
        zone("Mars/Olympus")


def test_slots_command_prints_utc_and_the_shown_zone() -> None:
    result = CliRunner().invoke(
        app,
        [
            "slots",
            "--zone",
            "Europe/Berlin",
            "--hours",
            "Mon-Fri 09:00-18:00",
            "--length",
            "60",
            "--from",
            "2027-03-26",
            "--days",
            "5",
            "--show-zone",
            "America/New_York",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 27  # Fri, Mon, Tue: nine hourly slots each
    friday_13 = next(r for r in rows if r["start"] == "2027-03-26T13:00:00+01:00")
    assert friday_13["start_utc"] == "2027-03-26T12:00:00+00:00"
    assert friday_13["show_start"] == "2027-03-26T08:00:00-04:00"
    monday_13 = next(r for r in rows if r["start"] == "2027-03-29T13:00:00+02:00")
    assert monday_13["start_utc"] == "2027-03-29T11:00:00+00:00"
    assert monday_13["show_start"] == "2027-03-29T07:00:00-04:00"
    bad = CliRunner().invoke(app, ["slots", "--zone", "Nowhere/Land"])
    assert bad.exit_code == 2
