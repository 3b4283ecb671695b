"""The candidate's pages behind a signed link (no account, no JavaScript needed): the
invitation (accept / decline with a reason), picking a time (held briefly, then confirmed),
and changing or cancelling a booked interview. A refused link gets a friendly page.

The JSON twins under ``/api/i/…`` serve the same steps (a taken slot answers 409 with
fresh slots in ``error.details.slots``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.dependencies import public
from hireflow.automation import service as automation
from hireflow.automation.service import Flag, Trigger
from hireflow.db.dependencies import DbSession
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import attendance, flows
from hireflow.interviews import service as interviews
from hireflow.interviews.availability import Interval, describe, label, zone
from hireflow.interviews.lifecycle import Status
from hireflow.interviews.links import (
    LinkRefused,
    Purpose,
    check_current,
    interview_of,
    read_token,
)
from hireflow.interviews.messages import Env
from hireflow.interviews.models import Interview
from hireflow.kit.errors import BadRequest, HireflowError, NotFound
from hireflow.kit.time import utcnow
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[public()])
api = APIRouter(prefix="/api/i", tags=["candidate links"], dependencies=[public()])

COMMON_ZONES = (
    "UTC", "Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Warsaw",
    "Europe/Istanbul", "Africa/Lagos", "Africa/Johannesburg", "Asia/Dubai", "Asia/Kolkata",
    "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
    "Pacific/Chatham", "America/St_Johns", "America/Halifax", "America/New_York",
    "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo",
)  # fmt: skip


def now_of(request: Request) -> datetime:
    """The app's clock (tests inject one as ``app.state.clock``)."""
    clock: Callable[[], datetime] | None = getattr(request.app.state, "clock", None)
    return clock() if clock else utcnow()


def env_of(request: Request) -> Env:
    return Env(request.app.state.settings, request.app.state.secret_key)


async def _open(
    request: Request, session: AsyncSession, token: str, purpose: Purpose | None = None
) -> Interview:
    """The interview a genuine, current link is for (acting as the system from here on)."""
    claim = read_token(request.app.state.secret_key, token, now_of(request))
    await switch_actor(session, SYSTEM)
    try:
        interview = await interviews.get_interview(session, claim.interview_id)
    except NotFound:
        raise LinkRefused("gone", "This interview no longer exists.") from None
    check_current(claim, interview.link_version)
    if purpose is not None and claim.purpose != purpose:
        raise LinkRefused("wrong", "This link is meant for another step.")
    request.state.link_purpose = claim.purpose
    return interview


open_link = _open  # the link check, shared with the negotiation chat's pages


_SPENT = {
    Purpose.RESPOND: "You have already answered this invitation",
    Purpose.SCHEDULE: "There is no time to pick or change for this interview any more",
    Purpose.ATTEND: "This interview is not booked any more",
}


_LIVE = {
    Purpose.RESPOND: frozenset({Status.INVITATION_SENT}),
    Purpose.SCHEDULE: frozenset({Status.CONFIRMED, Status.SLOT_SELECTION, Status.SCHEDULED}),
    Purpose.ATTEND: frozenset({Status.SCHEDULED}),
}


def _spent(purpose: Purpose, interview: Interview) -> LinkRefused:
    return LinkRefused("used", f"{_SPENT[purpose]} (it is {interview.status.replace('_', ' ')}).")


async def _contact(session: AsyncSession, interview: Interview | None) -> str | None:
    if interview is None or interview.recruiter_user_id is None:
        return None
    try:
        return (await flows.party(session, interview.recruiter_user_id)).email
    except HireflowError:
        return None


async def refused_page(
    request: Request, session: AsyncSession, exc: LinkRefused, token: str | None
) -> Response:
    interview = None
    interview_id = interview_of(request.app.state.secret_key, token) if token else None
    if interview_id is not None:  # an expired or used (but genuine) link says whom to ask
        await switch_actor(session, SYSTEM)
        try:
            interview = await interviews.get_interview(session, interview_id)
        except NotFound:
            interview = None
    status = 400 if exc.reason == "tampered" else 410
    return render(
        request,
        "interviews/link_refused.html",
        {
            "reason": exc.reason,
            "message": exc.message,
            "contact": await _contact(session, interview),
            "company": request.app.state.settings.company_name,
        },
        status_code=status,
    )


def _zone_of(interview: Interview, asked: str | None) -> str:
    if asked:
        try:
            return zone(asked).key
        except HireflowError:
            pass
    return interview.candidate_zone or "UTC"


def _days(slots: list[Interval], tz_name: str) -> list[tuple[str, list[dict[str, str]]]]:
    tz = zone(tz_name)
    days: dict[str, list[dict[str, str]]] = {}
    for slot in slots:
        local = slot.start.astimezone(tz)
        days.setdefault(f"{local:%A %d %B %Y}", []).append(
            {
                "value": slot.start.isoformat(),
                "label": f"{local:%H:%M}–{slot.end.astimezone(tz):%H:%M}",
            }
        )
    return list(days.items())


async def _page(
    request: Request,
    session: AsyncSession,
    token: str,
    interview: Interview,
    *,
    tz_name: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    now = now_of(request)
    tz_name = _zone_of(interview, tz_name)
    tz = zone(tz_name)
    purpose: Purpose = request.state.link_purpose
    job_title = await flows.job_title_of(session, interview.job_id)
    context: dict[str, Any] = {
        "token": token,
        "interview": interview,
        "job_title": job_title,
        "company": request.app.state.settings.company_name,
        "zone": tz_name,
        "zones": sorted({*COMMON_ZONES, tz_name}),
        "error": error,
        "contact": await _contact(session, interview),
        "label": lambda moment: label(moment, tz),
    }
    if interview.status not in _LIVE[purpose]:
        raise _spent(purpose, interview)
    if purpose == Purpose.RESPOND:
        return render(request, "interviews/invitation.html", context, status_code=status_code)
    if purpose == Purpose.ATTEND:
        return render(request, "interviews/attend.html", context, status_code=status_code)
    held = await interviews.held_slot(session, interview, now)
    context["held"] = held
    context["chat"] = await automation.flag_on(session, Flag.NEGOTIATION_BOT)
    if interview.status != Status.SCHEDULED and held is None:
        context["days"] = _days(await flows.offer_slots(session, interview, now=now), tz_name)
    return render(request, "interviews/schedule.html", context, status_code=status_code)


@router.get("/i/{token}", response_class=HTMLResponse)
async def link_page(
    request: Request,
    token: str,
    session: DbSession,
    zone_name: Annotated[str | None, Query(alias="zone")] = None,
) -> Response:
    try:
        interview = await _open(request, session, token)
        if zone_name:
            await interviews.set_candidate_zone(session, interview, _zone_of(interview, zone_name))
        return await _page(request, session, token, interview, tz_name=zone_name)
    except LinkRefused as exc:
        return await refused_page(request, session, exc, token)


async def _act(
    request: Request, session: AsyncSession, token: str, purpose: Purpose, step: Any
) -> Response:
    """Run ``step(interview)`` for a POST from a candidate page; refusals get pages."""
    try:
        interview = await _open(request, session, token, purpose)
        if interview.status not in _LIVE[purpose]:
            raise _spent(purpose, interview)
        try:
            async with session.begin_nested():
                await step(interview)
        except interviews.SlotTaken as exc:
            interview = await interviews.get_interview(session, interview.id, fresh=True)
            return await _page(
                request, session, token, interview, error=exc.message, status_code=409
            )
        except HireflowError as exc:
            interview = await interviews.get_interview(session, interview.id, fresh=True)
            if interview.status in (
                Status.INVITATION_SENT,
                Status.CONFIRMED,
                Status.SLOT_SELECTION,
                Status.SCHEDULED,
            ):
                return await _page(
                    request,
                    session,
                    token,
                    interview,
                    error=exc.message,
                    status_code=exc.status_code,
                )
            raise _spent(purpose, interview) from None
    except LinkRefused as exc:
        return await refused_page(request, session, exc, token)
    return RedirectResponse(
        f"/i/{token}/done" if purpose == Purpose.RESPOND else f"/i/{token}", status_code=303
    )


@router.get("/i/{token}/done", response_class=HTMLResponse)
async def answered(request: Request, token: str, session: DbSession) -> Response:
    try:
        interview = await _open(request, session, token, Purpose.RESPOND)
    except LinkRefused as exc:
        return await refused_page(request, session, exc, token)
    return render(
        request,
        "interviews/answered.html",
        {
            "interview": interview,
            "company": request.app.state.settings.company_name,
            "job_title": await flows.job_title_of(session, interview.job_id),
        },
    )


@router.post("/i/{token}/accept", response_class=HTMLResponse)
async def accept(request: Request, token: str, session: DbSession) -> Response:
    env, now = env_of(request), now_of(request)
    return await _act(
        request, session, token, Purpose.RESPOND, lambda i: flows.accept(session, env, i, now=now)
    )


@router.post("/i/{token}/decline", response_class=HTMLResponse)
async def decline(
    request: Request,
    token: str,
    session: DbSession,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    env, now = env_of(request), now_of(request)
    return await _act(
        request,
        session,
        token,
        Purpose.RESPOND,
        lambda i: flows.decline(session, env, i, reason, now=now),
    )


def _start(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadRequest("Pick one of the times shown.") from None
    if moment.tzinfo is None:
        raise BadRequest("Pick one of the times shown.")
    return moment


@router.post("/i/{token}/hold", response_class=HTMLResponse)
async def hold(
    request: Request, token: str, session: DbSession, start: Annotated[str, Form()] = ""
) -> Response:
    now = now_of(request)
    return await _act(
        request,
        session,
        token,
        Purpose.SCHEDULE,
        lambda i: flows.book_slot(session, i, _start(start), now=now),
    )


@router.post("/i/{token}/confirm", response_class=HTMLResponse)
async def confirm(request: Request, token: str, session: DbSession) -> Response:
    env, now = env_of(request), now_of(request)
    return await _act(
        request,
        session,
        token,
        Purpose.SCHEDULE,
        lambda i: flows.confirm(session, env, i, now=now, trigger=Trigger.CANDIDATE),
    )


@router.post("/i/{token}/reschedule", response_class=HTMLResponse)
async def reschedule(request: Request, token: str, session: DbSession) -> Response:
    env, now = env_of(request), now_of(request)
    return await _act(
        request,
        session,
        token,
        Purpose.SCHEDULE,
        lambda i: flows.reschedule(session, env, i, now=now, trigger=Trigger.CANDIDATE),
    )


@router.post("/i/{token}/cancel", response_class=HTMLResponse)
async def cancel(
    request: Request,
    token: str,
    session: DbSession,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    env, now = env_of(request), now_of(request)
    return await _act(
        request,
        session,
        token,
        Purpose.SCHEDULE,
        lambda i: flows.cancel(
            session,
            env,
            i,
            now=now,
            trigger=Trigger.CANDIDATE,
            reason=reason or None,
            by_candidate=True,
        ),
    )


@router.get("/i/{token}/attend", response_class=HTMLResponse)
async def attend_page(request: Request, token: str, session: DbSession) -> Response:
    """The confirmation request's link: the booked time and one button (a GET never records
    anything, so a mail scanner opening the link confirms nothing)."""
    try:
        interview = await _open(request, session, token, Purpose.ATTEND)
        return await _page(request, session, token, interview)
    except LinkRefused as exc:
        return await refused_page(request, session, exc, token)


@router.post("/i/{token}/attend", response_class=HTMLResponse)
async def attend(request: Request, token: str, session: DbSession) -> Response:
    """The candidate confirms they will come (recorded once; lowers the no-show risk)."""
    env, now = env_of(request), now_of(request)
    result = await _act(
        request,
        session,
        token,
        Purpose.ATTEND,
        lambda i: attendance.confirm_attendance(session, env, i, now=now),
    )
    if isinstance(result, RedirectResponse):
        return RedirectResponse(f"/i/{token}/attend", status_code=303)
    return result


# ---- JSON -------------------------------------------------------------------------------
async def _open_live(request: Request, session: AsyncSession, token: str) -> Interview:
    interview = await _open(request, session, token, Purpose.SCHEDULE)
    if interview.status not in _LIVE[Purpose.SCHEDULE]:
        raise _spent(Purpose.SCHEDULE, interview)
    return interview


@api.get("/{token}/slots")
async def api_slots(request: Request, token: str, session: DbSession) -> dict[str, Any]:
    """The times this link's interview can be booked into (UTC and the candidate's zone)."""
    interview = await _open_live(request, session, token)
    slots = await flows.offer_slots(session, interview, now=now_of(request))
    tz = zone(interview.candidate_zone or "UTC")
    return {"status": interview.status, "slots": [describe(s, tz) for s in slots]}


@api.post("/{token}/hold")
async def api_hold(
    request: Request, token: str, session: DbSession, body: dict[str, str]
) -> dict[str, Any]:
    """Hold a time (409 ``slot_taken`` with fresh slots when it is gone)."""
    interview = await _open_live(request, session, token)
    expires = await flows.book_slot(
        session, interview, _start(body.get("start", "")), now=now_of(request)
    )
    return {"held_until": expires.isoformat()}


@api.post("/{token}/confirm")
async def api_confirm(request: Request, token: str, session: DbSession) -> dict[str, Any]:
    interview = await _open_live(request, session, token)
    booked = await flows.confirm(
        session, env_of(request), interview, now=now_of(request), trigger=Trigger.CANDIDATE
    )
    assert booked.scheduled_time is not None
    return {"status": booked.status, "start": booked.scheduled_time.isoformat()}
