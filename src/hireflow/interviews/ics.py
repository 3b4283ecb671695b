"""iCalendar invitations mail clients show as invitations (``icalendar`` library).

``METHOD:REQUEST`` on the calendar (and, in the mail, on the ``text/calendar`` part), one
ORGANIZER, every attendee with ``RSVP=TRUE``, CRLF line ends, the start and end in the
organiser's zone with its VTIMEZONE. An update keeps the UID and raises SEQUENCE and
DTSTAMP; a cancellation is ``METHOD:CANCEL`` with ``STATUS:CANCELLED`` and a higher SEQUENCE.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event, vCalAddress, vText

from hireflow.interviews.availability import zone


@dataclass(frozen=True)
class Person:
    name: str
    email: str


def event_uid(interview_id: uuid.UUID) -> str:
    return f"interview-{interview_id}@hireflow"


def invitation(
    *,
    interview_id: uuid.UUID,
    sequence: int,
    stamp: datetime,
    start: datetime,
    end: datetime,
    zone_name: str,
    summary: str,
    description: str,
    organizer: Person,
    attendees: list[Person],
    location: str | None = None,
    cancel: bool = False,
) -> str:
    """The VCALENDAR text (CRLF line ends) for a booked (or cancelled) interview."""
    tz = zone(zone_name)
    calendar = Calendar()
    calendar.add("prodid", "-//hireflow//interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", event_uid(interview_id))
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", start.astimezone(tz))
    event.add("dtend", end.astimezone(tz))
    event.add("summary", summary)
    event.add("description", description)
    if location:
        event.add("location", location)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("transp", "OPAQUE")
    chair = vCalAddress(f"mailto:{organizer.email}")
    chair.params["cn"] = vText(organizer.name)
    chair.params["role"] = vText("CHAIR")
    event["organizer"] = chair
    for person in attendees:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical.decode()
