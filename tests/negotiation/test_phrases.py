"""Availability phrases → the intervals the bot will search, stated from the phrase.

Reference: Thursday 10 June 2027, 09:00 in Europe/Berlin (CEST, +02:00); horizon 28 days
(through Thursday 8 July). House conventions (README "Availability"): working day 09–18,
morning 08–12, lunchtime 12–14, afternoon 12–17, after lunch 13–17, evening 17–20;
"after X" runs to 20:00, "before X" from 08:00, "at X" is a one-hour start window; a bare
hour 1–7 is pm; range-wide choices skip weekends unless a weekend was named; a bare
weekday is its next occurrence after today.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hireflow.negotiation.parsing import read_availability
from hireflow.negotiation.resolver import resolve_intervals

ZONE = "Europe/Berlin"
NOW = datetime(2027, 6, 10, 9, 0, tzinfo=ZoneInfo(ZONE))
LAST = date(2027, 7, 8)


def every(weekdays: set[int], window: str, first: date = date(2027, 6, 10), last: date = LAST,
          skip: set[date] | None = None) -> list[str]:  # fmt: skip
    """Local "YYYY-MM-DD HH:MM-HH:MM" for each matching day (today clipped to 09:00)."""
    out = []
    day = first
    while day <= last:
        if day.weekday() in weekdays and day not in (skip or set()):
            start, end = window.split("-")
            if day == NOW.date() and start < "09:00":
                start = "09:00"
            if not (day == NOW.date() and end <= "09:00"):
                out.append(f"{day.isoformat()} {start}-{end}")
        day += timedelta(days=1)
    return out


WEEKDAYS = {0, 1, 2, 3, 4}
NEXT_WEEK = (date(2027, 6, 14), date(2027, 6, 20))

CASES: list[tuple[str, list[str]]] = [
    ("next Tuesday after 3pm", ["2027-06-15 15:00-20:00"]),
    ("any morning next week except Wednesday", every({0, 1, 3, 4}, "08:00-12:00", *NEXT_WEEK)),
    ("Thu 10-12 CET", ["2027-06-17 10:00-12:00"]),
    ("tomorrow at 2", ["2027-06-11 14:00-15:00"]),
    ("Monday or Tuesday afternoon", ["2027-06-14 12:00-17:00", "2027-06-15 12:00-17:00"]),
    ("between 2 and 4 pm next week", every(WEEKDAYS, "14:00-16:00", *NEXT_WEEK)),
    ("weekdays after 5", every(WEEKDAYS, "17:00-20:00")),
    ("I'm free all of next week but not Friday", every({0, 1, 2, 3}, "09:00-18:00", *NEXT_WEEK)),
    ("the 14th or 15th in the morning", ["2027-06-14 08:00-12:00", "2027-06-15 08:00-12:00"]),
    ("9-5 on Monday", ["2027-06-14 09:00-17:00"]),
    ("tomorrow 9-5", ["2027-06-11 09:00-17:00"]),
    ("between 2 and 4pm on Friday", ["2027-06-11 14:00-16:00"]),
    ("3-5pm on Wednesday", ["2027-06-16 15:00-17:00"]),
    ("Wednesday 10am-2pm", ["2027-06-16 10:00-14:00"]),
    ("Wednesday 10-2", ["2027-06-16 10:00-14:00"]),
    ("Monday at 10:30", ["2027-06-14 10:30-11:30"]),
    ("Tuesday 14:00-15:30", ["2027-06-15 14:00-15:30"]),
    ("Friday morning", ["2027-06-11 08:00-12:00"]),
    ("next Friday morning", ["2027-06-18 08:00-12:00"]),
    ("Monday morning or Tuesday afternoon", ["2027-06-14 08:00-12:00", "2027-06-15 12:00-17:00"]),
    ("June 21 after lunch", ["2027-06-21 13:00-17:00"]),
    ("21 June at 11am", ["2027-06-21 11:00-12:00"]),
    (
        "June 21-23 in the morning",
        every({0, 1, 2}, "08:00-12:00", date(2027, 6, 21), date(2027, 6, 23)),
    ),
    ("2027-06-22 from 9 to 11", ["2027-06-22 09:00-11:00"]),
    ("today after 4", ["2027-06-10 16:00-20:00"]),
    ("tonight", ["2027-06-10 17:00-20:00"]),
    ("the day after tomorrow before noon", ["2027-06-12 08:00-12:00"]),
    ("Mondays after 3", every({0}, "15:00-20:00")),
    ("every Tuesday morning", every({1}, "08:00-12:00")),
    ("Monday to Wednesday after 2pm", every({0, 1, 2}, "14:00-20:00", *NEXT_WEEK)),
    ("Mon-Wed 9-11", every({0, 1, 2}, "09:00-11:00", *NEXT_WEEK)),
    ("next week, mornings only", every(WEEKDAYS, "08:00-12:00", *NEXT_WEEK)),
    ("this week in the afternoon", ["2027-06-10 12:00-17:00", "2027-06-11 12:00-17:00"]),
    ("the week after next", every(WEEKDAYS, "09:00-18:00", date(2027, 6, 21), date(2027, 6, 27))),
    ("not Monday", every({1, 2, 3, 4}, "09:00-18:00")),
    ("Thursday at 8 in the evening", ["2027-06-17 20:00-21:00"]),
    ("Tuesday at noon", ["2027-06-15 12:00-13:00"]),
    ("10:00 tomorrow", ["2027-06-11 10:00-11:00"]),
    ("weekend mornings", every({5, 6}, "08:00-12:00")),
    ("Saturday", ["2027-06-12 09:00-18:00"]),
    ("the 14th", ["2027-06-14 09:00-18:00"]),
    ("on the 15th at 3", ["2027-06-15 15:00-16:00"]),
    ("any time next week before 11", every(WEEKDAYS, "08:00-11:00", *NEXT_WEEK)),
    ("next week except Tuesday and Thursday", every({0, 2, 4}, "09:00-18:00", *NEXT_WEEK)),
    ("next week, but Monday doesn't work", every({1, 2, 3, 4}, "09:00-18:00", *NEXT_WEEK)),
    ("I can't do mornings, any afternoon next week", every(WEEKDAYS, "12:00-17:00", *NEXT_WEEK)),
    ("next week after lunch except Friday", every({0, 1, 2, 3}, "13:00-17:00", *NEXT_WEEK)),
    ("Tuesday or Wednesday, 10 to 12", ["2027-06-15 10:00-12:00", "2027-06-16 10:00-12:00"]),
    ("Tuesday at 10 or 3pm", ["2027-06-15 10:00-11:00", "2027-06-15 15:00-16:00"]),
    ("after 6pm on weekdays", every(WEEKDAYS, "18:00-20:00")),
    ("Thursday 10-12 CET or Friday 2-4", ["2027-06-11 14:00-16:00", "2027-06-17 10:00-12:00"]),
    ("2pm-4pm tomorrow", ["2027-06-11 14:00-16:00"]),
    ("after 10 tomorrow", ["2027-06-11 10:00-20:00"]),
    ("Tuesday after 5:30pm", ["2027-06-15 17:30-20:00"]),
    ("any afternoon except Wednesday", every({0, 1, 3, 4}, "12:00-17:00")),
    ("Tues 11am", ["2027-06-15 11:00-12:00"]),
    ("from 1 to 3 on the 16th", ["2027-06-16 13:00-15:00"]),
    ("Monday 11-1", ["2027-06-14 11:00-13:00"]),
    ("Friday lunchtime", ["2027-06-11 12:00-14:00"]),
    ("this Thursday after 2", ["2027-06-10 14:00-20:00"]),
    ("Hi! Next Wednesday works for me, ideally in the afternoon.", ["2027-06-16 12:00-17:00"]),
    ("early next week", every(WEEKDAYS, "09:00-18:00", date(2027, 6, 14), date(2027, 6, 16))),
    ("late next week", every(WEEKDAYS, "09:00-18:00", date(2027, 6, 16), date(2027, 6, 20))),
    ("end of the week", ["2027-06-10 09:00-18:00", "2027-06-11 09:00-18:00"]),
    ("I work until 6, so after that", every(WEEKDAYS, "18:00-20:00")),
    (
        "I'm on holiday from the 14th to the 18th",
        every(WEEKDAYS, "09:00-18:00", skip={date(2027, 6, d) for d in range(14, 19)}),
    ),
    ("any day but Monday", every({1, 2, 3, 4}, "09:00-18:00")),
    ("Monday works but not before 11", ["2027-06-14 11:00-18:00"]),
    (
        "the 14th to the 16th, afternoons",
        every(WEEKDAYS, "12:00-17:00", date(2027, 6, 14), date(2027, 6, 16)),
    ),
    # Japanese
    ("来週の火曜日の午後", ["2027-06-15 12:00-17:00"]),
    ("明日14時", ["2027-06-11 14:00-15:00"]),
    ("来週の月曜日か水曜日の午前", ["2027-06-14 08:00-12:00", "2027-06-16 08:00-12:00"]),
    ("金曜日以外の午後、来週", every({0, 1, 2, 3}, "12:00-17:00", *NEXT_WEEK)),
    ("6月21日 13時から15時", ["2027-06-21 13:00-15:00"]),
    ("平日の18時以降", every(WEEKDAYS, "18:00-20:00")),
    ("14日か15日の午前中", ["2027-06-14 08:00-12:00", "2027-06-15 08:00-12:00"]),
    ("明日の午前10時", ["2027-06-11 10:00-11:00"]),
    ("水曜日以外の夕方", every({0, 1, 3, 4}, "17:00-20:00")),
    ("来週の木曜日１０時～１２時", ["2027-06-17 10:00-12:00"]),
]


def local(intervals: list, zone: str) -> list[str]:
    tz = ZoneInfo(zone)
    out = []
    for interval in intervals:
        start, end = interval.start.astimezone(tz), interval.end.astimezone(tz)
        out.append(f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}")
    return out


@pytest.mark.parametrize(("phrase", "expected"), CASES, ids=[c[0] for c in CASES])
def test_phrase_resolves_to_the_stated_intervals(phrase: str, expected: list[str]) -> None:
    constraints = read_availability(phrase, NOW, ZONE)
    assert constraints.confidence >= 0.5, constraints
    assert not [i for i in constraints.issues if i.kind != "in_the_past"], constraints.issues
    assert local(resolve_intervals(constraints, now=NOW), constraints.zone) == sorted(expected)


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 60


ZONED: list[tuple[str, str, list[str]]] = [
    # (phrase, zone the words name, expected UTC intervals)
    ("tomorrow at 9am PT", "America/Los_Angeles", ["2027-06-11 16:00-17:00"]),
    ("Monday 3pm EST", "America/New_York", ["2027-06-14 19:00-20:00"]),
    ("Friday 10-12 JST", "Asia/Tokyo", ["2027-06-11 01:00-03:00"]),
    ("Wed 4pm IST", "Asia/Kolkata", ["2027-06-16 10:30-11:30"]),
    ("Tuesday 9am GMT", "Europe/London", ["2027-06-15 08:00-09:00"]),
    ("Monday 14:00 UTC", "UTC", ["2027-06-14 14:00-15:00"]),
    ("Monday 2pm UTC+2", "Etc/GMT-2", ["2027-06-14 12:00-13:00"]),
    # CET written in summer means Berlin's clock, which is CEST (+02:00) then
    ("Thu 10-12 CET", "Europe/Berlin", ["2027-06-17 08:00-10:00"]),
]


@pytest.mark.parametrize(("phrase", "zone", "expected"), ZONED, ids=[z[0] for z in ZONED])
def test_zone_words_map_to_the_zone_in_force_on_that_date(
    phrase: str, zone: str, expected: list[str]
) -> None:
    constraints = read_availability(phrase, NOW, ZONE)
    assert constraints.zone == zone
    assert local(resolve_intervals(constraints, now=NOW), "UTC") == expected


def test_cet_in_winter_is_plus_one() -> None:
    winter = datetime(2027, 1, 12, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    constraints = read_availability("Thu 10-12 CET", winter, "America/New_York")
    assert local(resolve_intervals(constraints, now=winter), "UTC") == ["2027-01-14 09:00-11:00"]


@pytest.mark.parametrize(
    "phrase",
    [
        "asap",
        "I don't know yet",
        "whenever",
        "Monday but not Monday",
        "blue",
        "",
        "   ",
        "Tuesday 2.30",
        "Monday 10 CET 11 PT",
    ],
)
def test_unclear_or_contradictory_phrases_are_flagged(phrase: str) -> None:
    constraints = read_availability(phrase, NOW, ZONE)
    blocking = {i.kind for i in constraints.issues} & {"nothing_understood", "contradiction"}
    assert blocking or constraints.confidence < 0.5


@pytest.mark.parametrize("phrase", ["yesterday afternoon", "June 3"])
def test_past_dates_leave_nothing_to_search(phrase: str) -> None:
    constraints = read_availability(phrase, NOW, ZONE)
    assert resolve_intervals(constraints, now=NOW) == []


def test_a_window_across_the_spring_forward_keeps_its_local_hours() -> None:
    march = datetime(2027, 3, 25, 9, 0, tzinfo=ZoneInfo(ZONE))  # DST starts Sun 28 March
    constraints = read_availability("Friday or Monday 10-12", march, ZONE)
    assert local(resolve_intervals(constraints, now=march), "UTC") == [
        "2027-03-26 09:00-11:00",
        "2027-03-29 08:00-10:00",
    ]
