"""CalDAV (Nextcloud, Fastmail, iCloud, Google's CalDAV, Radicale) through ``caldav`` 3.x.

The library is synchronous, so each call runs in a worker thread. Settings: ``url`` (the
server or the calendar), ``username``, ``calendar_url`` (resolved when connecting: the given
URL if it is a calendar, else the principal's first calendar); the password comes decrypted
from the connection's credentials and never reaches a message or a log.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import icalendar
from caldav.calendarobjectresource import Event as DavEvent
from caldav.davclient import DAVClient
from caldav.lib import error as dav_error

from hireflow.calendars.providers.base import AuthFailed, CalendarError, ProviderUnavailable
from hireflow.calendars.providers.ics import event_calendar
from hireflow.calendars.schemas import InterviewEvent

T = TypeVar("T")


def validate_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("The CalDAV URL must start with https:// (or http://) and name a host.")
    return url.strip()


class CaldavProvider:
    kind = "caldav"

    def __init__(
        self,
        *,
        url: str,
        username: str,
        password: str,
        calendar_url: str | None = None,
        timeout: float = 15.0,
    ) -> None:
        self.url = validate_url(url)
        self.username = username
        self._password = password
        self.calendar_url = calendar_url
        self.timeout = timeout

    def __repr__(self) -> str:  # never the password
        return f"CaldavProvider(url={self.url!r}, username={self.username!r})"

    @property
    def breaker_key(self) -> str:
        parts = urlsplit(self.url)
        return f"caldav:{parts.hostname}:{parts.port or ''}"

    def _client(self) -> DAVClient:
        return DAVClient(
            url=self.url,
            username=self.username,
            password=self._password,
            timeout=int(self.timeout),
            enable_rfc6764=False,
        )

    def _calendar(self, client: DAVClient) -> Any:
        if self.calendar_url:
            return client.calendar(url=self.calendar_url)  # type: ignore[no-untyped-call]
        calendars = client.principal().calendars()  # type: ignore[no-untyped-call]
        if not calendars:
            raise CalendarError("The CalDAV account has no calendar; create one first.")
        self.calendar_url = str(calendars[0].url)
        return calendars[0]

    async def _run(self, work: Callable[[], T]) -> T:
        try:
            return await asyncio.to_thread(work)
        except dav_error.AuthorizationError:
            raise AuthFailed("The CalDAV server refused the username or password.") from None
        except dav_error.NotFoundError:
            raise CalendarError("The CalDAV calendar was not found at that URL.") from None
        except CalendarError:
            raise
        except dav_error.DAVError as exc:
            raise ProviderUnavailable(f"The CalDAV server failed ({type(exc).__name__}).") from None
        except (OSError, ConnectionError, TimeoutError) as exc:
            raise ProviderUnavailable(
                f"The CalDAV server is unreachable ({type(exc).__name__})."
            ) from None
        except Exception as exc:  # niquests' own errors do not derive from OSError
            raise ProviderUnavailable(
                f"The CalDAV request failed ({type(exc).__name__})."
            ) from None

    async def resolve_calendar(self) -> str:
        """Log in and find the calendar; returns its URL (kept in the connection's settings)."""

        def work() -> str:
            with self._client() as client:
                calendar = self._calendar(client)
                calendar.get_display_name()  # a request: proves the login and the URL
                return str(calendar.url)

        return await self._run(work)

    async def check(self) -> None:
        await self.resolve_calendar()

    async def events(self, start: datetime, end: datetime) -> list[icalendar.Calendar]:
        def work() -> list[icalendar.Calendar]:
            with self._client() as client:
                found = self._calendar(client).search(
                    start=start, end=end, event=True, expand=False
                )
                return [icalendar.Calendar.from_ical(item.data) for item in found]

        return await self._run(work)

    async def create_event(self, event: InterviewEvent) -> str:
        body = event_calendar([(event, False)]).to_ical().decode()

        def work() -> str:
            with self._client() as client:
                saved = self._calendar(client).save_event(body)
                return str(saved.url)

        return await self._run(work)

    async def update_event(self, ref: str, event: InterviewEvent) -> str:
        body = event_calendar([(event, False)]).to_ical().decode()

        def work() -> str:
            with self._client() as client:
                calendar = self._calendar(client)
                DavEvent(client, url=ref, data=body, parent=calendar).save(increase_seqno=False)
                return ref

        return await self._run(work)

    async def delete_event(self, ref: str, event: InterviewEvent) -> None:
        def work() -> None:
            with self._client() as client:
                calendar = self._calendar(client)
                try:
                    DavEvent(client, url=ref, parent=calendar).delete()
                except dav_error.NotFoundError:
                    return

        await self._run(work)
