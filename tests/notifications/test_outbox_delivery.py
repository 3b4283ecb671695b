"""The e-mail outbox against a real SMTP server on loopback: an outage, then every message
delivered exactly once; give-up after the retry window; re-check before sending; two
senders at once never send a message twice. The clock is passed in (no sleeps)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.notifications import mail, outbox
from hireflow.notifications.outbox import Outgoing
from tests.smtp_server import SmtpServer

T0 = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    yield server
    server.stop()


def _settings(settings: Settings, smtp: SmtpServer) -> Settings:
    return settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "smtp_starttls": False,
            "smtp_timeout_seconds": 5.0,
        }
    )


def _message(n: int, **extra: object) -> Outgoing:
    return Outgoing(
        kind="invitation",
        recipient=f"person{n}@example.test",
        subject=f"Message {n}",
        text=f"Hello {n}",
        html=f"<p>Hello {n}</p>",
        dedupe_key=f"test:{uuid.uuid4()}",
        **extra,  # type: ignore[arg-type]
    )


async def _statuses(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(text("SELECT status, count(*) FROM email_outbox GROUP BY 1"))
    return {s: int(c) for s, c in rows.all()}


async def test_an_outage_then_every_message_exactly_once(
    session: AsyncSession, test_database: Database, settings: Settings, smtp: SmtpServer
) -> None:
    config = _settings(settings, smtp)
    messages = [_message(n) for n in range(5)]
    await outbox.enqueue(session, messages, now=T0)
    repeated = messages[0]
    await outbox.enqueue(session, [repeated], now=T0)  # same dedupe key: written once

    down = await mail.deliver_due(test_database, config, now=T0)
    assert [r.status for r in down] == ["pending"] * 5
    assert all("SMTP unreachable" in (r.error or "") for r in down)
    assert await mail.deliver_due(test_database, config, now=T0 + timedelta(minutes=5)) == []
    down_again = await mail.deliver_due(test_database, config, now=T0 + timedelta(minutes=10))
    assert len(down_again) == 5

    smtp.start()
    back = await mail.deliver_due(test_database, config, now=T0 + timedelta(minutes=20))
    assert sorted(r.status for r in back) == ["sent"] * 5
    assert await mail.deliver_due(test_database, config, now=T0 + timedelta(hours=1)) == []
    received = sorted(m["To"] for m in smtp.inbox.messages)
    assert received == sorted(f"person{n}@example.test" for n in range(5))
    attempts = (await session.execute(text("SELECT attempts FROM email_outbox"))).scalars().all()
    assert sorted(attempts) == [3] * 5
    assert await _statuses(session) == {"sent": 5}


async def test_gives_up_after_the_retry_window(
    session: AsyncSession, test_database: Database, settings: Settings, smtp: SmtpServer
) -> None:
    config = _settings(settings, smtp)
    await outbox.enqueue(session, [_message(1)], now=T0)
    outcomes = []
    moment = T0
    while moment <= T0 + timedelta(hours=3):
        outcomes.extend(r.status for r in await mail.deliver_due(test_database, config, now=moment))
        moment += timedelta(minutes=10)
    # Tried at 0, 10, …, 120 minutes (every 10 min for 2 h): 13 attempts, the last gives up.
    assert outcomes == ["pending"] * 12 + ["failed"], outcomes
    smtp.start()
    assert await mail.deliver_due(test_database, config, now=moment) == []
    assert smtp.inbox.raw == []


async def test_backoff_grows_the_wait(settings: Settings) -> None:
    config = settings.model_copy(update={"email_retry_backoff": 2.0, "email_retry_hours": 10})
    claimed = outbox.Claimed(
        id=uuid.uuid4(),
        kind="k",
        recipient="r",
        subject="s",
        text_body="t",
        html_body="h",
        ics=None,
        ics_method=None,
        context=None,
        check_name=None,
        check_ref=None,
        check_value=None,
        attempts=3,
        created_at=T0,
    )
    result = outbox.after_failure(claimed, config, T0, "boom")
    assert result.next_attempt_at == T0 + timedelta(minutes=40)


async def test_a_message_no_longer_wanted_is_skipped(
    session: AsyncSession, test_database: Database, settings: Settings, smtp: SmtpServer
) -> None:
    wanted: dict[uuid.UUID, bool] = {}

    async def check(_session: AsyncSession, ref: uuid.UUID, value: str) -> bool:
        return wanted[ref] and value == "scheduled"

    outbox.register_check("test_check", check)
    keep, drop = uuid.uuid4(), uuid.uuid4()
    wanted.update({keep: True, drop: False})
    await outbox.enqueue(
        session,
        [
            _message(1, check=("test_check", keep, "scheduled")),
            _message(2, check=("test_check", drop, "scheduled")),
        ],
        now=T0,
    )
    smtp.start()
    results = await mail.deliver_due(test_database, _settings(settings, smtp), now=T0)
    assert sorted(r.status for r in results) == ["sent", "skipped"]
    assert [m["To"] for m in smtp.inbox.messages] == ["person1@example.test"]


async def test_two_senders_at_once_send_each_message_once(
    database: Database, settings: Settings, smtp: SmtpServer
) -> None:
    """Two runs on their own connections claim from the same committed rows; the claim is a
    state change (``FOR UPDATE SKIP LOCKED``), so each message goes out once."""
    messages = [_message(n) for n in range(8)]
    keys = [m.dedupe_key for m in messages]
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await outbox.enqueue(session, messages, now=T0, wake=False)
    try:
        smtp.start()
        config = _settings(settings, smtp)
        first, second = await asyncio.gather(
            mail.deliver_due(database, config, now=T0, limit=5),
            mail.deliver_due(database, config, now=T0, limit=5),
        )
        third = await mail.deliver_due(database, config, now=T0, limit=5)
        sent = [r.id for r in [*first, *second, *third] if r.status == "sent"]
        assert len(sent) == len(set(sent)) == 8
        assert len(smtp.inbox.raw) == 8
    finally:
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            await session.execute(
                text("DELETE FROM email_outbox WHERE dedupe_key = ANY(:keys)"), {"keys": keys}
            )
