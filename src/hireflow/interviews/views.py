"""Recruiter pages: a job's interviews (status, deadlines, time left) with its interview
settings and filtered automation log, one's own interview list, one interview with its
actions (extend a deadline, reschedule, cancel, mark completed or no-show, resend), and
one's working hours."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth import accounts, people
from hireflow.auth.dependencies import CurrentUser, OptionalUser, allow_page
from hireflow.auth.permissions import Action, Resource
from hireflow.automation import service as automation
from hireflow.automation.service import Trigger
from hireflow.db.dependencies import DbSession
from hireflow.interviews import attendance, flows, panel
from hireflow.interviews import service as interviews
from hireflow.interviews.availability import Availability, format_hours, label, parse_hours, zone
from hireflow.interviews.candidate_views import env_of, now_of
from hireflow.interviews.lifecycle import Status, describe
from hireflow.interviews.models import Interview
from hireflow.jobs import service as jobs
from hireflow.kit.errors import BadRequest, HireflowError
from hireflow.noshow.service import BAND_WORDS
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)


def time_left(deadline: datetime | None, now: datetime) -> str:
    """``2 d 3 h`` / ``45 min`` / ``overdue``."""
    if deadline is None:
        return ""
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return "overdue"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {rest // 60} min" if hours else f"{max(rest // 60, 1)} min"


def _deadline(interview: Interview) -> datetime | None:
    if interview.status == Status.INVITATION_SENT:
        return interview.confirmation_deadline
    if interview.status in (Status.CONFIRMED, Status.SLOT_SELECTION):
        return interview.slot_selection_deadline
    return None


def risk_of(interview: Interview) -> dict[str, Any] | None:
    """The stored no-show risk of a scheduled interview, for the badge (words, not only a
    colour) and its reasons."""
    if interview.status != Status.SCHEDULED or not interview.no_show_band:
        return None
    return {
        "band": interview.no_show_band,
        "word": BAND_WORDS[interview.no_show_band],
        "score": f"{interview.no_show_risk:.2f}" if interview.no_show_risk is not None else "",
        "reasons": interview.no_show_reasons or [],
        "scored_by": interview.no_show_scored_by or "",
    }


def _rows(items: list[Interview], now: datetime, tz_name: str) -> list[dict[str, Any]]:
    tz = zone(tz_name)
    return [
        {
            "interview": i,
            "status": describe(i.status),
            "deadline": label(d, tz) if (d := _deadline(i)) else "",
            "left": time_left(_deadline(i), now),
            "when": label(i.scheduled_time, tz) if i.scheduled_time else "",
            "risk": risk_of(i),
            "needs_outcome": i.status == Status.SCHEDULED
            and i.scheduled_end is not None
            and i.scheduled_end <= now,
        }
        for i in items
    ]


@router.get("/interviews", response_class=HTMLResponse)
async def my_interviews(request: Request, session: DbSession, user: OptionalUser) -> Response:
    user = allow_page(user, Action.VIEW, Resource.JOB)
    now = now_of(request)
    mine = list(await interviews.interviews_of_recruiter(session, user.id))
    tz_name = (await interviews.availability_of(session, user.id)).zone
    return render(
        request,
        "interviews/mine.html",
        {
            "rows": _rows(mine, now, tz_name),
            "zone": tz_name,
            "risk_on": await attendance.enabled(session),
            "back": "/interviews",
        },
    )


@router.get("/interviews/availability", response_class=HTMLResponse)
async def availability_page(
    request: Request, session: DbSession, user: OptionalUser, saved: bool = False
) -> Response:
    user = allow_page(user, Action.UPDATE, Resource.OWN_ACCOUNT)
    current = await interviews.availability_of(session, user.id)
    return render(
        request,
        "interviews/availability.html",
        {"a": current, "hours": format_hours(current.windows), "saved": saved, "error": None},
    )


@router.post("/interviews/availability", response_class=HTMLResponse)
async def save_availability(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    zone_name: Annotated[str, Form(alias="zone")],
    hours: Annotated[str, Form()],
    days_off: Annotated[str, Form()] = "",
    meeting_minutes: Annotated[int, Form(ge=5, le=480)] = 60,
    buffer_before_minutes: Annotated[int, Form(ge=0, le=240)] = 0,
    buffer_after_minutes: Annotated[int, Form(ge=0, le=240)] = 0,
    min_notice_minutes: Annotated[int, Form(ge=0, le=20160)] = 120,
    horizon_days: Annotated[int, Form(ge=1, le=90)] = 14,
) -> Response:
    user = allow_page(user, Action.UPDATE, Resource.OWN_ACCOUNT)
    try:
        off = frozenset(date.fromisoformat(d.strip()) for d in days_off.split(",") if d.strip())
    except ValueError:
        off = None
    try:
        if off is None:
            raise BadRequest("Days off are dates like 2027-12-24, separated by commas.")
        availability = Availability(
            zone=zone(zone_name.strip()).key,
            windows=parse_hours(hours),
            days_off=off,
            meeting_minutes=meeting_minutes,
            buffer_before_minutes=buffer_before_minutes,
            buffer_after_minutes=buffer_after_minutes,
            min_notice_minutes=min_notice_minutes,
            horizon_days=horizon_days,
        )
    except BadRequest as exc:
        current = await interviews.availability_of(session, user.id)
        return render(
            request,
            "interviews/availability.html",
            {"a": current, "hours": hours, "saved": False, "error": exc.message},
            status_code=400,
        )
    await interviews.save_availability(session, user.id, availability)
    return RedirectResponse("/interviews/availability?saved=true", status_code=303)


@router.get("/jobs/{job_id}/interviews", response_class=HTMLResponse)
async def job_interviews(
    request: Request,
    job_id: uuid.UUID,
    session: DbSession,
    user: OptionalUser,
    action: str | None = None,
    trigger: str | None = None,
    error: str | None = None,
) -> Response:
    user = allow_page(user, Action.VIEW, Resource.JOB)
    job = await jobs.get_job(session, job_id)
    now = now_of(request)
    tz_name = (await interviews.availability_of(session, user.id)).zone
    log = await automation.filtered_log(
        session, job_id=job.id, action=action or None, trigger=trigger or None
    )
    return render(
        request,
        "interviews/job.html",
        {
            "job": job,
            "rows": _rows(list(await interviews.interviews_of_job(session, job.id)), now, tz_name),
            "settings": await interviews.job_settings(session, job.id),
            "log": log,
            "filter_action": action or "",
            "filter_trigger": trigger or "",
            "triggers": [t.value for t in Trigger],
            "zone": tz_name,
            "error": error,
            "risk_on": await attendance.enabled(session),
            "back": f"/jobs/{job.id}/interviews",
        },
    )


@router.post("/jobs/{job_id}/interviews/invite", response_class=HTMLResponse)
async def invite(
    request: Request, job_id: uuid.UUID, session: DbSession, user: OptionalUser
) -> Response:
    user = allow_page(user, Action.UPDATE, Resource.JOB)
    await flows.invite_shortlisted(
        session,
        env_of(request),
        job_id,
        now=now_of(request),
        trigger=Trigger.MANUAL,
        actor_id=user.id,
    )
    return RedirectResponse(f"/jobs/{job_id}/interviews", status_code=303)


@router.post("/jobs/{job_id}/interviews/settings", response_class=HTMLResponse)
async def save_settings(
    request: Request,
    job_id: uuid.UUID,
    session: DbSession,
    user: OptionalUser,
    confirmation_hours: Annotated[int, Form(ge=1, le=720)],
    slot_selection_hours: Annotated[int, Form(ge=1, le=720)],
    link_valid_days: Annotated[int, Form(ge=1, le=60)],
    hold_minutes: Annotated[int, Form(ge=1, le=120)],
) -> Response:
    user = allow_page(user, Action.UPDATE, Resource.JOB)
    job = await jobs.get_job(session, job_id)
    values = {
        "confirmation_hours": confirmation_hours,
        "slot_selection_hours": slot_selection_hours,
        "link_valid_days": link_valid_days,
        "hold_minutes": hold_minutes,
    }
    await interviews.save_job_settings(session, job.id, **values)
    await automation.log_action(
        session,
        job_id=job.id,
        action="interview_settings_changed",
        trigger=Trigger.MANUAL,
        actor_id=user.id,
        details=dict(values),
    )
    return RedirectResponse(f"/jobs/{job_id}/interviews", status_code=303)


@router.get("/interviews/{interview_id}", response_class=HTMLResponse)
async def interview_page(
    request: Request,
    interview_id: uuid.UUID,
    session: DbSession,
    user: OptionalUser,
    error: str | None = None,
) -> Response:
    user = allow_page(user, Action.VIEW, Resource.JOB)
    interview = await interviews.get_interview(session, interview_id)
    return await _detail(request, session, user, interview, error=error)


async def _detail(
    request: Request,
    session: AsyncSession,
    user: CurrentUser,
    interview: Interview,
    *,
    error: str | None = None,
    notice: str | None = None,
    status: int = 200,
    picked: str = "",
    choices: list[dict[str, str]] | None = None,
) -> Response:
    now = now_of(request)
    tz_name = (await interviews.availability_of(session, user.id)).zone
    log = await automation.filtered_log(session, job_id=interview.job_id, action="interview")
    members = await accounts.users_by_ids(session, list(interview.interviewer_ids))
    return render(
        request,
        "interviews/detail.html",
        {
            "row": _rows([interview], now, tz_name)[0],
            "interview": interview,
            "job_title": await flows.job_title_of(session, interview.job_id),
            "log": [e for e in log if (e.details or {}).get("interview_id") == str(interview.id)],
            "zone": tz_name,
            "error": error,
            "notice": notice,
            "risk_on": await attendance.enabled(session),
            "panel": [members[i] for i in interview.interviewer_ids if i in members],
            "panel_refusal": await panel.panel_refusal(session, interview, now),
            "panel_picked": picked,
            "panel_choices": choices or [],
        },
        status_code=status,
    )


@router.post("/interviews/{interview_id}/panel/add", response_class=HTMLResponse)
async def panel_add(
    request: Request,
    interview_id: uuid.UUID,
    session: DbSession,
    user: OptionalUser,
    user_id: Annotated[list[str] | None, Form()] = None,
    colleague: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Add an interviewer chosen with the person picker (an id, or the typed name)."""
    user = allow_page(user, Action.UPDATE, Resource.JOB)
    interview = await interviews.get_interview(session, interview_id)
    choice = people.choose(await accounts.list_users(session), user_id, colleague)
    member = choice.person
    if member is None:
        return await _detail(
            request,
            session,
            user,
            interview,
            error=choice.error,
            status=422,
            picked=colleague,
            choices=choice.options,
        )
    if member.id in interview.interviewer_ids:
        error = f"{member.full_name} is already on the interview panel."
        return await _detail(request, session, user, interview, error=error, status=409)
    members = [*interview.interviewer_ids, member.id]
    notice = f"{member.full_name} joined the panel."
    return await _change(request, session, user, interview, members, notice)


@router.post("/interviews/{interview_id}/panel/{member_id}/remove", response_class=HTMLResponse)
async def panel_remove(
    request: Request,
    interview_id: uuid.UUID,
    member_id: uuid.UUID,
    session: DbSession,
    user: OptionalUser,
) -> Response:
    user = allow_page(user, Action.UPDATE, Resource.JOB)
    interview = await interviews.get_interview(session, interview_id)
    if member_id == interview.recruiter_user_id:
        error = "The job's recruiter stays on the panel."
        return await _detail(request, session, user, interview, error=error, status=409)
    members = [i for i in interview.interviewer_ids if i != member_id]
    return await _change(request, session, user, interview, members, "Removed from the panel.")


async def _change(
    request: Request,
    session: AsyncSession,
    user: CurrentUser,
    interview: Interview,
    members: list[uuid.UUID],
    notice: str,
) -> Response:
    try:
        async with session.begin_nested():
            interview = await panel.change_panel(
                session, interview, members, now=now_of(request), actor_id=user.id
            )
    except HireflowError as exc:
        interview = await interviews.get_interview(session, interview.id, fresh=True)
        return await _detail(
            request, session, user, interview, error=exc.message, status=exc.status_code
        )
    return await _detail(request, session, user, interview, notice=notice)


_BACK = re.compile(r"/interviews|/jobs/[0-9a-f]{8}-[0-9a-f-]{27}/interviews")
ACTIONS = ("extend", "reschedule", "cancel", "completed", "no_show", "resend")


@router.post("/interviews/{interview_id}/{action}", response_class=HTMLResponse)
async def interview_action(
    request: Request,
    interview_id: uuid.UUID,
    action: str,
    session: DbSession,
    user: OptionalUser,
    hours: Annotated[int, Form()] = 24,
    reason: Annotated[str, Form(max_length=1000)] = "",
    back: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    user = allow_page(user, Action.UPDATE, Resource.JOB)
    if action not in ACTIONS:
        raise BadRequest(f"Unknown interview action {action!r}.")
    interview = await interviews.get_interview(session, interview_id)
    env, now = env_of(request), now_of(request)
    if action == "extend":
        await flows.extend_deadline(session, interview, hours, now=now, actor_id=user.id)
    elif action == "reschedule":
        await flows.reschedule(
            session, env, interview, now=now, trigger=Trigger.MANUAL, actor_id=user.id
        )
    elif action == "cancel":
        await flows.cancel(
            session,
            env,
            interview,
            now=now,
            trigger=Trigger.MANUAL,
            actor_id=user.id,
            reason=reason.strip() or None,
        )
    elif action == "resend":
        await flows.resend(session, env, interview, now=now, actor_id=user.id)
    else:
        await flows.record_outcome(
            session, env, interview, Status(action), now=now, actor_id=user.id
        )
    # The lists' one-click outcome buttons return to their list (only those two pages).
    target = back if _BACK.fullmatch(back) else f"/interviews/{interview_id}"
    return RedirectResponse(target, status_code=303)
