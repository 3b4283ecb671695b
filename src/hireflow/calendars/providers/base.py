"""The provider interface: raw events for a range, event writes, health.

Providers raise :class:`AuthFailed` when the credentials are refused (a wrong or revoked
password, an ``invalid_grant``, a 401), :class:`ProviderUnavailable` for anything worth
retrying (timeouts, 5xx, connection refused). Busy time is never taken from a provider's own
free/busy answer: :mod:`hireflow.calendars.busy` computes it from the events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import icalendar

from hireflow.calendars.schemas import InterviewEvent


class CalendarError(Exception):
    """A calendar provider failed; the message never contains a credential."""


class AuthFailed(CalendarError):
    """The provider refused the credentials: the connection needs re-authorization."""


class ProviderUnavailable(CalendarError):
    """The provider is down or slow; try again later."""


class CalendarProvider(Protocol):
    kind: str

    @property
    def breaker_key(self) -> str:
        """Which circuit breaker guards this provider (e.g. ``caldav:host:port``)."""
        ...

    async def events(self, start: datetime, end: datetime) -> list[icalendar.Calendar]:
        """Every event (series included) that may touch ``[start, end)``, unexpanded."""
        ...

    async def create_event(self, event: InterviewEvent) -> str:
        """Write a new event; returns the provider's reference to it."""
        ...

    async def update_event(self, ref: str, event: InterviewEvent) -> str:
        """Replace the event at ``ref`` (same UID, higher SEQUENCE); returns the reference."""
        ...

    async def delete_event(self, ref: str, event: InterviewEvent) -> None:
        """Remove the event (already gone is fine)."""
        ...

    async def check(self) -> None:
        """Raise unless the credentials work and the calendar is reachable."""
        ...
