"""The interview lifecycle: every status change happens here, and only here.

    invitation_sent → confirmed → slot_selection → scheduled → completed | no_show
    (any open status) → declined | expired | cancelled; scheduled → slot_selection (reschedule)

A change is a compare-and-swap on ``(status, version)``: a double click or a race between the
candidate and the scheduler changes the row once and tells the loser clearly. Every change is
written to the automation log in the same transaction and announced to the listeners
registered with :func:`on_transition` (the calendars domain will write events from there).
Set-based sweeps (:func:`expire_due`) change many rows in one statement and log them in one.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from hireflow.automation.service import LogEntry, Trigger, log_action, log_actions
from hireflow.interviews.models import Interview
from hireflow.kit.errors import Conflict


class Status(StrEnum):
    INVITATION_SENT = "invitation_sent"
    CONFIRMED = "confirmed"
    SLOT_SELECTION = "slot_selection"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


S = Status
TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.INVITATION_SENT: frozenset({S.CONFIRMED, S.DECLINED, S.EXPIRED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.SLOT_SELECTION, S.DECLINED, S.EXPIRED, S.CANCELLED}),
    S.SLOT_SELECTION: frozenset({S.SCHEDULED, S.DECLINED, S.EXPIRED, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.COMPLETED, S.NO_SHOW, S.CANCELLED, S.SLOT_SELECTION}),
}
ACTIVE = frozenset(TRANSITIONS)
FINAL = frozenset(Status) - ACTIVE
# Outcomes that free a shortlist place (the buffer's best candidate is promoted).
DROPOUTS = {S.DECLINED: "declined", S.EXPIRED: "expired", S.NO_SHOW: "no_show"}

_WORDS = {
    S.INVITATION_SENT: "invited",
    S.CONFIRMED: "accepted",
    S.SLOT_SELECTION: "picking a time",
    S.SCHEDULED: "scheduled",
    S.COMPLETED: "completed",
    S.NO_SHOW: "marked as a no-show",
    S.DECLINED: "declined",
    S.EXPIRED: "expired",
    S.CANCELLED: "cancelled",
}


def describe(status: str) -> str:
    return _WORDS.get(Status(status), status)


def check(current: str, target: Status) -> None:
    """Refuse a change the lifecycle does not allow, saying why."""
    allowed = TRANSITIONS.get(Status(current), frozenset())
    if target not in allowed:
        if not allowed:
            raise Conflict(
                f"This interview is already {describe(current)}; it cannot be "
                f"{describe(target)} any more."
            )
        raise Conflict(
            f"An interview that is {describe(current)} cannot be {describe(target)} "
            f"(it can be: {', '.join(sorted(describe(s) for s in allowed))})."
        )


@dataclass(frozen=True)
class Transition:
    """One status change, as the listeners see it."""

    interview_id: uuid.UUID
    job_id: uuid.UUID
    application_id: uuid.UUID
    previous: str
    status: Status
    trigger: Trigger
    at: datetime
    details: dict[str, Any] = field(default_factory=dict)


Listener = Callable[[AsyncSession, Transition], Awaitable[None]]
_listeners: list[Listener] = []


def on_transition(listener: Listener) -> Listener:
    """Register ``listener`` for every change (in the changing transaction). Usable as a
    decorator; the calendars domain hooks in here."""
    _listeners.append(listener)
    return listener


async def _announce(session: AsyncSession, changes: Sequence[Transition]) -> None:
    for listener in _listeners:
        for change in changes:
            await listener(session, change)


async def move(
    session: AsyncSession,
    interview: Interview,
    target: Status,
    *,
    trigger: Trigger,
    now: datetime,
    actor_id: uuid.UUID | None = None,
    action: str | None = None,
    details: dict[str, Any] | None = None,
    **values: Any,
) -> Interview:
    """Change ``interview`` to ``target`` (with extra column ``values``) by compare-and-swap."""
    check(interview.status, target)
    previous = interview.status
    new_version = await session.scalar(
        update(Interview)
        .where(
            Interview.id == interview.id,
            Interview.status == previous,
            Interview.version == interview.version,
        )
        .values(status=target.value, version=Interview.version + 1, updated_at=now, **values)
        .returning(Interview.version)
    )
    if new_version is None:
        raise Conflict("This interview was changed a moment ago; reload the page and try again.")
    set_committed_value(interview, "status", target.value)
    set_committed_value(interview, "version", new_version)
    for key, value in values.items():
        set_committed_value(interview, key, value)
    entry = {"interview_id": str(interview.id), "from": previous, "to": target.value}
    entry.update(details or {})
    await log_action(
        session,
        job_id=interview.job_id,
        application_id=interview.application_id,
        action=action or f"interview_{target.value}",
        trigger=trigger,
        actor_id=actor_id,
        details=entry,
    )
    await _announce(
        session,
        [
            Transition(
                interview.id,
                interview.job_id,
                interview.application_id,
                previous,
                target,
                trigger,
                now,
                entry,
            )
        ],
    )
    return interview


async def amend(
    session: AsyncSession,
    interview: Interview,
    *,
    action: str,
    trigger: Trigger,
    now: datetime,
    actor_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
    **values: Any,
) -> Interview:
    """Change columns (a deadline, the link version) but not the status, by compare-and-swap,
    and log it. Only open interviews can be amended."""
    if Status(interview.status) in FINAL:
        raise Conflict(f"This interview is already {describe(interview.status)}.")
    new_version = await session.scalar(
        update(Interview)
        .where(Interview.id == interview.id, Interview.version == interview.version)
        .values(version=Interview.version + 1, updated_at=now, **values)
        .returning(Interview.version)
    )
    if new_version is None:
        raise Conflict("This interview was changed a moment ago; reload the page and try again.")
    set_committed_value(interview, "version", new_version)
    for key, value in values.items():
        set_committed_value(interview, key, value)
    await log_action(
        session,
        job_id=interview.job_id,
        application_id=interview.application_id,
        action=action,
        trigger=trigger,
        actor_id=actor_id,
        details={"interview_id": str(interview.id), **(details or {})},
    )
    return interview


async def record_created(
    session: AsyncSession,
    interview: Interview,
    *,
    trigger: Trigger,
    now: datetime,
    actor_id: uuid.UUID | None,
    details: dict[str, Any],
) -> None:
    """A new interview enters the lifecycle at ``invitation_sent``."""
    entry = {"interview_id": str(interview.id), "to": interview.status, **details}
    await log_action(
        session,
        job_id=interview.job_id,
        application_id=interview.application_id,
        action="interview_invited",
        trigger=trigger,
        actor_id=actor_id,
        details=entry,
    )
    await _announce(
        session,
        [
            Transition(
                interview.id,
                interview.job_id,
                interview.application_id,
                "",
                Status(interview.status),
                trigger,
                now,
                entry,
            )
        ],
    )


_EXPIRE = text(
    """
    WITH due AS (
        SELECT id, status AS previous FROM interviews
         WHERE (status = 'invitation_sent' AND confirmation_deadline <= :now)
            OR (status IN ('confirmed', 'slot_selection') AND slot_selection_deadline <= :now)
           FOR UPDATE SKIP LOCKED
    )
    UPDATE interviews i
       SET status = 'expired', version = i.version + 1, updated_at = :now,
           promotion_pending = true
      FROM due
     WHERE i.id = due.id
    RETURNING i.id, i.job_id, i.application_id, due.previous
    """
)


async def expire_due(session: AsyncSession, now: datetime) -> list[Transition]:
    """Expire every invitation and slot selection past its deadline: one UPDATE, one log
    INSERT. The expired ones are marked ``promotion_pending`` for the buffer refill."""
    rows = (await session.execute(_EXPIRE, {"now": now})).all()
    changes = [
        Transition(
            r.id,
            r.job_id,
            r.application_id,
            r.previous,
            S.EXPIRED,
            Trigger.SCHEDULED,
            now,
            {"interview_id": str(r.id), "from": r.previous, "to": "expired"},
        )
        for r in rows
    ]
    await log_actions(
        session,
        [
            LogEntry(
                job_id=c.job_id,
                application_id=c.application_id,
                action="interview_expired",
                trigger=Trigger.SCHEDULED,
                details=c.details,
            )
            for c in changes
        ],
    )
    await _announce(session, changes)
    return changes
