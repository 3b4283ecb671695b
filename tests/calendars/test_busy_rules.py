"""Busy-time rules on iCalendar edge cases, and the invitation/cancellation ICS."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar

from hireflow.calendars.busy import busy_from_calendars, parse_calendars
from hireflow.calendars.providers.ics import invitation
from hireflow.calendars.schemas import Attendee, InterviewEvent
from hireflow.kit.time import Interval, merge_intervals


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def cal(body: str) -> icalendar.Calendar:
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:t\n{body.strip()}\nEND:VCALENDAR\n"
    return parse_calendars([text.replace("\n", "\r\n")])[0]


def test_floating_duration_and_zero_length_events() -> None:
    calendars = [
        cal("BEGIN:VEVENT\nUID:f\nDTSTART:20261020T090000\nDTEND:20261020T100000\nEND:VEVENT"),
        cal("BEGIN:VEVENT\nUID:d\nDTSTART:20261021T120000Z\nDURATION:PT90M\nEND:VEVENT"),
        cal("BEGIN:VEVENT\nUID:z\nDTSTART:20261022T120000Z\nEND:VEVENT"),
    ]
    busy = busy_from_calendars(calendars, utc(2026, 10, 19), utc(2026, 10, 25), "America/New_York")
    assert busy == [
        Interval(utc(2026, 10, 20, 13), utc(2026, 10, 20, 14)),  # floating: the owner's 9:00
        Interval(utc(2026, 10, 21, 12), utc(2026, 10, 21, 13, 30)),
    ]


def test_multi_day_all_day_event_in_a_zone_ahead_of_utc_and_clipping() -> None:
    offsite = cal(
        "BEGIN:VEVENT\nUID:o\nDTSTART;VALUE=DATE:20261020\nDTEND;VALUE=DATE:20261022\nEND:VEVENT"
    )
    busy = busy_from_calendars([offsite], utc(2026, 10, 20), utc(2026, 10, 21), "Asia/Tokyo")
    assert busy == [Interval(utc(2026, 10, 20), utc(2026, 10, 21))]  # clipped to the query
    whole = busy_from_calendars([offsite], utc(2026, 10, 18), utc(2026, 10, 25), "Asia/Tokyo")
    assert whole == [Interval(utc(2026, 10, 19, 15), utc(2026, 10, 21, 15))]


def test_cancelled_single_occurrence_and_overlaps_merge() -> None:
    series = cal(
        """
BEGIN:VEVENT
UID:daily
DTSTART:20261020T090000Z
DTEND:20261020T100000Z
RRULE:FREQ=DAILY;COUNT=3
END:VEVENT
BEGIN:VEVENT
UID:daily
RECURRENCE-ID:20261021T090000Z
DTSTART:20261021T090000Z
DTEND:20261021T100000Z
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:overlap
DTSTART:20261020T093000Z
DTEND:20261020T110000Z
END:VEVENT
"""
    )
    busy = busy_from_calendars([series], utc(2026, 10, 19), utc(2026, 10, 25), "UTC")
    assert busy == [
        Interval(utc(2026, 10, 20, 9), utc(2026, 10, 20, 11)),
        Interval(utc(2026, 10, 22, 9), utc(2026, 10, 22, 10)),
    ]
    assert (
        busy_from_calendars(
            [series], utc(2026, 10, 19), utc(2026, 10, 25), "UTC", ignore_uids={"daily", "overlap"}
        )
        == []
    )


def test_merge_joins_touching_intervals() -> None:
    a = Interval(utc(2026, 1, 1, 9), utc(2026, 1, 1, 10))
    b = Interval(utc(2026, 1, 1, 10), utc(2026, 1, 1, 11))
    assert merge_intervals([b, a]) == [Interval(a.start, b.end)]


def test_invitation_and_cancellation_are_well_formed() -> None:
    event = InterviewEvent(
        uid="interview-1@hireflow.test",
        sequence=3,
        start=utc(2026, 10, 20, 9),
        end=utc(2026, 10, 20, 10),
        zone="Europe/Berlin",
        summary="Interview",
        organizer_email="recruiter@example.test",
        attendees=(Attendee("ada@example.test", "Ada"),),
    )
    request = invitation(event).decode()
    assert "METHOD:REQUEST" in request and "\r\n" in request
    assert "SEQUENCE:3" in request and "RSVP=TRUE" in request
    assert "ORGANIZER:mailto:recruiter@example.test" in request
    assert "BEGIN:VTIMEZONE" in request and "DTSTART;TZID=Europe/Berlin:20261020T110000" in request
    cancel = invitation(event.with_sequence(4), cancelled=True).decode()
    assert "METHOD:CANCEL" in cancel and "STATUS:CANCELLED" in cancel and "SEQUENCE:4" in cancel
