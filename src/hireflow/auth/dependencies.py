"""Who is calling: bearer access tokens (API) or the session cookie (web, with CSRF checks).

Every API route declares its permission with ``require(action, resource)`` or ``public()``;
a test walks all routes and fails on any route that declares neither.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from hireflow.audit.service import RequestMeta
from hireflow.auth import invites, repository, sessions, tokens
from hireflow.auth.models import User
from hireflow.auth.permissions import Action, Resource, is_allowed
from hireflow.db.dependencies import DbSession
from hireflow.db.session import Actor, switch_actor
from hireflow.kit.errors import Forbidden, Unauthenticated
from hireflow.kit.time import utcnow
from hireflow.web.templating import SignedInHeader

SESSION_COOKIE = "hf_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PERMISSION_MARKER = "__hireflow_permission__"


@dataclass(frozen=True)
class CurrentUser:
    user: User
    session_id: str
    via: Literal["bearer", "cookie"]

    @property
    def id(self) -> uuid.UUID:
        return self.user.id

    @property
    def role(self) -> str:
        return self.user.role


def clock_of(request: Request) -> datetime:
    """The app's clock (tests inject one as ``app.state.clock``)."""
    clock: Callable[[], datetime] | None = getattr(request.app.state, "clock", None)
    return clock() if clock else utcnow()


def instance_key(request: Request) -> bytes:
    key: bytes = request.app.state.secret_key
    return key


def link_sender(request: Request) -> invites.LinkSender:
    """The app's settings, key and clock for a set-password e-mail (invite, reset)."""
    return invites.LinkSender(request.app.state.settings, instance_key(request), clock_of(request))


def request_meta(request: Request) -> RequestMeta:
    return RequestMeta(
        ip_address=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
    )


Meta = Annotated[RequestMeta, Depends(request_meta)]


async def _check_csrf(request: Request, key: bytes, session_id: str) -> None:
    presented = request.headers.get(CSRF_HEADER)
    if presented is None and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        presented = value if isinstance(value, str) else None
    if not tokens.csrf_token_valid(key, session_id, presented):
        raise Forbidden("The form is out of date or was not sent by hireflow; reload the page.")


async def optional_user(request: Request, session: DbSession) -> CurrentUser | None:
    """Authenticate the request and make its user the transaction's RLS identity."""
    key = instance_key(request)
    header = request.headers.get("authorization", "")
    current: CurrentUser | None = None
    if header.lower().startswith("bearer "):
        claims = tokens.read_access_token(key, header[7:].strip())
        user = await repository.user_by_id(session, claims.user_id)
        if (
            user is None
            or not user.is_active
            or not await repository.session_is_active(session, user.id, claims.session_id)
        ):
            raise Unauthenticated("This session has ended; sign in again.")
        current = CurrentUser(user, claims.session_id, "bearer")
    elif cookie := request.cookies.get(SESSION_COOKIE):
        found = await sessions.web_session_user(session, cookie)
        if found is not None:
            current = CurrentUser(found[0], found[1], "cookie")
            if request.method in _UNSAFE:
                await _check_csrf(request, key, found[1])
    if current is not None:
        await switch_actor(session, Actor(current.id, current.role))
        request.state.current_user = current
        request.state.csrf_token = tokens.csrf_token(key, current.session_id)
        request.state.signed_in_header = SignedInHeader.of(
            current.id, current.role, current.user.first_name
        )
    return current


async def current_user(
    principal: Annotated[CurrentUser | None, Depends(optional_user)],
) -> CurrentUser:
    if principal is None:
        raise Unauthenticated("Sign in first.")
    return principal


def _plural(resource: Resource) -> str:
    noun = resource.value.replace("_", " ")
    return noun if noun.endswith("s") else noun + "s"


def require(action: Action, resource: Resource) -> Any:
    """Dependency: the signed-in user's role may do ``action`` on ``resource``."""

    async def check(user: Annotated[CurrentUser, Depends(current_user)]) -> CurrentUser:
        if not is_allowed(user.role, action, resource):
            raise Forbidden(f"Your role may not {action.value} {_plural(resource)}.")
        return user

    setattr(check, PERMISSION_MARKER, (action, resource))
    return Depends(check)


def public() -> Any:
    """Dependency marking a route as open to anyone (sign-in, candidate links)."""

    async def anyone() -> None:
        return None

    setattr(anyone, PERMISSION_MARKER, "public")
    return Depends(anyone)


def permission_of(dependency: Callable[..., Awaitable[Any]]) -> Any:
    return getattr(dependency, PERMISSION_MARKER, None)


# --- HTML pages --------------------------------------------------------------------------
OptionalUser = Annotated[CurrentUser | None, Depends(optional_user)]


def login_redirect(request: Request) -> RedirectResponse:
    """Send a signed-out visitor to the sign-in page, and back here afterwards."""
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


def allow_page(user: CurrentUser | None, action: Action, resource: Resource) -> CurrentUser:
    """The permission matrix for page actions (forms post with the session cookie)."""
    if user is None:
        raise Unauthenticated("Sign in first.")
    if not is_allowed(user.role, action, resource):
        raise Forbidden(f"Your role may not {action.value} {_plural(resource)}.")
    return user
