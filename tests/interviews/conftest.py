"""Shared fixtures: the app with an injected clock and a real SMTP server on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest

from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.interviews.messages import Env
from hireflow.kit.secrets import instance_secret
from tests.smtp_server import SmtpServer


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    client: httpx.AsyncClient
    clock: Clock
    smtp: SmtpServer
    config: Settings
    env: Env


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def world(
    settings: Settings, test_database: Database, smtp: SmtpServer
) -> AsyncIterator[World]:
    from hireflow.app import create_app

    config = settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "smtp_starttls": False,
            "base_url": "http://testserver",
            "company_name": "Example Corp",
        }
    )
    clock = Clock(datetime.now(UTC).replace(microsecond=0))
    app = create_app(config, database=test_database, run_worker=False)
    app.state.clock = clock
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
        app.router.lifespan_context(app),
    ):
        yield World(client, clock, smtp, config, Env(config, instance_secret(config)))
