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
