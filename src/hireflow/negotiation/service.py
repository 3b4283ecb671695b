"""Negotiation sessions: run the bot on a candidate message and record the round.

One call = one round in the caller's transaction (services never commit). The session row
is locked while a message is handled, so two messages at once are answered one after the
other. An ``agreement`` reply means the caller books ``reply.chosen`` through the normal
interview booking path; if that booking fails it calls ``booking_failed`` and the session
stays active.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.config import Settings
from hireflow.kit.errors import Conflict, NotFound
from hireflow.negotiation import repository
from hireflow.negotiation.bot import (
    BotReply,
    BotSettings,
    ModelReader,
    NegotiationState,
    reply_offline,
    reply_to_candidate,
)
from hireflow.negotiation.model_reader import ModelAvailabilityReader
from hireflow.negotiation.models import NegotiationSession
from hireflow.negotiation.resolver import Interval
from hireflow.negotiation.schemas import NegotiationStatus, NegotiationSummary

_STATUS = {"active": "active", "agreed": "resolved", "escalated": "escalated"}


def _proposals(entry: dict[str, Any]) -> tuple[Interval, ...]:
    return tuple(
        Interval(datetime.fromisoformat(a), datetime.fromisoformat(b))
        for a, b in entry.get("proposals") or []
    )


def state_of(record: NegotiationSession) -> NegotiationState:
    """The bot's view of a stored session (the last bot proposals can be picked)."""
    transcript = tuple(record.conversation or [])
    bots = [entry for entry in transcript if entry.get("role") == "bot"]
    return NegotiationState(
        rounds=record.round_count,
        transcript=transcript,
        last_proposals=_proposals(bots[-1]) if bots else (),
        status="active" if record.status == "active" else "escalated",
    )


def summary(record: NegotiationSession) -> NegotiationSummary:
    reasons = [
        e.get("escalation_reason") for e in record.conversation or [] if e.get("role") == "bot"
    ]
    reason = next((r for r in reversed(reasons) if r), None)
    return NegotiationSummary(
        id=record.id,
        interview_id=record.interview_id,
        status=record.status,
        rounds=record.round_count,
        escalated_at=record.escalated_at,
        escalation_reason=reason if record.status == "escalated" else None,
        transcript=list(record.conversation or []),
    )


async def open_session(session: AsyncSession, interview_id: uuid.UUID) -> NegotiationSession:
    """The interview's active session, locked; a new one when there is none."""
    record = await repository.open_for_interview(session, interview_id, lock=True)
    if record is None:
        record = NegotiationSession(
            id=uuid.uuid4(), interview_id=interview_id, status="active", round_count=0,
            conversation=[],
        )  # fmt: skip
        repository.add(session, record)
        await session.flush()
    return record


def _apply(record: NegotiationSession, reply: BotReply, now: datetime) -> None:
    record.conversation = list(reply.state.transcript)
    record.round_count = reply.state.rounds
    record.status = _STATUS[reply.state.status]
    record.updated_at = now
    if reply.kind == "escalation":
        record.escalated_at = now


async def handle_candidate_message(
    session: AsyncSession,
    interview_id: uuid.UUID,
    message: str,
    *,
    now: datetime,
    zone: str,
    free_slots: Sequence[Interval],
    slot_length: timedelta,
    model_reader: ModelReader | None = None,
    settings: BotSettings = BotSettings(),
) -> tuple[NegotiationSummary, BotReply]:
    """Answer one message and record the round."""
    latest = await repository.latest_for_interview(session, interview_id)
    if latest is not None and latest.status == "escalated":
        raise Conflict("This conversation is with the recruiter now; they will contact you.")
    record = await open_session(session, interview_id)
    reply = await reply_to_candidate(
        state_of(record), message, now=now, zone=zone, free_slots=free_slots,
        slot_length=slot_length, model_reader=model_reader, settings=settings,
    )  # fmt: skip
    _apply(record, reply, now)
    await session.flush()
    return summary(record), reply


async def _locked(session: AsyncSession, negotiation_id: uuid.UUID) -> NegotiationSession:
    record = await repository.by_id(session, negotiation_id, lock=True)
    if record is None:
        raise NotFound("No such negotiation.")
    return record


async def booking_failed(
    session: AsyncSession, negotiation_id: uuid.UUID, *, now: datetime, reason: str
) -> NegotiationSummary:
    """The agreed slot could not be booked (taken meanwhile): reopen and say so."""
    record = await _locked(session, negotiation_id)
    record.status = "active"
    record.conversation = [
        *record.conversation,
        {"role": "system", "text": f"Booking failed: {reason}", "at": now.isoformat()},
    ]
    record.updated_at = now
    await session.flush()
    return summary(record)


async def propose_again(
    session: AsyncSession,
    negotiation_id: uuid.UUID,
    *,
    now: datetime,
    zone: str,
    free_slots: Sequence[Interval],
    slot_length: timedelta,
) -> NegotiationSummary:
    """After a failed booking: fresh proposals for the candidate's last stated availability
    (read again by the offline grammar), recorded as a bot entry without counting a round."""
    record = await _locked(session, negotiation_id)
    asked = next(
        (
            str(e.get("text"))
            for e in reversed(record.conversation or [])
            if e.get("role") == "candidate" and not e.get("flagged") and not e.get("refused")
            and len(str(e.get("text", "")).strip()) > 3
        ),
        "",
    )  # fmt: skip
    reply = reply_offline(
        state_of(record), asked, now=now, zone=zone, free_slots=free_slots, slot_length=slot_length
    )
    bot = next(e for e in reversed(reply.state.transcript) if e.get("role") == "bot")
    if reply.kind != "proposal":
        bot = {"role": "bot", "text": "Please tell me other days or times that suit you.",
               "at": now.isoformat(), "kind": "question", "proposals": []}  # fmt: skip
    record.conversation = [*record.conversation, bot]
    record.updated_at = now
    await session.flush()
    return summary(record)


async def resolve_by_recruiter(
    session: AsyncSession, negotiation_id: uuid.UUID, *, now: datetime, user_id: uuid.UUID
) -> NegotiationSummary:
    """A recruiter booked by hand from the escalation queue."""
    record = await _locked(session, negotiation_id)
    if record.status not in ("escalated", "active"):
        raise Conflict(f"This negotiation is already {record.status}.")
    record.status = "resolved"
    record.conversation = [
        *record.conversation,
        {"role": "system", "text": "Booked by a recruiter.", "at": now.isoformat(),
         "user_id": str(user_id)},
    ]  # fmt: skip
    record.updated_at = now
    await session.flush()
    return summary(record)


async def escalation_queue(session: AsyncSession, *, limit: int = 100) -> list[NegotiationSummary]:
    """Escalated negotiations the signed-in recruiter may see, with their transcripts."""
    return [summary(record) for record in await repository.escalated(session, limit=limit)]


def model_reader_for(settings: Settings) -> ModelReader | None:
    """The configured model reader for ``handle_candidate_message``; None when offline."""
    return ModelAvailabilityReader.from_settings(settings)


async def negotiation_by_id(session: AsyncSession, negotiation_id: uuid.UUID) -> NegotiationSummary:
    record = await repository.by_id(session, negotiation_id, lock=False)
    if record is None:
        raise NotFound("No such negotiation.")
    return summary(record)


async def negotiation_for_interview(
    session: AsyncSession, interview_id: uuid.UUID
) -> NegotiationSummary | None:
    record = await repository.latest_for_interview(session, interview_id)
    return summary(record) if record else None


async def rounds_of(
    session: AsyncSession, interview_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """Negotiation rounds per interview (all its sessions; absent: none), in one query."""
    if not interview_ids:
        return {}
    rows = await session.execute(
        select(NegotiationSession.interview_id, func.sum(NegotiationSession.round_count))
        .where(NegotiationSession.interview_id.in_(list(interview_ids)))
        .group_by(NegotiationSession.interview_id)
    )
    return {interview_id: int(total or 0) for interview_id, total in rows.all()}


__all__ = [
    "BotReply",
    "Interval",
    "NegotiationStatus",
    "booking_failed",
    "escalation_queue",
    "handle_candidate_message",
    "model_reader_for",
    "negotiation_by_id",
    "negotiation_for_interview",
    "open_session",
    "propose_again",
    "resolve_by_recruiter",
    "rounds_of",
    "state_of",
]
