"""The interview panel: the colleagues who interview with the job's recruiter. Their
calendars and bookings narrow the times offered, and a held or booked time names all of
them, so the panel changes only while no time is held or booked."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation.service import Trigger
from hireflow.interviews import lifecycle, service
from hireflow.interviews.lifecycle import Status, describe
from hireflow.interviews.models import Interview
from hireflow.kit.errors import Conflict

OPEN = (Status.INVITATION_SENT, Status.CONFIRMED, Status.SLOT_SELECTION)


async def panel_refusal(session: AsyncSession, interview: Interview, now: datetime) -> str | None:
    """Why the panel cannot change now (None when it can)."""
    if interview.status == Status.SCHEDULED:
        return "The time is booked: ask the candidate for a new time to change the panel."
    if interview.status not in OPEN:
        return f"This interview is already {describe(interview.status)}."
    if await service.held_slot(session, interview, now) is not None:
        return "The candidate is holding a time right now; change the panel once it is booked."
    return None


async def change_panel(
    session: AsyncSession,
    interview: Interview,
    members: list[uuid.UUID],
    *,
    now: datetime,
    actor_id: uuid.UUID,
) -> Interview:
    """Set the interviewers (the recruiter always stays on the panel) and log the change."""
    refused = await panel_refusal(session, interview, now)
    if refused:
        raise Conflict(refused)
    recruiter = [interview.recruiter_user_id] if interview.recruiter_user_id else []
    interviewers = list(dict.fromkeys([*recruiter, *members]))
    return await lifecycle.amend(
        session,
        interview,
        action="interview_panel_changed",
        trigger=Trigger.MANUAL,
        now=now,
        actor_id=actor_id,
        details={"interviewers": [str(i) for i in interviewers]},
        interviewer_ids=interviewers,
    )
