"""Cross-domain use cases of interviews: invite the shortlisted, accept, decline → promote,
book and confirm, reschedule, cancel, outcomes, and the buffer refill after dropouts.

Each runs inside the caller's transaction (one request or job = one unit of work): the
status change, its automation-log entries, the shortlisting change and the outbox e-mails
commit together or not at all.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import RequestMeta
from hireflow.auth import accounts
from hireflow.automation.service import Trigger, automation_allowed, log_action
from hireflow.calendars import service as calendars
from hireflow.calendars.schemas import Attendee, InterviewEvent
from hireflow.candidates import service as candidates
from hireflow.interviews import attendance, ics, lifecycle, messages
from hireflow.interviews import service as interviews
from hireflow.interviews.availability import Interval
from hireflow.interviews.lifecycle import DROPOUTS, Status
from hireflow.interviews.messages import Env, Party
from hireflow.interviews.models import Interview
from hireflow.jobs import service as jobs
from hireflow.jobs.shortlisting import service as shortlisting
from hireflow.kit.errors import BadRequest, HireflowError, NotFound
from hireflow.notifications import outbox
from hireflow.portal import flows as portal_flows

log = structlog.get_logger(__name__)


async def party(session: AsyncSession, user_id: uuid.UUID) -> Party:
    user = await accounts.get_user(session, user_id)
    availability = await interviews.availability_of(session, user_id)
    return Party(f"{user.first_name} {user.last_name}".strip(), user.email, availability.zone)


async def _people(session: AsyncSession, interview: Interview) -> tuple[Party, list[Party]]:
    assert interview.recruiter_user_id is not None
    recruiter = await party(session, interview.recruiter_user_id)
    panel = [await party(session, i) for i in interview.interviewer_ids]
    return recruiter, panel


async def job_title_of(session: AsyncSession, job_id: uuid.UUID) -> str:
    return (await jobs.get_job(session, job_id)).title


async def invite_shortlisted(
    session: AsyncSession,
    env: Env,
    job_id: uuid.UUID,
    *,
    now: datetime,
    trigger: Trigger,
    actor_id: uuid.UUID | None = None,
) -> list[Interview]:
    """An interview (and its invitation e-mail) for every shortlisted candidate without one.
    Automatic runs need global automation and the job's automation on, and never re-invite
    an application that already had an interview; a recruiter's run skips open ones only."""
    job = await jobs.get_job(session, job_id)
    if trigger != Trigger.MANUAL and not (
        job.automation_enabled and await automation_allowed(session)
    ):
        return []
    if job.owner_user_id is None:
        return []
    shortlisted = [
        a
        for a in await jobs.applications_of(session, job.id)
        if a.shortlist_status == "shortlisted"
    ]
    if not shortlisted:
        return []
    had = await interviews.applications_with_interviews(
        session, [a.id for a in shortlisted], active_only=False
    )
    open_ = await interviews.applications_with_interviews(
        session, [a.id for a in shortlisted], active_only=True
    )
    skip = open_ if trigger == Trigger.MANUAL else had
    wave_started = bool(await interviews.interviews_of_job(session, job.id))
    settings = await interviews.job_settings(session, job.id)
    recruiter = await party(session, job.owner_user_id)
    created: list[Interview] = []
    for application in sorted(shortlisted, key=lambda a: a.rank or 0):
        if application.id in skip:
            continue
        try:
            candidate = await candidates.get_candidate(
                session,
                application.candidate_id,
                actor_id=actor_id or job.owner_user_id,
                meta=RequestMeta(),
                record_view=False,
            )
        except NotFound:
            continue
        if not candidate.email:
            await log_action(
                session,
                job_id=job.id,
                application_id=application.id,
                action="interview_not_invited",
                trigger=trigger,
                actor_id=actor_id,
                details={"reason": "the candidate has no e-mail address"},
            )
            continue
        interview = await interviews.create_invitation(
            session,
            application_id=application.id,
            job_id=job.id,
            candidate_id=candidate.id,
            candidate_name=f"{candidate.first_name} {candidate.last_name}".strip(),
            candidate_email=candidate.email,
            recruiter_id=job.owner_user_id,
            interviewer_ids=[],
            rank=application.rank,
            now=now,
            trigger=trigger,
            actor_id=actor_id,
        )
        mail = messages.invitation(
            env,
            interview,
            job.title,
            recruiter,
            promoted=wave_started,
            now=now,
            valid_days=settings.link_valid_days,
        )
        await outbox.enqueue(session, [mail], now=now)
        created.append(interview)
    return created


async def accept(
    session: AsyncSession, env: Env, interview: Interview, *, now: datetime
) -> Interview:
    """The candidate accepts: confirmed, then picking a time before the slot deadline."""
    settings = await interviews.job_settings(session, interview.job_id)
    await lifecycle.move(
        session, interview, Status.CONFIRMED, trigger=Trigger.CANDIDATE, now=now, accepted_at=now
    )
    deadline = now + timedelta(hours=settings.slot_selection_hours)
    await lifecycle.move(
        session,
        interview,
        Status.SLOT_SELECTION,
        trigger=Trigger.CANDIDATE,
        now=now,
        details={"slot_selection_deadline": deadline.isoformat()},
        slot_selection_deadline=deadline,
    )
    recruiter, _ = await _people(session, interview)
    title = await job_title_of(session, interview.job_id)
    mail = messages.accepted(
        env, interview, title, recruiter, now=now, valid_days=settings.link_valid_days
    )
    await outbox.enqueue(session, [mail], now=now)
    return interview


async def decline(
    session: AsyncSession, env: Env, interview: Interview, reason: str | None, *, now: datetime
) -> Interview:
    """The candidate declines: the place goes to the buffer's best candidate right away."""
    reason = (reason or "").strip()[:1000] or None
    await lifecycle.move(
        session,
        interview,
        Status.DECLINED,
        trigger=Trigger.CANDIDATE,
        now=now,
        details={"reason": reason} if reason else {},
        decline_reason=reason,
        promotion_pending=True,
    )
    await interviews.release_bookings(session, interview.id, now)
    await refill_job(session, env, interview.job_id, now=now)
    return interview


# ---- the interviewers' calendars ------------------------------------------------------------
def _busy_window(now: datetime, horizon_days: int) -> tuple[datetime, datetime]:
    """The range whose calendar busy time is fetched: whole UTC days, so the slot list and
    the booking a few minutes later ask for the same range (a cache hit, no refetch)."""
    start = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=horizon_days + 2)


async def calendar_busy(
    session: AsyncSession, interview: Interview, *, now: datetime
) -> list[Interval]:
    """Every panel member's busy time from their connected calendar (empty when none is
    connected or the ``calendar_integration`` flag is off; stale or empty when a provider
    is down: the booking still goes ahead). Needs the member's or the system session."""
    assert interview.recruiter_user_id is not None
    availability = await interviews.availability_of(session, interview.recruiter_user_id)
    start, end = _busy_window(now, availability.horizon_days)
    busy: list[Interval] = []
    for user_id in interview.interviewer_ids:
        found = await calendars.busy_intervals(session, user_id, start, end, now=now)
        busy += [Interval(b.start, b.end) for b in found]
    return busy


async def offer_slots(
    session: AsyncSession, interview: Interview, *, now: datetime
) -> list[Interval]:
    """The free slots, clear of hireflow's bookings and of the panel's calendars."""
    busy = await calendar_busy(session, interview, now=now)
    return await interviews.offer_slots(session, interview, now=now, extra_busy=busy)


async def book_slot(
    session: AsyncSession, interview: Interview, start: datetime, *, now: datetime
) -> datetime:
    """Hold ``start``: refused when a panel member's calendar is busy then (checked before
    the insert; the exclusion constraint on hireflow's own bookings stays the last word)."""
    busy = await calendar_busy(session, interview, now=now)
    return await interviews.book_slot(session, interview, start, now=now, extra_busy=busy)


async def _calendar_event(
    session: AsyncSession, interview: Interview, recruiter: Party, panel: list[Party]
) -> InterviewEvent:
    assert interview.scheduled_time is not None and interview.scheduled_end is not None
    title = await job_title_of(session, interview.job_id)
    return InterviewEvent(
        uid=ics.event_uid(interview.id),
        sequence=interview.ics_sequence,
        start=interview.scheduled_time,
        end=interview.scheduled_end,
        zone=recruiter.zone,
        summary=f"Interview: {interview.candidate_name} ({title})",
        organizer_email=recruiter.email,
        attendees=(
            Attendee(interview.candidate_email or "", interview.candidate_name or ""),
            *(Attendee(p.email, p.name) for p in panel if p.email != recruiter.email),
        ),
    )


async def _write_events(
    session: AsyncSession, interview: Interview, *, now: datetime, cancelled: bool = False
) -> Interview:
    """Store the interview's event for every panel member's calendar (written after commit,
    never blocking: no network here). UID and SEQUENCE come from the interview, which the
    e-mails' iCalendar uses too; should a calendar hold a higher SEQUENCE already, the
    interview adopts it before any e-mail is built."""
    recruiter, panel = await _people(session, interview)
    sequence = interview.ics_sequence
    event = None if cancelled else await _calendar_event(session, interview, recruiter, panel)
    for user_id in interview.interviewer_ids:
        if event is None:
            try:
                stored = await calendars.cancel_interview_event(
                    session, user_id, ics.event_uid(interview.id), now=now
                )
            except NotFound:  # booked before this member's calendar was wired
                continue
        elif interview.ics_sequence <= 1:
            stored = await calendars.create_interview_event(session, user_id, event, now=now)
        else:
            stored = await calendars.update_interview_event(session, user_id, event, now=now)
        sequence = max(sequence, stored.sequence)
    if sequence > interview.ics_sequence and not cancelled:
        interview = await lifecycle.amend(
            session,
            interview,
            action="interview_calendar_sequence",
            trigger=Trigger.AUTO,
            now=now,
            details={"from": interview.ics_sequence, "to": sequence},
            ics_sequence=sequence,
        )
    return interview


async def confirm(
    session: AsyncSession,
    env: Env,
    interview: Interview,
    *,
    now: datetime,
    assigned_by: uuid.UUID | None = None,
    trigger: Trigger = Trigger.AUTO,
) -> Interview:
    """Book the held time (compare-and-swap), put it in the panel's calendars (a rebooking
    after a reschedule updates the same UID with a higher SEQUENCE), send the confirmation
    with the invite and score the no-show risk. ``assigned_by``: a recruiter booked the time
    by hand (the candidate did not pick it); ``trigger``: who booked it otherwise (the candidate
    on their link, automation for the negotiation bot)."""
    booked, changed = await interviews.confirm_slot(
        session,
        interview,
        now=now,
        trigger=Trigger.MANUAL if assigned_by else trigger,
        actor_id=assigned_by,
    )
    if changed:
        booked = await _write_events(session, booked, now=now)
        await _send_scheduled("confirmation", session, env, booked, now=now)
        await attendance.rescore(session, env, now=now, ids=[booked.id])
    return booked


async def _send_scheduled(
    kind: str, session: AsyncSession, env: Env, interview: Interview, *, now: datetime
) -> None:
    recruiter, panel = await _people(session, interview)
    settings = await interviews.job_settings(session, interview.job_id)
    mails = messages.scheduled_mail(
        kind,
        env,
        interview,
        await job_title_of(session, interview.job_id),
        recruiter,
        panel,
        now=now,
        valid_days=settings.link_valid_days,
    )
    await outbox.enqueue(session, mails, now=now)


async def reschedule(
    session: AsyncSession,
    env: Env,
    interview: Interview,
    *,
    now: datetime,
    trigger: Trigger,
    actor_id: uuid.UUID | None = None,
) -> Interview:
    """A booked interview goes back to picking a time (the calendar UID stays; the next
    confirmation raises its SEQUENCE)."""
    previous = interview.scheduled_time
    settings = await interviews.job_settings(session, interview.job_id)
    deadline = now + timedelta(hours=settings.slot_selection_hours)
    await lifecycle.move(
        session,
        interview,
        Status.SLOT_SELECTION,
        trigger=trigger,
        now=now,
        actor_id=actor_id,
        action="interview_rescheduling",
        details={"previous_start": previous.isoformat() if previous else None},
        slot_selection_deadline=deadline,
        reminder_sent_at=None,
        reschedule_count=interview.reschedule_count + 1,
        **attendance.CLEARED,
    )
    await interviews.release_bookings(session, interview.id, now)
    recruiter, panel = await _people(session, interview)
    assert previous is not None
    mails = messages.reschedule(
        env,
        interview,
        await job_title_of(session, interview.job_id),
        recruiter,
        panel,
        previous,
        now=now,
        valid_days=settings.link_valid_days,
    )
    await outbox.enqueue(session, mails, now=now)
    return interview


async def cancel(
    session: AsyncSession,
    env: Env,
    interview: Interview,
    *,
    now: datetime,
    trigger: Trigger,
    actor_id: uuid.UUID | None = None,
    reason: str | None = None,
    by_candidate: bool = False,
) -> Interview:
    """Cancel; a booked interview's attendees get ``METHOD:CANCEL``. A candidate who cancels
    withdraws, and their place goes to the buffer."""
    was_booked = interview.status == Status.SCHEDULED
    had_event = interview.ics_sequence > 0  # booked once (maybe rescheduled since)
    await lifecycle.move(
        session,
        interview,
        Status.CANCELLED,
        trigger=trigger,
        now=now,
        actor_id=actor_id,
        details={"reason": reason, "by": "candidate" if by_candidate else "recruiter"},
        ics_sequence=interview.ics_sequence + (1 if was_booked else 0),
        decline_reason=reason,
        promotion_pending=by_candidate,
    )
    await interviews.release_bookings(session, interview.id, now)
    if had_event:
        interview = await _write_events(session, interview, now=now, cancelled=True)
    recruiter, panel = await _people(session, interview)
    mails = messages.cancellation(
        env,
        interview,
        await job_title_of(session, interview.job_id),
        recruiter,
        panel,
        was_booked=was_booked,
        reason=reason,
        now=now,
    )
    await outbox.enqueue(session, mails, now=now)
    if by_candidate:
        await refill_job(session, env, interview.job_id, now=now)
    return interview


async def record_outcome(
    session: AsyncSession,
    env: Env,
    interview: Interview,
    outcome: Status,
    *,
    now: datetime,
    actor_id: uuid.UUID,
) -> Interview:
    """A recruiter marks a held interview completed or a no-show (a no-show frees the place)."""
    if outcome not in (Status.COMPLETED, Status.NO_SHOW):
        raise BadRequest("An outcome is 'completed' or 'no_show'.")
    await lifecycle.move(
        session,
        interview,
        outcome,
        trigger=Trigger.MANUAL,
        now=now,
        actor_id=actor_id,
        promotion_pending=outcome == Status.NO_SHOW,
    )
    if outcome == Status.NO_SHOW:
        await refill_job(session, env, interview.job_id, now=now)
    return interview


async def extend_deadline(
    session: AsyncSession, interview: Interview, hours: int, *, now: datetime, actor_id: uuid.UUID
) -> Interview:
    if not 1 <= hours <= 336:
        raise BadRequest("Extend by 1 to 336 hours.")
    if interview.status == Status.INVITATION_SENT and interview.confirmation_deadline:
        column, current = "confirmation_deadline", interview.confirmation_deadline
    elif interview.status in (Status.CONFIRMED, Status.SLOT_SELECTION) and (
        interview.slot_selection_deadline
    ):
        column, current = "slot_selection_deadline", interview.slot_selection_deadline
    else:
        raise BadRequest("Only an open invitation or slot selection has a deadline to extend.")
    new = max(current, now) + timedelta(hours=hours)
    return await lifecycle.amend(
        session,
        interview,
        action="interview_deadline_extended",
        trigger=Trigger.MANUAL,
        now=now,
        actor_id=actor_id,
        details={"deadline": column, "from": current.isoformat(), "to": new.isoformat()},
        **{column: new},
    )


async def resend(
    session: AsyncSession, env: Env, interview: Interview, *, now: datetime, actor_id: uuid.UUID
) -> Interview:
    """Send the current step's e-mail again with new links (older links stop working)."""
    await lifecycle.amend(
        session,
        interview,
        action="interview_resent",
        trigger=Trigger.MANUAL,
        now=now,
        actor_id=actor_id,
        link_version=interview.link_version + 1,
    )
    recruiter, _ = await _people(session, interview)
    settings = await interviews.job_settings(session, interview.job_id)
    title = await job_title_of(session, interview.job_id)
    if interview.status == Status.INVITATION_SENT:
        mail = messages.invitation(
            env,
            interview,
            title,
            recruiter,
            promoted=False,
            now=now,
            valid_days=settings.link_valid_days,
        )
        await outbox.enqueue(session, [mail], now=now)
    elif interview.status in (Status.CONFIRMED, Status.SLOT_SELECTION):
        mail = messages.accepted(
            env, interview, title, recruiter, now=now, valid_days=settings.link_valid_days
        )
        await outbox.enqueue(session, [mail], now=now)
    else:
        await _send_scheduled("confirmation", session, env, interview, now=now)
    return interview


_PENDING = text(
    "SELECT id, application_id, status FROM interviews "
    "WHERE job_id = :job AND promotion_pending FOR UPDATE SKIP LOCKED"
)
_REASONS = {**DROPOUTS, Status.CANCELLED: "withdrawn"}
# A pending dropout of these was the candidate's own choice (only a candidate's cancellation
# leaves one pending); an expiry or a no-show is automation applying a rule.
_BY_CANDIDATE = (Status.DECLINED, Status.CANCELLED)
_ACTIVE = ("pending", "shortlisted", "buffer")


async def refill_job(
    session: AsyncSession, env: Env, job_id: uuid.UUID, *, now: datetime
) -> list[Interview]:
    """Apply the job's pending dropouts to the shortlist (under its job-level lock: the
    buffer's best candidate is promoted when automatic promotion is on), then invite whoever
    is newly shortlisted. Tells the owner when nobody was left to promote."""
    rows = (await session.execute(_PENDING, {"job": job_id})).all()
    if not rows:
        return []
    for row in rows:
        status = Status(row.status)
        reason = _REASONS.get(status, "withdrawn")
        try:
            before = await jobs.find_application(session, row.application_id)
            was_active = before is not None and before.shortlist_status in _ACTIVE
            decided = await shortlisting.decide(
                session,
                row.application_id,
                "dropout",
                reason=reason,
                trigger=Trigger.CANDIDATE if status in _BY_CANDIDATE else Trigger.AUTO,
                actor_id=None,
            )
            if was_active:  # taken out now, by automation: tell them when it concerns them
                await portal_flows.automatic_dropout(session, env, decided, reason, now=now)
        except HireflowError as exc:  # the application is gone or not ranked: nothing to fill
            log.warning(
                "interviews.dropout_not_applied", interview_id=str(row.id), error=exc.message
            )
    await session.execute(
        update(Interview)
        .where(Interview.id.in_([r.id for r in rows]))
        .values(promotion_pending=False)
    )
    invited = await invite_shortlisted(session, env, job_id, now=now, trigger=Trigger.AUTO)
    job = await jobs.get_job(session, job_id)
    shortlisted = sum(
        a.shortlist_status == "shortlisted" for a in await jobs.applications_of(session, job_id)
    )
    if shortlisted < job.number_of_openings and job.owner_user_id is not None:
        owner = await party(session, job.owner_user_id)
        mail = messages.buffer_empty(env, str(job.id), job.title, owner, key=str(rows[0].id))
        await outbox.enqueue(session, [mail], now=now)
    return invited
