"""Authentication from the headers alone, for the upload gate (``web/limits.py``).

The route's own dependencies authenticate again, fully; this only makes sure nobody can
make the server read (and spool to disk) an upload without a live session.
"""

from __future__ import annotations

from typing import Literal

from starlette.requests import Request
from starlette.responses import Response

from hireflow.auth import repository, sessions, tokens
from hireflow.auth.dependencies import SESSION_COOKIE, CurrentUser, instance_key
from hireflow.db.session import unit_of_work
from hireflow.kit.errors import Unauthenticated
from hireflow.web import errors as web_errors


async def signed_in_or_refusal(request: Request) -> Response | None:
    """None for a request with a live bearer token or session cookie; else the 401 (or the
    sign-in redirect for a page)."""
    header = request.headers.get("authorization", "")
    cookie = request.cookies.get(SESSION_COOKIE)
    try:
        async with unit_of_work(request.app.state.database.runtime_sessions) as session:
            if header.lower().startswith("bearer "):
                claims = tokens.read_access_token(instance_key(request), header[7:].strip())
                live = await repository.session_is_active(
                    session, claims.user_id, claims.session_id
                )
            elif cookie:
                live = await sessions.web_session_user(session, cookie) is not None
            else:
                live = False
        if not live:
            raise Unauthenticated("Sign in first.")
    except Unauthenticated as exc:
        return await web_errors.hireflow_error(request, exc)
    return None


async def page_user(request: Request) -> None:
    """Put the signed-in user (from the session cookie or bearer token) on the request for an
    error page's header, when no route dependency did: an unknown URL, a rejected form."""
    if getattr(request.state, "current_user", None) is not None:
        return
    header = request.headers.get("authorization", "")
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie and not header.lower().startswith("bearer "):
        return
    key = instance_key(request)
    try:
        async with unit_of_work(request.app.state.database.runtime_sessions) as session:
            if header.lower().startswith("bearer "):
                claims = tokens.read_access_token(key, header[7:].strip())
                user = await repository.user_by_id(session, claims.user_id)
                live = user is not None and await repository.session_is_active(
                    session, claims.user_id, claims.session_id
                )
                found = (user, claims.session_id) if live and user is not None else None
                via: Literal["bearer", "cookie"] = "bearer"
            else:
                found = await sessions.web_session_user(session, cookie or "")
                via = "cookie"
    except Unauthenticated:
        return
    if found is not None and found[0].is_active:
        request.state.current_user = CurrentUser(found[0], found[1], via)
        request.state.csrf_token = tokens.csrf_token(key, found[1])
