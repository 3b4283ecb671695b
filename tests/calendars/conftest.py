from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import icalendar
import pytest
from lxml import etree

from hireflow.calendars import service
from tests.calendars.radicale_server import RadicaleServer

USERS = {"alice": "alice app password", "bob": "bob app password"}


@dataclass
class StoredEvent:
    href: str
    icalendar_component: Any


class DavCalendar:
    """A test's own view of one Radicale calendar (plain WebDAV, not hireflow's client)."""

    def __init__(self, base: str, user: str, password: str) -> None:
        self.http = httpx.Client(auth=(user, password), timeout=10)
        self.url = f"{base}{user}/work-{uuid.uuid4().hex[:6]}/"
        response = self.http.request("MKCALENDAR", self.url)
        assert response.status_code == 201, response.text

    def save_event(self, text: str) -> None:
        calendar = icalendar.Calendar.from_ical(text)
        uid = next(str(c["UID"]) for c in calendar.walk("VEVENT"))
        response = self.http.put(
            f"{self.url}{uid}.ics", content=text, headers={"Content-Type": "text/calendar"}
        )
        assert response.status_code in (201, 204), response.text

    def events(self) -> list[StoredEvent]:
        listing = self.http.request("PROPFIND", self.url, headers={"Depth": "1"})
        root = etree.fromstring(listing.content)
        hrefs = [h.text for h in root.iter("{DAV:}href") if h.text and h.text.endswith(".ics")]
        found = []
        for href in hrefs:
            body = self.http.get(str(httpx.URL(self.url).join(href))).text
            component = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
            found.append(StoredEvent(href, component))
        return found

    def search(self, **_ignored: Any) -> list[StoredEvent]:
        return self.events()  # each test has its own calendar: everything in it

    def delete(self) -> None:
        self.http.delete(self.url)
        self.http.close()


@pytest.fixture(scope="session")
def radicale_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    server = RadicaleServer(Path(tmp_path_factory.mktemp("radicale")), USERS).start()
    yield server
    server.stop()


@pytest.fixture
def dav_calendar(radicale_server: RadicaleServer) -> Iterator[DavCalendar]:
    """A fresh calendar of alice's for one test."""
    calendar = DavCalendar(radicale_server.url, "alice", USERS["alice"])
    yield calendar
    calendar.delete()


@pytest.fixture(autouse=True)
def fresh_busy_cache() -> Iterator[None]:
    service.CACHE.clear()
    yield
    service.CACHE.clear()
