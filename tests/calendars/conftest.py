from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from caldav.davclient import DAVClient

from hireflow.calendars import service
from tests.calendars.radicale_server import RadicaleServer

USERS = {"alice": "alice app password", "bob": "bob app password"}


@pytest.fixture(scope="session")
def radicale_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    server = RadicaleServer(Path(tmp_path_factory.mktemp("radicale")), USERS).start()
    yield server
    server.stop()


@pytest.fixture
def dav_calendar(radicale_server: RadicaleServer) -> Iterator[Any]:
    """A fresh calendar of alice's for one test."""
    client = DAVClient(url=radicale_server.url, username="alice", password=USERS["alice"])
    calendar = client.principal().make_calendar(name=f"work-{uuid.uuid4().hex[:6]}")
    yield calendar
    calendar.delete()
    client.close()


@pytest.fixture(autouse=True)
def fresh_busy_cache() -> Iterator[None]:
    service.CACHE.clear()
    yield
    service.CACHE.clear()
