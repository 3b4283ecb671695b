"""The e-mail outbox: messages written in the transaction of the change that causes them,
delivered later by the worker, each exactly once.

Delivery claims due rows by a state change (``pending`` → ``sending``, ``FOR UPDATE SKIP
LOCKED``) and commits the claim before talking to SMTP, so two workers never send the same
row. Before sending, a row's *check* (registered by the domain that wrote it, e.g. "the
interview is still scheduled") is asked again; a row whose reason went away is ``skipped``.
A failed send waits ``email_retry_minutes`` (times ``email_retry_backoff`` per failure) and
is given up (``failed``) ``email_retry_hours`` after it was written. A worker that dies
mid-send leaves a ``sending`` row; it is put back after 15 minutes (at-least-once only in
that crash case).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.config import Settings

log = structlog.get_logger(__name__)

DELIVER_TASK = "notifications.deliver_outbox"
STALE_CLAIM = timedelta(minutes=15)

Check = Callable[[AsyncSession, uuid.UUID, str], Awaitable[bool]]
_checks: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    """Let rows written with ``check=(name, ref, value)`` be re-checked before sending."""
    _checks[name] = check


@dataclass(frozen=True)
class Outgoing:
    """A message to write. Either rendered (``subject``/``text``/``html``) or, for bulk
    sweeps, ``context`` only: the sender renders ``kind``'s templates with it."""

    kind: str
    recipient: str
    subject: str = ""
    text: str = ""
    html: str = ""
    context: dict[str, Any] | None = None
    ics: str | None = None
    ics_method: str | None = None
    check: tuple[str, uuid.UUID, str] | None = None
    dedupe_key: str | None = None


@dataclass(frozen=True)
class Claimed:
    id: uuid.UUID
    kind: str
    recipient: str
    subject: str
    text_body: str
    html_body: str
    ics: str | None
    ics_method: str | None
    context: dict[str, Any] | None
    check_name: str | None
    check_ref: uuid.UUID | None
    check_value: str | None
    attempts: int
    created_at: datetime


_INSERT = text(
    """
    INSERT INTO email_outbox (id, kind, recipient, subject, text_body, html_body, context,
                              ics, ics_method, check_name, check_ref, check_value, dedupe_key,
                              next_attempt_at, created_at)
    SELECT r.id, r.kind, r.recipient, r.subject, r.text_body, r.html_body, r.context, r.ics,
           r.ics_method, r.check_name, r.check_ref, r.check_value, r.dedupe_key, :now, :now
      FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(id uuid, kind text, recipient text,
           subject text, text_body text, html_body text, context jsonb, ics text,
           ics_method text, check_name text, check_ref uuid, check_value text, dedupe_key text)
    ON CONFLICT (dedupe_key) DO NOTHING
    """
)


async def enqueue(
    session: AsyncSession, messages: Sequence[Outgoing], *, now: datetime, wake: bool = True
) -> int:
    """Write ``messages`` in the caller's transaction (one statement; a repeated
    ``dedupe_key`` is written once, also within one call) and wake the sender. Returns how
    many were given."""
    if not messages:
        return 0
    rows = [
        {
            "id": str(uuid.uuid4()),
            "kind": m.kind,
            "recipient": m.recipient,
            "subject": m.subject[:300],
            "text_body": m.text,
            "html_body": m.html,
            "context": m.context,
            "ics": m.ics,
            "ics_method": m.ics_method,
            "check_name": m.check[0] if m.check else None,
            "check_ref": str(m.check[1]) if m.check else None,
            "check_value": m.check[2] if m.check else None,
            "dedupe_key": m.dedupe_key,
        }
        for m in messages
    ]
    # One statement with one parameter, however many messages (sweeps write thousands).
    await session.execute(_INSERT, {"rows": json.dumps(rows), "now": now})
    if wake:
        await wake_sender(session)
    return len(messages)


async def wake_sender(session: AsyncSession) -> None:
    """Queue one delivery run (in this transaction); one already waiting is enough."""
    try:
        async with session.begin_nested():
            await queue.defer(session, DELIVER_TASK, queueing_lock=DELIVER_TASK)
    except AlreadyEnqueued:
        pass


_CLAIM = text(
    """
    UPDATE email_outbox o
       SET status = 'sending', claimed_at = :now, attempts = o.attempts + 1
     WHERE o.id IN (SELECT id FROM email_outbox
                     WHERE status = 'pending' AND next_attempt_at <= :now
                     ORDER BY next_attempt_at, created_at
                     LIMIT :limit FOR UPDATE SKIP LOCKED)
    RETURNING o.id, o.kind, o.recipient, o.subject, o.text_body, o.html_body, o.ics,
              o.ics_method, o.context, o.check_name, o.check_ref, o.check_value, o.attempts,
              o.created_at
    """
)
_UNSTICK = text(
    "UPDATE email_outbox SET status = 'pending' WHERE status = 'sending' AND claimed_at < :before"
)


async def claim_due(session: AsyncSession, *, now: datetime, limit: int) -> list[Claimed]:
    """Claim up to ``limit`` due messages (commit before sending)."""
    await session.execute(_UNSTICK, {"before": now - STALE_CLAIM})
    rows = (await session.execute(_CLAIM, {"now": now, "limit": limit})).all()
    return [Claimed(**row._mapping) for row in rows]


async def still_wanted(session: AsyncSession, message: Claimed) -> bool | None:
    """Whether the reason for ``message`` still holds (None: its check is unknown here)."""
    if message.check_name is None or message.check_ref is None:
        return True
    check = _checks.get(message.check_name)
    if check is None:
        return None
    return await check(session, message.check_ref, message.check_value or "")


_RECORD = text(
    """
    UPDATE email_outbox o
       SET status = v.status, sent_at = v.sent_at, next_attempt_at = coalesce(v.next_at,
           o.next_attempt_at), last_error = v.error, message_id = v.message_id
      FROM unnest(CAST(:ids AS uuid[]), CAST(:statuses AS text[]),
                  CAST(:sent AS timestamptz[]), CAST(:next AS timestamptz[]),
                  CAST(:errors AS text[]), CAST(:message_ids AS text[]))
           AS v(id, status, sent_at, next_at, error, message_id)
     WHERE o.id = v.id AND o.status = 'sending'
    """
)


@dataclass(frozen=True)
class Result:
    id: uuid.UUID
    status: str  # sent | pending (retry) | failed | skipped
    sent_at: datetime | None = None
    next_attempt_at: datetime | None = None
    error: str | None = None
    message_id: str | None = None


def after_failure(message: Claimed, settings: Settings, now: datetime, error: str) -> Result:
    """Retry later, or give up once the retry window since the message was written ends."""
    wait = timedelta(minutes=settings.email_retry_minutes) * (
        settings.email_retry_backoff ** max(message.attempts - 1, 0)
    )
    give_up_at = message.created_at + timedelta(hours=settings.email_retry_hours)
    if now + wait > give_up_at:
        return Result(message.id, "failed", error=error[:1000])
    return Result(message.id, "pending", next_attempt_at=now + wait, error=error[:1000])


async def record(session: AsyncSession, results: Sequence[Result]) -> None:
    """Write every result in one statement."""
    if not results:
        return
    params: dict[str, Any] = {
        "ids": [r.id for r in results],
        "statuses": [r.status for r in results],
        "sent": [r.sent_at for r in results],
        "next": [r.next_attempt_at for r in results],
        "errors": [r.error for r in results],
        "message_ids": [r.message_id for r in results],
    }
    await session.execute(_RECORD, params)
    for r in results:
        if r.status == "failed":
            log.error("email.given_up", outbox_id=str(r.id), error=r.error)


async def status_counts(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(text("SELECT status, count(*) FROM email_outbox GROUP BY 1"))
    return {status: int(count) for status, count in rows.all()}
