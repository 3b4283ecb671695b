"""The portal's use cases across candidates, jobs and interviews (their ORM rows are read
through their services, typed ``Any`` here: a domain never imports another's models).

The portal pages run as the system role only after the signed link was checked, and every
query here is keyed by the link's candidate id: a candidate sees their own data, nobody
else's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.candidates import service as candidates
from hireflow.db.session import ACTOR_KEY, ANONYMOUS, SYSTEM, switch_actor
from hireflow.interviews import service as interviews
from hireflow.interviews.availability import label, zone
from hireflow.interviews.lifecycle import Status
from hireflow.interviews.links import Purpose
from hireflow.interviews.messages import Env, candidate_link
from hireflow.jobs import service as jobs
from hireflow.notifications import outbox
from hireflow.portal import messages
from hireflow.portal import service as portal

_INTERVIEW_WORDS = {
    Status.INVITATION_SENT: "You are invited to an interview",
    Status.CONFIRMED: "You accepted; please pick a time",
    Status.SLOT_SELECTION: "Please pick a time",
    Status.SCHEDULED: "Your interview is booked",
    Status.COMPLETED: "Interview held",
    Status.NO_SHOW: "Interview missed",
    Status.DECLINED: "You declined the interview",
    Status.EXPIRED: "The invitation ran out",
    Status.CANCELLED: "Interview cancelled",
}


@dataclass
class InterviewLine:
    status: str
    words: str
    when: str | None
    duration: int
    deadline: str | None
    action_url: str | None = None
    action_text: str | None = None
    meeting_link: str | None = None


@dataclass
class ApplicationLine:
    job_title: str
    applied: str
    status: str
    next_action: str
    interviews: list[InterviewLine] = field(default_factory=list)


@dataclass
class PortalPage:
    candidate_name: str
    applications: list[ApplicationLine]
    deletion_requested: bool


def candidate_name(candidate: Any) -> str:
    return f"{candidate.first_name} {candidate.last_name}".strip()


def candidate_email(candidate: Any) -> str | None:
    """Where to write: the profile's address, else the one the applicant typed (a possible
    duplicate profile keeps it aside, see ``apply_from_careers``)."""
    applied_with = (candidate.metadata_ or {}).get("applied_with_email")
    return candidate.email or (str(applied_with) if applied_with else None)


def _status(application: Any, job_closed: bool) -> tuple[str, str]:
    """(what the candidate reads as the status, the next action) for an application."""
    status = application.shortlist_status
    if status == "rejected":
        return "Not taken further", "Nothing to do. You are welcome to apply again."
    if status == "withdrawn":
        return "Withdrawn", "Nothing to do."
    if status == "shortlisted":
        return "Shortlisted", "An interview invitation follows by e-mail."
    if not job_closed:
        return "Received", "We review applications after the closing date."
    return "In review", "We will write to you as soon as we have decided."


async def _interview_line(
    session: AsyncSession, env: Env, interview: Any, now: datetime, tz_name: str
) -> InterviewLine:
    tz = zone(tz_name)
    status = Status(interview.status)
    line = InterviewLine(
        status=status.value,
        words=_INTERVIEW_WORDS[status],
        when=label(interview.scheduled_time, tz) if interview.scheduled_time else None,
        duration=interview.duration_minutes,
        deadline=None,
        meeting_link=interview.meeting_link if status == Status.SCHEDULED else None,
    )
    valid_days = (await interviews.job_settings(session, interview.job_id)).link_valid_days
    if status == Status.INVITATION_SENT:
        line.action_url = candidate_link(env, interview, Purpose.RESPOND, now, valid_days)
        line.action_text = "Accept or decline"
        if interview.confirmation_deadline:
            line.deadline = label(interview.confirmation_deadline, tz)
    elif status in (Status.CONFIRMED, Status.SLOT_SELECTION):
        line.action_url = candidate_link(env, interview, Purpose.SCHEDULE, now, valid_days)
        line.action_text = "Pick a time"
        if interview.slot_selection_deadline:
            line.deadline = label(interview.slot_selection_deadline, tz)
    elif status == Status.SCHEDULED:
        line.action_url = candidate_link(env, interview, Purpose.SCHEDULE, now, valid_days)
        line.action_text = "Change or cancel"
    return line


async def portal_of(
    session: AsyncSession, env: Env, candidate_id: uuid.UUID, *, now: datetime, tz_name: str
) -> PortalPage:
    """Everything the candidate's portal shows, for the link's candidate only."""
    candidate = await candidates.get_candidate(
        session, candidate_id, actor_id=None, meta=RequestMeta(), record_view=False
    )
    applications = await jobs.applications_of_candidate(session, candidate_id)
    job_list = {a.job_id: await jobs.get_job(session, a.job_id) for a in applications}
    by_application: dict[uuid.UUID, list[Any]] = {}
    for interview in await interviews.interviews_of_candidate(session, candidate_id):
        by_application.setdefault(interview.application_id, []).append(interview)
    lines = []
    for application in applications:
        job = job_list[application.job_id]
        status, next_action = _status(application, job.applications_closed)
        found = [
            await _interview_line(session, env, i, now, tz_name)
            for i in by_application.get(application.id, [])
        ]
        active = next((i for i in found if i.action_url), None)
        if active is not None:
            status, next_action = active.words, f"{active.action_text}."
        lines.append(
            ApplicationLine(
                job_title=job.title,
                applied=label(application.applied_at, zone(tz_name)),
                status=status,
                next_action=next_action,
                interviews=found,
            )
        )
    pending = await portal.open_request_of(session, candidate_id)
    return PortalPage(candidate_name(candidate), lines, pending is not None)


async def request_deletion(
    session: AsyncSession, candidate_id: uuid.UUID, *, now: datetime, meta: RequestMeta
) -> bool:
    """Open the candidate's deletion request (audited); False when one is already open."""
    await candidates.get_candidate(
        session, candidate_id, actor_id=None, meta=meta, record_view=False
    )
    request, created = await portal.request_deletion(session, candidate_id, now)
    if created:
        await record_activity(
            session,
            user_id=None,
            action=AuditAction.UPDATE,
            entity_type=EntityType.CANDIDATE,
            entity_id=candidate_id,
            new={"deletion_requested": True, "request_id": str(request.id)},
            meta=meta,
        )
    return created


async def application_received(
    session: AsyncSession, env: Env, application: Any, *, now: datetime
) -> None:
    """Tell a careers applicant that their application arrived (with their portal link)."""
    candidate = await candidates.get_candidate(
        session, application.candidate_id, actor_id=None, meta=RequestMeta(), record_view=False
    )
    email = candidate_email(candidate)
    if email is None:
        return
    job = await jobs.get_job(session, application.job_id)
    mail = messages.application_received(
        env,
        application_id=application.id,
        candidate_id=candidate.id,
        candidate_name=candidate.first_name,
        email=email,
        job_title=job.title,
        now=now,
    )
    await outbox.enqueue(session, [mail], now=now)


async def _addressees(session: AsyncSession, candidate_ids: list[uuid.UUID]) -> dict[Any, Any]:
    """The candidates a decision concerns, read as the system role and only for the e-mail:
    a junior on the job's team may decide on an applicant not assigned to them (RLS hides
    the profile from them), and the applicant is still told. The caller's identity is put
    back at once."""
    previous = session.info.get(ACTOR_KEY, ANONYMOUS)
    await switch_actor(session, SYSTEM)
    try:
        return await candidates.candidates_by_ids(session, candidate_ids)
    finally:
        await switch_actor(session, previous)


async def status_changed(
    session: AsyncSession, env: Env, application: Any, *, now: datetime
) -> bool:
    """After a recruiter's decision: a kind e-mail when the application was rejected or
    withdrawn, unless the job turned such e-mails off. True when one was written."""
    if application.shortlist_status not in messages.STATUS_KINDS:
        return False
    return await _status_mail(session, env, application, application.shortlist_status, now=now)


async def automatic_dropout(
    session: AsyncSession, env: Env, application: Any, reason: str, *, now: datetime
) -> bool:
    """After automation took a candidate out: the invitation ran out (``expired``: the
    candidate never answered, so nobody told them) or automation rejected them. A candidate
    who declined or cancelled did it themselves (and was answered then), and a no-show is
    recorded by a recruiter, who decides what to say: those get no automatic e-mail. Sent
    once per application and kind (the outbox drops a repeated key). True when one was
    handed to the outbox."""
    kind = messages.AUTOMATIC_KINDS.get(reason)
    if kind is None or application.shortlist_status not in ("rejected", "withdrawn"):
        return False
    return await _status_mail(session, env, application, kind, now=now)


async def job_finished(session: AsyncSession, env: Env, job_id: uuid.UUID, *, now: datetime) -> int:
    """The job is archived (hiring for it is over): everyone still waiting — pending, or in
    the buffer — hears that it is closed, once. Buffer candidates are never told while the
    job is live (they may still be promoted). Returns how many were handed to the outbox
    (once per application: the outbox drops a repeated key). A few queries whatever the
    number waiting: their profiles in one read, their e-mails in one write."""
    if not await portal.status_mail_on(session, job_id):
        return 0
    waiting = [
        application
        for application in await jobs.applications_of(session, job_id)
        if application.shortlist_status in ("pending", "buffer")
    ]
    if not waiting:
        return 0
    return await _status_mails(session, env, waiting, messages.CLOSED_KIND, now=now)


async def _status_mail(
    session: AsyncSession, env: Env, application: Any, status: str, *, now: datetime
) -> bool:
    if not await portal.status_mail_on(session, application.job_id):
        return False
    return await _status_mails(session, env, [application], status, now=now) > 0


async def _status_mails(
    session: AsyncSession, env: Env, applications: list[Any], status: str, *, now: datetime
) -> int:
    """E-mail ``status`` to the candidates of ``applications`` (all of one job)."""
    people = await _addressees(session, [a.candidate_id for a in applications])
    job = await jobs.get_job(session, applications[0].job_id)
    mails = []
    for application in applications:
        candidate = people.get(application.candidate_id)
        email = None if candidate is None else candidate_email(candidate)
        if candidate is None or email is None:
            continue
        mails.append(
            messages.status_changed(
                env,
                status,
                application_id=application.id,
                candidate_id=candidate.id,
                candidate_name=candidate.first_name,
                email=email,
                job_title=job.title,
                now=now,
            )
        )
    return await outbox.enqueue(session, mails, now=now)
