"""Authentication from the headers alone, for the upload gate (``web/limits.py``).

The route's own dependencies authenticate again, fully; this only makes sure nobody can
make the server read (and spool to disk) an upload without a live session.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from hireflow.auth import repository, sessions, tokens
from hireflow.auth.dependencies import SESSION_COOKIE, instance_key
from hireflow.db.session import unit_of_work
from hireflow.kit.errors import Unauthenticated
from hireflow.web import errors as web_errors
from hireflow.web.templating import SignedInHeader


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
    """Put the signed-in user (session cookie or bearer token) in the request's header data
    for an error page, when no route dependency did: an unknown URL, a rejected form."""
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
                live = await repository.session_is_active(
                    session, claims.user_id, claims.session_id
                )
                found = (user, claims.session_id) if live and user is not None else None
            else:
                found = await sessions.web_session_user(session, cookie or "")
            if found is None or not found[0].is_active:
                return
            person = SignedInHeader.of(found[0].id, found[0].role, found[0].first_name)
    except Unauthenticated:
        return
    request.state.signed_in_header = person
    request.state.csrf_token = tokens.csrf_token(key, found[1])
