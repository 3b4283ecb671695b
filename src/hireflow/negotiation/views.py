"""The negotiation chat behind the candidate's signed scheduling link (plain forms, no JS
needed) and the recruiters' escalation queue (transcript + booking by hand)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.dependencies import OptionalUser, allow_page, public
from hireflow.auth.permissions import Action, Resource
from hireflow.db.dependencies import DbSession
from hireflow.interviews import service as interviews
from hireflow.interviews.availability import label, zone
from hireflow.interviews.candidate_views import env_of, now_of, open_link, refused_page
from hireflow.interviews.links import LinkRefused, Purpose
from hireflow.interviews.service import Interview
from hireflow.kit.errors import BadRequest, HireflowError
from hireflow.negotiation import flows
from hireflow.negotiation import service as negotiation
from hireflow.web.templating import render

candidate_router = APIRouter(include_in_schema=False, dependencies=[public()])
router = APIRouter(include_in_schema=False)


def _transcript(entries: list[dict[str, Any]], tz_name: str) -> list[dict[str, Any]]:
    tz = zone(tz_name)
    shown = []
    for entry in entries:
        proposals = [
            label(datetime.fromisoformat(start), tz) for start, _ in entry.get("proposals") or []
        ]
        shown.append({**entry, "labels": proposals})
    return shown


async def _chat_page(
    request: Request,
    session: AsyncSession,
    token: str,
    interview: Interview,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    found = await negotiation.negotiation_for_interview(session, interview.id)
    tz_name = interview.candidate_zone or "UTC"
    entries = _transcript(found.transcript if found else [], tz_name)
    last_bot = next((e for e in reversed(entries) if e.get("role") == "bot"), None)
    return render(
        request,
        "negotiation/chat.html",
        {
            "token": token,
            "interview": interview,
            "enabled": await flows.bot_enabled(session),
            "open": interview.status in flows.OPEN_STATUSES,
            "status": found.status if found else "active",
            "entries": entries,
            "choices": last_bot["labels"]
            if last_bot and found and found.status == "active"
            else [],
            "zone": tz_name,
            "error": error,
            "company": request.app.state.settings.company_name,
        },
        status_code=status_code,
    )


@candidate_router.get("/i/{token}/chat", response_class=HTMLResponse)
async def chat_page(request: Request, token: str, session: DbSession) -> Response:
    try:
        interview = await open_link(request, session, token, Purpose.SCHEDULE)
        return await _chat_page(request, session, token, interview)
    except LinkRefused as exc:
        return await refused_page(request, session, exc, token)


@candidate_router.post("/i/{token}/chat", response_class=HTMLResponse)
async def chat_message(
    request: Request,
    token: str,
    session: DbSession,
    message: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """The bot answers (its own 600-character and per-link rate limits apply)."""
    try:
        interview = await open_link(request, session, token, Purpose.SCHEDULE)
        if not await flows.bot_enabled(session) or interview.status not in flows.OPEN_STATUSES:
            return await _chat_page(request, session, token, interview, status_code=409)
        if not message.strip():
            return await _chat_page(
                request, session, token, interview, error="Please write when you can.",
                status_code=400,
            )  # fmt: skip
        try:
            async with session.begin_nested():
                outcome = await flows.chat(
                    session, env_of(request), request.app.state.settings, interview, message,
                    now=now_of(request),
                )  # fmt: skip
        except HireflowError as exc:
            fresh = await interviews.get_interview(session, interview.id, fresh=True)
            return await _chat_page(
                request, session, token, fresh, error=exc.message, status_code=exc.status_code
            )
    except LinkRefused as exc:
        return await refused_page(request, session, exc, token)
    target = f"/i/{token}" if outcome.kind == "booked" else f"/i/{token}/chat"
    return RedirectResponse(target, status_code=303)


# ---- recruiters ------------------------------------------------------------------------
async def _queue_page(
    request: Request, session: AsyncSession, *, error: str | None = None, status_code: int = 200
) -> Response:
    now = now_of(request)
    items = []
    for found in await negotiation.escalation_queue(session):
        interview = await interviews.get_interview(session, found.interview_id, fresh=True)
        tz_name = interview.candidate_zone or "UTC"
        tz = zone(tz_name)
        slots = []
        if interview.status in flows.OPEN_STATUSES:
            offered = await interviews.offer_slots(session, interview, now=now)
            slots = [
                {"value": s.start.isoformat(), "label": label(s.start, tz)} for s in offered[:20]
            ]
        items.append(
            {
                "negotiation": found,
                "interview": interview,
                "entries": _transcript(found.transcript, tz_name),
                "reason": (found.escalation_reason or "").replace("_", " "),
                "slots": slots,
                "zone": tz_name,
            }
        )
    return render(
        request, "negotiation/queue.html", {"items": items, "error": error},
        status_code=status_code,
    )  # fmt: skip


@router.get("/negotiations", response_class=HTMLResponse)
async def escalation_queue(request: Request, session: DbSession, user: OptionalUser) -> Response:
    allow_page(user, Action.VIEW, Resource.JOB)
    return await _queue_page(request, session)


@router.post("/negotiations/{negotiation_id}/book", response_class=HTMLResponse)
async def book_by_hand(
    request: Request,
    negotiation_id: uuid.UUID,
    session: DbSession,
    user: OptionalUser,
    start: Annotated[str, Form()] = "",
) -> Response:
    user = allow_page(user, Action.UPDATE, Resource.JOB)
    try:
        try:
            moment = datetime.fromisoformat(start)
        except ValueError:
            raise BadRequest("Pick one of the times shown.") from None
        if moment.tzinfo is None:
            raise BadRequest("Pick one of the times shown.")
        async with session.begin_nested():
            await flows.book_by_recruiter(
                session, env_of(request), negotiation_id, moment, now=now_of(request),
                user_id=user.id,
            )  # fmt: skip
    except HireflowError as exc:
        return await _queue_page(request, session, error=exc.message, status_code=exc.status_code)
    return RedirectResponse("/negotiations", status_code=303)
