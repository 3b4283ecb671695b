"""hireflow's own calendar: iCalendar for interview events, the recruiter's feed, ICS emails.

The ``ics`` provider has no remote side: events live in ``calendar_events`` and reach the
recruiter through a per-recruiter ``.ics`` feed URL (an HMAC-signed token, so nobody can guess
another recruiter's feed) and through ICS invitations by email (``METHOD:REQUEST`` /
``METHOD:CANCEL``, built here for the notifications outbox). ``manual`` is the same without
the feed: the recruiter keeps their calendar by hand.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar

from hireflow.calendars.schemas import InterviewEvent

PRODID = "-//hireflow//calendars//EN"
_FEED_CONTEXT = b"hireflow calendar feed v1:"


def event_component(
    event: InterviewEvent, *, cancelled: bool = False, dtstamp: datetime | None = None
) -> icalendar.Event:
    component = icalendar.Event()
    component.add("UID", event.uid)
    component.add("SEQUENCE", event.sequence)
    component.add("DTSTAMP", (dtstamp or datetime.now(UTC)).astimezone(UTC))
    zone = ZoneInfo(event.zone)
    component.add("DTSTART", event.start.astimezone(zone))
    component.add("DTEND", event.end.astimezone(zone))
    component.add("SUMMARY", event.summary)
    if event.description:
        component.add("DESCRIPTION", event.description)
    if event.location:
        component.add("LOCATION", event.location)
    if event.url:
        component.add("URL", event.url)
    component.add("ORGANIZER", f"mailto:{event.organizer_email}")
    for attendee in event.attendees:
        params = {"RSVP": "TRUE", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION"}
        if attendee.name:
            params["CN"] = attendee.name
        component.add("ATTENDEE", f"mailto:{attendee.email}", parameters=params)
    component.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    component.add("TRANSP", "OPAQUE")
    return component


def event_calendar(
    events: Iterable[tuple[InterviewEvent, bool]],
    *,
    method: str | None = None,
    name: str | None = None,
    dtstamp: datetime | None = None,
) -> icalendar.Calendar:
    """A VCALENDAR of ``(event, cancelled)`` pairs with the VTIMEZONEs they use."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    if method:
        calendar.add("METHOD", method)
    if name:
        calendar.add("X-WR-CALNAME", name)
    for event, cancelled in events:
        calendar.add_component(event_component(event, cancelled=cancelled, dtstamp=dtstamp))
    calendar.add_missing_timezones()
    return calendar


def invitation(event: InterviewEvent, *, cancelled: bool = False) -> bytes:
    """The ``text/calendar`` part of an invitation (REQUEST) or cancellation (CANCEL) email;
    a cancellation must carry a higher SEQUENCE than the invitation it cancels."""
    method = "CANCEL" if cancelled else "REQUEST"
    return bytes(event_calendar([(event, cancelled)], method=method).to_ical())


def feed_token(secret: bytes, user_id: uuid.UUID) -> str:
    """The signed token in a recruiter's feed URL."""
    mac = hmac.new(secret, _FEED_CONTEXT + user_id.bytes, hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(user_id.bytes + mac).decode().rstrip("=")


def feed_user(secret: bytes, token: str) -> uuid.UUID | None:
    """The user a feed token was issued for, or None when it was not issued by us."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError):
        return None
    if len(raw) != 34:
        return None
    user_id = uuid.UUID(bytes=raw[:16])
    return user_id if hmac.compare_digest(feed_token(secret, user_id), token) else None


class LocalProvider:
    """``ics`` and ``manual``: no remote calendar, so no remote busy time and no writes."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    @property
    def breaker_key(self) -> str:
        return self.kind

    async def events(self, start: datetime, end: datetime) -> list[icalendar.Calendar]:
        return []

    async def create_event(self, event: InterviewEvent) -> str:
        return event.uid

    async def update_event(self, ref: str, event: InterviewEvent) -> str:
        return ref

    async def delete_event(self, ref: str, event: InterviewEvent) -> None:
        return None

    async def check(self) -> None:
        return None
