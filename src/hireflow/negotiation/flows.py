"""The negotiation chat as a use case across domains: the bot proposes times out of the
recruiter's real free slots (the interviews offer), an agreed time is booked through the
same hold-and-confirm path as a self-picked slot (the exclusion constraint applies), and an
escalation leaves the recruiter an in-app notification."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation import service as automation
from hireflow.automation.service import Flag
from hireflow.config import Settings
from hireflow.interviews import flows as interview_flows
from hireflow.interviews import service as interviews
from hireflow.interviews.lifecycle import Status
from hireflow.interviews.messages import Env
from hireflow.interviews.service import Interview
from hireflow.negotiation import service as negotiation
from hireflow.negotiation.schemas import NegotiationSummary
from hireflow.notifications import service as notifications

#: Where a candidate may still negotiate a time.
OPEN_STATUSES = frozenset({Status.CONFIRMED, Status.SLOT_SELECTION})


@dataclass(frozen=True)
class ChatOutcome:
    summary: NegotiationSummary
    kind: str  # proposal / question / agreement / escalation / booked / booking_failed
    text: str
    booked: Interview | None = None


async def bot_enabled(session: AsyncSession) -> bool:
    """Whether the ``negotiation_bot`` flag is available and switched on."""
    return await automation.flag_on(session, Flag.NEGOTIATION_BOT)


async def _free(
    session: AsyncSession, interview: Interview, now: datetime
) -> list[negotiation.Interval]:
    return [
        negotiation.Interval(s.start, s.end)
        for s in await interviews.offer_slots(session, interview, now=now)
    ]


async def _book(
    session: AsyncSession,
    env: Env,
    interview: Interview,
    start: datetime,
    *,
    now: datetime,
    assigned_by: uuid.UUID | None = None,
) -> Interview:
    """The normal booking path: hold the time, then confirm it (sends the invite)."""
    await interviews.book_slot(session, interview, start, now=now)
    return await interview_flows.confirm(session, env, interview, now=now, assigned_by=assigned_by)


async def chat(
    session: AsyncSession,
    env: Env,
    settings: Settings,
    interview: Interview,
    message: str,
    *,
    now: datetime,
) -> ChatOutcome:
    """One candidate message: the bot's answer, and a booking when they agreed on a time."""
    free = await _free(session, interview, now)
    summary, reply = await negotiation.handle_candidate_message(
        session, interview.id, message, now=now, zone=interview.candidate_zone or "UTC",
        free_slots=free, slot_length=timedelta(minutes=interview.duration_minutes),
        model_reader=negotiation.model_reader_for(settings),
    )  # fmt: skip
    if reply.kind == "escalation":
        await _escalated(session, interview, summary)
        return ChatOutcome(summary, reply.kind, reply.text)
    if reply.kind != "agreement" or reply.chosen is None:
        return ChatOutcome(summary, reply.kind, reply.text)
    try:
        async with session.begin_nested():
            booked = await _book(session, env, interview, reply.chosen.start, now=now)
    except interviews.SlotTaken:
        summary = await negotiation.booking_failed(
            session, summary.id, now=now, reason="slot taken"
        )
        fresh = await interviews.get_interview(session, interview.id, fresh=True)
        summary = await negotiation.propose_again(
            session, summary.id, now=now, zone=fresh.candidate_zone or "UTC",
            free_slots=await _free(session, fresh, now),
            slot_length=timedelta(minutes=fresh.duration_minutes),
        )  # fmt: skip
        text = "Sorry, someone booked that time a moment ago."
        return ChatOutcome(summary, "booking_failed", text)
    return ChatOutcome(summary, "booked", reply.text, booked=booked)


async def _escalated(
    session: AsyncSession, interview: Interview, summary: NegotiationSummary
) -> None:
    if interview.recruiter_user_id is None:
        return
    reason = (summary.escalation_reason or "").replace("_", " ")
    await notifications.notify(
        session,
        interview.recruiter_user_id,
        kind="negotiation_escalated",
        title=f"{interview.candidate_name or 'A candidate'} needs a person to agree a time",
        body=reason,
        link=f"/negotiations#n-{summary.id}",
    )


async def book_by_recruiter(
    session: AsyncSession,
    env: Env,
    negotiation_id: uuid.UUID,
    start: datetime,
    *,
    now: datetime,
    user_id: uuid.UUID,
) -> NegotiationSummary:
    """A recruiter books an escalated negotiation by hand (same path), then resolves it."""
    found = await negotiation.negotiation_by_id(session, negotiation_id)
    interview = await interviews.get_interview(session, found.interview_id, fresh=True)
    await _book(session, env, interview, start, now=now, assigned_by=user_id)
    return await negotiation.resolve_by_recruiter(session, negotiation_id, now=now, user_id=user_id)
