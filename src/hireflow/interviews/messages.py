"""The e-mails of the interview lifecycle, as outbox rows (rendered now, sent later).

Every row carries a re-check (``interview`` + the statuses it is still right for, and for
calendar mail the iCalendar SEQUENCE it was written for), so a cancelled interview gets no
reminder and an outdated confirmation is not sent after a newer one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hireflow.config import Settings
from hireflow.interviews import ics
from hireflow.interviews.availability import label, zone
from hireflow.interviews.links import (
    Purpose,
    link_expiry,
    make_portal_token,
    make_token,
    portal_expiry,
)
from hireflow.interviews.models import Interview
from hireflow.notifications.mail import render
from hireflow.notifications.outbox import Outgoing


@dataclass(frozen=True)
class Env:
    """What a flow needs besides the database: settings and the signing secret."""

    settings: Settings
    secret: bytes

    def url(self, path: str) -> str:
        return self.settings.base_url.rstrip("/") + path


@dataclass(frozen=True)
class Party:
    name: str
    email: str
    zone: str = "UTC"


def candidate_link(
    env: Env, interview: Interview, purpose: Purpose, now: datetime, valid_days: int
) -> str:
    start = interview.scheduled_time if purpose in (Purpose.SCHEDULE, Purpose.ATTEND) else None
    expires = link_expiry(now, valid_days, start)
    token = make_token(env.secret, interview.id, purpose, interview.link_version, expires)
    return env.url(f"/i/{token}")


def portal_link(env: Env, interview: Interview, now: datetime) -> str:
    """The candidate's portal (every application and interview of theirs)."""
    token = make_portal_token(env.secret, interview.candidate_id, portal_expiry(now))
    return env.url(f"/p/{token}")


def _base(env: Env, interview: Interview, job_title: str, recruiter: Party) -> dict[str, Any]:
    return {
        "company": env.settings.company_name,
        "job_title": job_title,
        "candidate_name": interview.candidate_name,
        "recruiter_name": recruiter.name,
        "recruiter_email": recruiter.email,
        "duration": interview.duration_minutes,
    }


def _candidate_zone(interview: Interview) -> str:
    return interview.candidate_zone or "UTC"


def _mail(
    kind: str,
    to: Party,
    context: dict[str, Any],
    interview: Interview,
    statuses: str,
    *,
    ics_text: str | None = None,
    ics_method: str | None = None,
    sequence: bool = False,
    lazy: bool = False,
) -> Outgoing:
    """``lazy``: keep the template values only (the sender renders them; bulk sweeps)."""
    value = f"{statuses}@{interview.ics_sequence}" if sequence else statuses
    rendered = None if lazy else render(kind, context)
    return Outgoing(
        kind=kind,
        recipient=to.email,
        subject=rendered.subject if rendered else "",
        text=rendered.text if rendered else "",
        html=rendered.html if rendered else "",
        context=context if lazy else None,
        ics=ics_text,
        ics_method=ics_method,
        check=("interview", interview.id, value),
        dedupe_key=f"{kind}:{interview.id}:{interview.version}:{to.email.lower()}",
    )


def invitation(
    env: Env,
    interview: Interview,
    job_title: str,
    recruiter: Party,
    *,
    promoted: bool,
    now: datetime,
    valid_days: int,
) -> Outgoing:
    assert interview.confirmation_deadline is not None and interview.candidate_email
    context = _base(env, interview, job_title, recruiter) | {
        "respond_url": candidate_link(env, interview, Purpose.RESPOND, now, valid_days),
        "portal_url": portal_link(env, interview, now),
        "deadline_label": label(interview.confirmation_deadline, zone(_candidate_zone(interview))),
    }
    candidate = Party(interview.candidate_name, interview.candidate_email)
    return _mail(
        "promoted" if promoted else "invitation", candidate, context, interview, "invitation_sent"
    )


def accepted(
    env: Env,
    interview: Interview,
    job_title: str,
    recruiter: Party,
    *,
    now: datetime,
    valid_days: int,
) -> Outgoing:
    assert interview.slot_selection_deadline is not None and interview.candidate_email
    context = _base(env, interview, job_title, recruiter) | {
        "schedule_url": candidate_link(env, interview, Purpose.SCHEDULE, now, valid_days),
        "portal_url": portal_link(env, interview, now),
        "deadline_label": label(
            interview.slot_selection_deadline, zone(_candidate_zone(interview))
        ),
    }
    candidate = Party(interview.candidate_name, interview.candidate_email)
    return _mail("accepted", candidate, context, interview, "confirmed,slot_selection")


def _calendar(
    interview: Interview,
    job_title: str,
    env: Env,
    recruiter: Party,
    panel: Sequence[Party],
    now: datetime,
    *,
    cancel: bool,
) -> str:
    assert interview.scheduled_time and interview.scheduled_end and interview.candidate_email
    return ics.invitation(
        interview_id=interview.id,
        sequence=interview.ics_sequence,
        stamp=now,
        start=interview.scheduled_time,
        end=interview.scheduled_end,
        zone_name=recruiter.zone,
        summary=f"Interview: {job_title} ({env.settings.company_name})",
        description=f"Interview with {interview.candidate_name} for {job_title}.",
        organizer=ics.Person(recruiter.name, recruiter.email),
        attendees=[
            ics.Person(interview.candidate_name, interview.candidate_email),
            *(ics.Person(p.name, p.email) for p in panel if p.email != recruiter.email),
        ],
        location=interview.meeting_link,
        cancel=cancel,
    )


def _everyone(interview: Interview, recruiter: Party, panel: Sequence[Party]) -> list[Party]:
    assert interview.candidate_email
    people = [
        Party(interview.candidate_name, interview.candidate_email, _candidate_zone(interview))
    ]
    people.append(recruiter)
    people.extend(p for p in panel if p.email != recruiter.email)
    return people


def scheduled_mail(
    kind: str,
    env: Env,
    interview: Interview,
    job_title: str,
    recruiter: Party,
    panel: Sequence[Party],
    *,
    now: datetime,
    valid_days: int,
) -> list[Outgoing]:
    """``confirmation`` (with the invite) or ``reminder`` to the candidate and the panel."""
    assert interview.scheduled_time is not None
    calendar = (
        _calendar(interview, job_title, env, recruiter, panel, now, cancel=False)
        if kind == "confirmation"
        else None
    )
    schedule_url = candidate_link(env, interview, Purpose.SCHEDULE, now, valid_days)
    mails = []
    for index, person in enumerate(_everyone(interview, recruiter, panel)):
        context = _base(env, interview, job_title, recruiter) | {
            "greeting_name": person.name,
            "when_label": label(interview.scheduled_time, zone(person.zone)),
            "schedule_url": schedule_url if index == 0 else None,
        }
        mails.append(
            _mail(
                kind,
                person,
                context,
                interview,
                "scheduled",
                ics_text=calendar,
                ics_method="REQUEST" if calendar else None,
                sequence=True,
                lazy=kind == "reminder",
            )
        )
    return mails


def reschedule(
    env: Env,
    interview: Interview,
    job_title: str,
    recruiter: Party,
    panel: Sequence[Party],
    previous_start: datetime,
    *,
    now: datetime,
    valid_days: int,
) -> list[Outgoing]:
    assert interview.slot_selection_deadline is not None
    schedule_url = candidate_link(env, interview, Purpose.SCHEDULE, now, valid_days)
    mails = []
    for index, person in enumerate(_everyone(interview, recruiter, panel)):
        tz = zone(person.zone)
        context = _base(env, interview, job_title, recruiter) | {
            "greeting_name": person.name,
            "previous_label": label(previous_start, tz),
            "deadline_label": label(interview.slot_selection_deadline, tz),
            "schedule_url": schedule_url if index == 0 else None,
        }
        mails.append(_mail("reschedule", person, context, interview, "slot_selection"))
    return mails


def cancellation(
    env: Env,
    interview: Interview,
    job_title: str,
    recruiter: Party,
    panel: Sequence[Party],
    *,
    was_booked: bool,
    reason: str | None,
    now: datetime,
) -> list[Outgoing]:
    """To everyone; a booked interview's mail carries ``METHOD:CANCEL``, SEQUENCE raised."""
    calendar = (
        _calendar(interview, job_title, env, recruiter, panel, now, cancel=True)
        if was_booked
        else None
    )
    mails = []
    people = _everyone(interview, recruiter, panel)
    for person in people:
        context = _base(env, interview, job_title, recruiter) | {
            "greeting_name": person.name,
            "when_label": label(interview.scheduled_time, zone(person.zone))
            if was_booked and interview.scheduled_time
            else None,
            "reason": reason,
            "ics_attached": calendar is not None,
        }
        mails.append(
            _mail(
                "cancellation",
                person,
                context,
                interview,
                "cancelled",
                ics_text=calendar,
                ics_method="CANCEL" if calendar else None,
            )
        )
    return mails


def buffer_empty(env: Env, job_id: str, job_title: str, recruiter: Party, key: str) -> Outgoing:
    rendered = render(
        "buffer_empty",
        {
            "company": env.settings.company_name,
            "job_title": job_title,
            "greeting_name": recruiter.name,
            "recruiter_email": recruiter.email,
            "job_url": env.url(f"/jobs/{job_id}"),
        },
    )
    return Outgoing(
        kind="buffer_empty",
        recipient=recruiter.email,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        dedupe_key=f"buffer_empty:{key}",
    )


def daily_summary(env: Env, recruiter: Party, rows: list[dict[str, Any]], day: str) -> Outgoing:
    rendered = render(
        "daily_summary",
        {
            "company": env.settings.company_name,
            "greeting_name": recruiter.name,
            "recruiter_email": recruiter.email,
            "rows": rows,
            "scheduled_today": sum(r["scheduled_today"] for r in rows),
            "awaiting": sum(r["awaiting"] for r in rows),
            "interviews_url": env.url("/interviews"),
        },
    )
    return Outgoing(
        kind="daily_summary",
        recipient=recruiter.email,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        dedupe_key=f"daily_summary:{recruiter.email.lower()}:{day}",
    )


def attendance(
    kind: str,
    env: Env,
    interview: Interview,
    job_title: str,
    recruiter: Party,
    *,
    now: datetime,
    valid_days: int = 7,
) -> Outgoing:
    """``attendance_request`` (sent when the risk turns high) or ``attendance_reminder`` (the
    extra reminder a few hours before): a signed link to say "I will be there", and the
    usual link to change or cancel. Worded as a courtesy, never as a judgement."""
    assert interview.scheduled_time is not None and interview.candidate_email
    context = _base(env, interview, job_title, recruiter) | {
        "greeting_name": interview.candidate_name,
        "when_label": label(interview.scheduled_time, zone(_candidate_zone(interview))),
        "attend_url": candidate_link(env, interview, Purpose.ATTEND, now, valid_days) + "/attend",
        "schedule_url": candidate_link(env, interview, Purpose.SCHEDULE, now, valid_days),
    }
    candidate = Party(interview.candidate_name, interview.candidate_email)
    return _mail(kind, candidate, context, interview, "scheduled", sequence=True)
