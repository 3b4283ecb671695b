"""The recruiter's calendar settings page, the Google redirect flow, and the ICS feed."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hireflow.auth.dependencies import CurrentUser, OptionalUser, allow_page, public
from hireflow.auth.permissions import Action, Resource
from hireflow.calendars import connections, repository, service
from hireflow.calendars.providers.ics import feed_token, feed_user
from hireflow.calendars.schemas import ProviderKind
from hireflow.config import Settings
from hireflow.db.dependencies import DbSession
from hireflow.db.session import Actor, switch_actor
from hireflow.kit.errors import HireflowError, NotFound
from hireflow.kit.time import utcnow
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = "/account/calendar"
COMMON_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _callback_url(request: Request) -> str:
    return f"{_settings(request).base_url.rstrip('/')}{PAGE}/google/callback"


async def _page(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    settings = _settings(request)
    connection = await repository.connection_of(session, user.id)
    token = feed_token(request.app.state.secret_key, user.id)
    return render(
        request,
        "calendars/settings.html",
        {
            "connection": connection,
            "events": (await service.event_states(session, user.id))[-20:],
            "google_available": connections.google_client(settings) is not None,
            "sync_enabled": await service.sync_enabled(session),
            "feed_url": f"{settings.base_url.rstrip('/')}/calendar/feed/{token}.ics",
            "zones": COMMON_ZONES,
            "notice": notice,
            "error": error,
        },
        status_code=status_code,
    )


@router.get(PAGE, response_class=HTMLResponse)
async def calendar_page(
    request: Request, session: DbSession, user: OptionalUser, notice: str | None = None
) -> Response:
    current = allow_page(user, Action.VIEW, Resource.OWN_ACCOUNT)
    return await _page(request, session, current, notice=notice)


@router.post(f"{PAGE}/caldav", response_class=HTMLResponse)
async def connect_caldav(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    url: Annotated[str, Form()],
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    zone: Annotated[str, Form()] = "UTC",
    calendar_url: Annotated[str, Form()] = "",
) -> Response:
    current = allow_page(user, Action.UPDATE, Resource.OWN_ACCOUNT)
    try:
        await connections.connect_caldav(
            session,
            current.id,
            url=url,
            username=username,
            password=password,
            zone=zone.strip(),
            calendar_url=calendar_url.strip() or None,
            settings=_settings(request),
            now=utcnow(),
        )
    except HireflowError as exc:
        return await _page(
            request, session, current, error=exc.message, status_code=exc.status_code
        )
    return RedirectResponse(f"{PAGE}?notice=CalDAV+calendar+connected.", status_code=303)


@router.post(f"{PAGE}/local", response_class=HTMLResponse)
async def use_local_calendar(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    kind: Annotated[str, Form()],
    zone: Annotated[str, Form()] = "UTC",
) -> Response:
    current = allow_page(user, Action.UPDATE, Resource.OWN_ACCOUNT)
    try:
        chosen = ProviderKind(kind)
        await connections.connect_local(
            session, current.id, kind=chosen, zone=zone.strip(), now=utcnow()
        )
    except ValueError:
        return await _page(
            request, session, current, error="Pick the ICS feed or manual.", status_code=400
        )
    except HireflowError as exc:
        return await _page(
            request, session, current, error=exc.message, status_code=exc.status_code
        )
    return RedirectResponse(f"{PAGE}?notice=Calendar+choice+saved.", status_code=303)


@router.post(f"{PAGE}/google", response_class=HTMLResponse)
async def start_google(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    zone: Annotated[str, Form()] = "UTC",
) -> Response:
    current = allow_page(user, Action.UPDATE, Resource.OWN_ACCOUNT)
    try:
        target = await connections.start_google(
            session,
            current.id,
            zone=zone.strip(),
            redirect_uri=_callback_url(request),
            settings=_settings(request),
            now=utcnow(),
        )
    except HireflowError as exc:
        return await _page(
            request, session, current, error=exc.message, status_code=exc.status_code
        )
    return RedirectResponse(target, status_code=303)


@router.get(f"{PAGE}/google/callback", response_class=HTMLResponse)
async def google_callback(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    state: str = "",
    code: str = "",
    error: str = "",
) -> Response:
    current = allow_page(user, Action.UPDATE, Resource.OWN_ACCOUNT)
    if error or not code:
        message = "Google did not grant access" + (f" ({error[:60]})." if error else ".")
        return await _page(request, session, current, error=message, status_code=400)
    settings = _settings(request)
    try:
        async with httpx.AsyncClient(timeout=settings.calendar_timeout_seconds) as http:
            await connections.finish_google(
                session,
                current.id,
                state=state,
                code=code,
                redirect_uri=_callback_url(request),
                settings=settings,
                http=http,
                now=utcnow(),
            )
    except HireflowError as exc:
        return await _page(
            request, session, current, error=exc.message, status_code=exc.status_code
        )
    return RedirectResponse(f"{PAGE}?notice=Google+Calendar+connected.", status_code=303)


@router.post(f"{PAGE}/disconnect", response_class=HTMLResponse)
async def disconnect(request: Request, session: DbSession, user: OptionalUser) -> Response:
    current = allow_page(user, Action.UPDATE, Resource.OWN_ACCOUNT)
    try:
        await connections.disconnect(session, current.id)
    except HireflowError as exc:
        return await _page(
            request, session, current, error=exc.message, status_code=exc.status_code
        )
    return RedirectResponse(f"{PAGE}?notice=Calendar+disconnected.", status_code=303)


@router.get("/calendar/feed/{token}.ics", dependencies=[public()])
async def calendar_feed(request: Request, token: str, session: DbSession) -> Response:
    """A recruiter's interviews as a subscribable calendar (the signed token is the key)."""
    user_id = feed_user(request.app.state.secret_key, token)
    if user_id is None:
        raise NotFound("No such calendar feed.")
    await switch_actor(session, Actor(user_id=user_id))
    body = await service.feed_ics(session, user_id, name="hireflow interviews")
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )
