"""CalDAV (Nextcloud, Fastmail, iCloud, Google's CalDAV, Radicale) over httpx.

A small RFC 4791 client: discovery (``current-user-principal`` → ``calendar-home-set`` →
the first calendar that holds VEVENTs, or the calendar URL given), a ``calendar-query``
REPORT with a time range for reading (series come unexpanded: hireflow expands them), PUT
and DELETE for interview events (one resource per UID, ``<uid>.ics``).

Why not the ``caldav`` library: every 3.x release depends on ``niquests`` → ``urllib3-future``,
whose ``.pth`` file overwrites the installed ``urllib3`` at each interpreter start, swapping
the HTTP stack under ``requests``/``boto3`` for the whole process (it broke the API fuzz test).
Settings: ``url``, ``username``, ``calendar_url``; the password comes decrypted from the
connection's credentials and never reaches a message or a log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote, urljoin, urlsplit

import httpx
import icalendar
from lxml import etree

from hireflow.calendars.providers.base import AuthFailed, CalendarError, ProviderUnavailable
from hireflow.calendars.providers.ics import event_calendar
from hireflow.calendars.schemas import InterviewEvent

DAV, CALDAV = "DAV:", "urn:ietf:params:xml:ns:caldav"
_NS = {"d": DAV, "c": CALDAV}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def validate_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("The CalDAV URL must start with https:// (or http://) and name a host.")
    return url.strip()


def _propfind(*props: str) -> bytes:
    inner = "".join(props)
    return (
        f'<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="{DAV}" '
        f'xmlns:c="{CALDAV}"><d:prop>{inner}</d:prop></d:propfind>'
    ).encode()


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


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

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            auth=httpx.BasicAuth(self.username, self._password),
            timeout=self.timeout,
            follow_redirects=True,
            headers={"User-Agent": "hireflow-caldav"},
        )

    async def _send(
        self,
        client: httpx.AsyncClient,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        ok: tuple[int, ...] = (200, 207),
    ) -> httpx.Response:
        try:
            response = await client.request(method, url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(
                f"The CalDAV server is unreachable ({type(exc).__name__})."
            ) from None
        if response.status_code in (401, 403):
            raise AuthFailed("The CalDAV server refused the username or password.")
        if response.status_code >= 500 or response.status_code == 429:
            raise ProviderUnavailable(f"The CalDAV server failed (HTTP {response.status_code}).")
        if response.status_code not in ok:
            raise CalendarError(
                f"The CalDAV server answered HTTP {response.status_code} to {method}."
            )
        return response

    def _multistatus(self, response: httpx.Response) -> list[etree._Element]:
        try:
            root = etree.fromstring(response.content, _PARSER)
        except etree.XMLSyntaxError:
            raise CalendarError("The CalDAV server sent XML hireflow cannot read.") from None
        return list(root.findall("d:response", _NS))

    async def _href_prop(
        self, client: httpx.AsyncClient, url: str, prop: str, path: str
    ) -> str | None:
        response = await self._send(
            client,
            "PROPFIND",
            url,
            body=_propfind(prop),
            headers={"Depth": "0", "Content-Type": "application/xml; charset=utf-8"},
        )
        for item in self._multistatus(response):
            href = item.findtext(path, namespaces=_NS)
            if href:
                return urljoin(str(response.url), href.strip())
        return None

    async def _is_calendar(self, client: httpx.AsyncClient, url: str) -> bool:
        response = await self._send(
            client,
            "PROPFIND",
            url,
            body=_propfind("<d:resourcetype/>"),
            headers={"Depth": "0", "Content-Type": "application/xml; charset=utf-8"},
        )
        return any(
            item.find(".//d:resourcetype/c:calendar", _NS) is not None
            for item in self._multistatus(response)
        )

    async def resolve_calendar(self) -> str:
        """Log in and find the calendar; returns its URL (kept in the connection's settings)."""
        async with self._client() as client:
            if self.calendar_url:
                if not await self._is_calendar(client, self.calendar_url):
                    raise CalendarError("That URL is not a CalDAV calendar.")
                return self.calendar_url
            found = await self._discover(client)
            self.calendar_url = found
            return found

    async def _discover(self, client: httpx.AsyncClient) -> str:
        if await self._is_calendar(client, self.url):  # the URL given is a calendar itself
            return self.url
        principal_path = ".//d:current-user-principal/d:href"
        principal = await self._href_prop(
            client, self.url, "<d:current-user-principal/>", principal_path
        )
        if principal is None:
            well_known = urljoin(self.url, "/.well-known/caldav")
            principal = await self._href_prop(
                client, well_known, "<d:current-user-principal/>", principal_path
            )
        if principal is None:
            raise CalendarError("The server does not look like CalDAV (no principal found).")
        home = await self._href_prop(
            client, principal, "<c:calendar-home-set/>", ".//c:calendar-home-set/d:href"
        )
        if home is None:
            raise CalendarError("The CalDAV account has no calendar home.")
        response = await self._send(
            client,
            "PROPFIND",
            home,
            body=_propfind("<d:resourcetype/>", "<c:supported-calendar-component-set/>"),
            headers={"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
        )
        for item in self._multistatus(response):
            if item.find(".//d:resourcetype/c:calendar", _NS) is None:
                continue
            components = [
                comp.get("name", "").upper()
                for comp in item.findall(".//c:supported-calendar-component-set/c:comp", _NS)
            ]
            href = item.findtext("d:href", namespaces=_NS)
            if href and (not components or "VEVENT" in components):
                return urljoin(str(response.url), href.strip())
        raise CalendarError("The CalDAV account has no calendar; create one first.")

    async def _calendar(self, client: httpx.AsyncClient) -> str:
        if self.calendar_url is None:
            self.calendar_url = await self._discover(client)
        return self.calendar_url if self.calendar_url.endswith("/") else self.calendar_url + "/"

    async def check(self) -> None:
        await self.resolve_calendar()

    async def events(self, start: datetime, end: datetime) -> list[icalendar.Calendar]:
        query = (
            f'<?xml version="1.0" encoding="utf-8"?>'
            f'<c:calendar-query xmlns:d="{DAV}" xmlns:c="{CALDAV}">'
            "<d:prop><d:getetag/><c:calendar-data/></d:prop>"
            '<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">'
            f'<c:time-range start="{_stamp(start)}" end="{_stamp(end)}"/>'
            "</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>"
        ).encode()
        async with self._client() as client:
            response = await self._send(
                client,
                "REPORT",
                await self._calendar(client),
                body=query,
                headers={"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
            )
            calendars: list[icalendar.Calendar] = []
            for item in self._multistatus(response):
                data = item.findtext(".//c:calendar-data", namespaces=_NS)
                if not data:
                    continue
                try:
                    calendars.append(icalendar.Calendar.from_ical(data))
                except ValueError:
                    continue  # one unreadable event does not hide the others
            return calendars

    async def _put(self, url: str, event: InterviewEvent, *, create: bool) -> httpx.Response:
        body = event_calendar([(event, False)]).to_ical()
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if create:
            headers["If-None-Match"] = "*"
        async with self._client() as client:
            return await self._send(
                client, "PUT", url, body=body, headers=headers, ok=(200, 201, 204, 412)
            )

    async def create_event(self, event: InterviewEvent) -> str:
        async with self._client() as client:
            base = await self._calendar(client)
        href = urljoin(base, quote(event.uid, safe="@.-_") + ".ics")
        response = await self._put(href, event, create=True)
        if response.status_code == 412:  # written before, outcome not recorded: overwrite
            await self._put(href, event, create=False)
        return href

    async def update_event(self, ref: str, event: InterviewEvent) -> str:
        response = await self._put(ref, event, create=False)
        if response.status_code == 412:
            raise CalendarError("The CalDAV server refused to replace the event.")
        return ref

    async def delete_event(self, ref: str, event: InterviewEvent) -> None:
        async with self._client() as client:
            await self._send(client, "DELETE", ref, ok=(200, 204, 404, 410))
