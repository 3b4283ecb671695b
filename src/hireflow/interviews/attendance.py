"""No-show risk of scheduled interviews, kept on the interviews' own rows.

The ``noshow`` domain computes (allow-listed facts in, score/band/reasons out); this module
gathers the facts, stores the result and acts on it. Facts come from the interview rows
(lead time, local weekday and hour, time to accept, reschedules, self-picked or assigned,
attendance confirmed, the candidate's earlier outcomes here), the negotiation rounds
(``negotiation.service``) and profile completeness (``candidates.service``): never a name,
age, gender, nationality, address or school.

Everything is set-based and batched (:data:`BATCH` interviews: one SELECT, two look-ups in
other domains, one UPDATE) and gated by the ``no_show_prediction`` flag. A red band asks
the candidate once to confirm (signed link) and sends one extra reminder a few hours before;
it never rejects, never touches a rank, a status or a shortlist.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth import accounts
from hireflow.automation import service as automation
from hireflow.automation.service import Flag, LogEntry, Trigger
from hireflow.candidates import service as candidates
from hireflow.interviews import lifecycle, messages
from hireflow.interviews import service as interviews
from hireflow.interviews.messages import Env, Party
from hireflow.interviews.models import Interview
from hireflow.jobs import service as jobs
from hireflow.kit.errors import Conflict
from hireflow.negotiation import service as negotiation
from hireflow.noshow import service as noshow
from hireflow.noshow.schemas import AttendanceFacts
from hireflow.notifications import outbox

BATCH = 500
EXTRA_REMINDER_LEAD = timedelta(hours=3)
# What a reschedule resets: the score, and the confirmation asked and given for the old time.
CLEARED: dict[str, Any] = {
    "no_show_risk": None,
    "no_show_band": None,
    "no_show_reasons": [],
    "no_show_scored_by": None,
    "attendance_requested_at": None,
    "attendance_confirmed_at": None,
    "extra_reminder_sent_at": None,
}


@dataclass(frozen=True)
class RiskRun:
    scored: int = 0
    red: int = 0
    requested: int = 0


async def enabled(session: AsyncSession) -> bool:
    """Whether ``no_show_prediction`` is available and switched on."""
    return await automation.flag_on(session, Flag.NO_SHOW_PREDICTION)


_FACTS = text(
    """
    SELECT i.id, i.candidate_id, i.scheduled_time, i.booked_at, i.updated_at, i.created_at,
           i.accepted_at, i.candidate_zone, i.reschedule_count, i.self_picked,
           i.attendance_confirmed_at,
           coalesce(h.interviews, 0) AS earlier_interviews,
           coalesce(h.no_shows, 0) AS earlier_no_shows
      FROM interviews i
      LEFT JOIN LATERAL (
            SELECT count(*) AS interviews, count(*) FILTER (WHERE p.status = 'no_show') AS no_shows
              FROM interviews p
             WHERE p.candidate_id = i.candidate_id AND p.id <> i.id
               AND p.status IN ('completed', 'no_show') AND p.scheduled_time < i.scheduled_time
      ) h ON true
     WHERE i.status = 'scheduled' AND i.scheduled_time > :now AND i.id > :after
       AND (CAST(:ids AS uuid[]) IS NULL OR i.id = ANY(CAST(:ids AS uuid[])))
     ORDER BY i.id
     LIMIT :limit
    """
)

_STORE = text(
    """
    UPDATE interviews i
       SET no_show_risk = r.score, no_show_band = r.band, no_show_reasons = r.reasons,
           no_show_scored_by = r.scored_by, no_show_facts = r.facts, no_show_scored_at = :now
      FROM jsonb_to_recordset(CAST(:rows AS jsonb))
           AS r(id uuid, score numeric, band text, reasons jsonb, scored_by text, facts jsonb)
     WHERE i.id = r.id AND i.status = 'scheduled'
    """
)

_CLAIM_REQUESTS = text(
    """
    UPDATE interviews SET attendance_requested_at = :now
     WHERE id = ANY(CAST(:ids AS uuid[])) AND status = 'scheduled' AND no_show_band = 'red'
       AND attendance_requested_at IS NULL AND attendance_confirmed_at IS NULL
       AND candidate_email IS NOT NULL AND recruiter_user_id IS NOT NULL
    RETURNING id
    """
)

_CLAIM_EXTRA = text(
    """
    UPDATE interviews SET extra_reminder_sent_at = :now
     WHERE status = 'scheduled' AND no_show_band = 'red' AND attendance_confirmed_at IS NULL
       AND extra_reminder_sent_at IS NULL AND candidate_email IS NOT NULL
       AND recruiter_user_id IS NOT NULL
       AND scheduled_time > :now AND scheduled_time <= :until
    RETURNING id
    """
)


def _facts(row: Any, rounds: int, completeness: float) -> AttendanceFacts:
    booked = row.booked_at or row.updated_at
    return AttendanceFacts(
        scheduled_at=row.scheduled_time,
        booked_at=min(booked, row.scheduled_time),
        invited_at=row.created_at,
        accepted_at=row.accepted_at,
        interview_zone=row.candidate_zone or "UTC",
        negotiation_rounds=rounds,
        reschedules=row.reschedule_count,
        self_picked_slot=row.self_picked,
        reminder_acknowledged=row.attendance_confirmed_at is not None,
        profile_completeness=completeness,
        earlier_no_shows=int(row.earlier_no_shows),
        earlier_interviews=int(row.earlier_interviews),
    )


async def rescore(
    session: AsyncSession,
    env: Env,
    *,
    now: datetime,
    ids: Sequence[uuid.UUID] | None = None,
    scorer: noshow.NoShowScorer | None = None,
) -> RiskRun:
    """Score every future scheduled interview (or only ``ids``) and store the results; the
    newly red ones get their confirmation request. Nothing happens when the flag is off."""
    if not await enabled(session):
        return RiskRun()
    scorer = scorer or await noshow.scorer(session)
    after, scored, red, requested = uuid.UUID(int=0), 0, 0, 0
    id_list = [str(i) for i in ids] if ids is not None else None
    while True:
        rows = (
            await session.execute(
                _FACTS, {"now": now, "after": after, "ids": id_list, "limit": BATCH}
            )
        ).all()
        if not rows:
            break
        batch_ids = [r.id for r in rows]
        rounds = await negotiation.rounds_of(session, batch_ids)
        completeness = await candidates.profile_completeness(
            session, sorted({r.candidate_id for r in rows})
        )
        results = []
        for row in rows:
            facts = _facts(row, rounds.get(row.id, 0), completeness.get(row.candidate_id, 1.0))
            assessment = scorer.assess(facts)
            red += assessment.band == "red"
            results.append(
                {
                    "id": str(row.id),
                    "score": assessment.score,
                    "band": assessment.band,
                    "reasons": list(assessment.reasons),
                    "scored_by": assessment.scored_by,
                    "facts": facts.model_dump(mode="json"),
                }
            )
        await session.execute(_STORE, {"rows": json.dumps(results), "now": now})
        requested += await _request_confirmations(session, env, batch_ids, now=now)
        scored += len(rows)
        after = rows[-1].id
        if len(rows) < BATCH:
            break
    return RiskRun(scored, red, requested)


async def _mails(
    session: AsyncSession, env: Env, ids: Sequence[uuid.UUID], kind: str, *, now: datetime
) -> int:
    """The candidate mails of ``kind`` for these interviews (recruiters and titles in two
    look-ups), written to the outbox in one call and logged in one statement."""
    if not ids:
        return 0
    found = await interviews.interviews_by_ids(session, ids)
    users = await accounts.users_by_ids(
        session, sorted({i.recruiter_user_id for i in found if i.recruiter_user_id})
    )
    titles = await jobs.titles_of(session, sorted({i.job_id for i in found}))
    mails = []
    for interview in found:
        user = users.get(interview.recruiter_user_id) if interview.recruiter_user_id else None
        if user is None or not interview.candidate_email:
            continue
        recruiter = Party(f"{user.first_name} {user.last_name}".strip(), user.email)
        title = titles.get(interview.job_id, "")
        mails.append(messages.attendance(kind, env, interview, title, recruiter, now=now))
    await outbox.enqueue(session, mails, now=now)
    await automation.log_actions(
        session,
        [
            LogEntry(
                job_id=i.job_id,
                application_id=i.application_id,
                action=f"interview_{kind}_sent",
                trigger=Trigger.AUTO,
                details={"interview_id": str(i.id), "no_show_risk": str(i.no_show_risk)},
            )
            for i in found
        ],
    )
    return len(found)


async def _request_confirmations(
    session: AsyncSession, env: Env, ids: Sequence[uuid.UUID], *, now: datetime
) -> int:
    claimed = await session.scalars(_CLAIM_REQUESTS, {"ids": [str(i) for i in ids], "now": now})
    return await _mails(session, env, list(claimed.all()), "attendance_request", now=now)


async def send_extra_reminders(session: AsyncSession, env: Env, now: datetime) -> int:
    """One extra reminder for each red, unconfirmed interview starting within 3 hours (one
    UPDATE claims them, one outbox INSERT)."""
    if not await enabled(session):
        return 0
    claimed = await session.scalars(_CLAIM_EXTRA, {"now": now, "until": now + EXTRA_REMINDER_LEAD})
    return await _mails(session, env, list(claimed.all()), "attendance_reminder", now=now)


async def confirm_attendance(
    session: AsyncSession, env: Env, interview: Interview, *, now: datetime
) -> Interview:
    """The candidate said they will come: recorded once, logged, and the risk recomputed
    (a confirmation is a feature that lowers it). Only a scheduled, future interview."""
    if interview.status != "scheduled" or (
        interview.scheduled_time is not None and interview.scheduled_time <= now
    ):
        raise Conflict("This interview cannot be confirmed any more.")
    if interview.attendance_confirmed_at is None:
        await lifecycle.amend(
            session,
            interview,
            action="interview_attendance_confirmed",
            trigger=Trigger.CANDIDATE,
            now=now,
            attendance_confirmed_at=now,
        )
        await rescore(session, env, now=now, ids=[interview.id])
    return await interviews.get_interview(session, interview.id, fresh=True)
