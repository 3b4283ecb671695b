"""HTML pages: sign in and out, one's account, and user administration (admins).

The activity log page is the audit domain's (``audit/views.py``)."""

from __future__ import annotations

import secrets
import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from hireflow.auth import accounts, flows, invites, people, repository, sessions
from hireflow.auth.dependencies import (
    SESSION_COOKIE,
    CurrentUser,
    Meta,
    OptionalUser,
    allow_page,
    clock_of,
    instance_key,
    link_sender,
    public,
)
from hireflow.auth.dependencies import (
    login_redirect as _login_redirect,
)
from hireflow.auth.permissions import Action, Resource, is_allowed
from hireflow.auth.roles import Role
from hireflow.auth.schemas import UserInvite, UserUpdate
from hireflow.auth.tokens import WEB_SESSION_TTL
from hireflow.db.dependencies import DbSession
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.kit.errors import Forbidden, HireflowError
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "hf_login_csrf"


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str | None = None) -> Response:
    token = secrets.token_urlsafe(16)
    response = render(request, "auth/login.html", {"next": _safe_next(next), "form_token": token})
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        max_age=3600,
    )
    return response


@router.post("/login", response_class=HTMLResponse)
async def login_submit(
    request: Request,
    session: DbSession,
    meta: Meta,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    form_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, form_token):
        return render(
            request,
            "auth/login.html",
            {
                "error": "The sign-in form expired; please try again.",
                "next": _safe_next(next),
                "form_token": expected or secrets.token_urlsafe(16),
                "email": email,
            },
            status_code=403,
        )
    try:
        user = await sessions.authenticate(session, email, password, meta)
    except HireflowError as exc:
        if not exc.keep_changes:
            raise
        # Keep the failed-attempt counters: answer normally so the transaction commits.
        return render(
            request,
            "auth/login.html",
            {
                "error": exc.message,
                "next": _safe_next(next),
                "form_token": expected,
                "email": email,
            },
            status_code=exc.status_code,
        )
    issued = await sessions.start_session(session, instance_key(request), user, meta, web=True)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        issued.secret,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        max_age=int(WEB_SESSION_TTL.total_seconds()),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
async def logout(request: Request, session: DbSession, meta: Meta, user: OptionalUser) -> Response:
    if user is not None:
        await sessions.end_session(session, user.id, user.session_id, meta)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/account", response_class=HTMLResponse)
async def account_page(request: Request, user: OptionalUser) -> Response:
    if user is None:
        return _login_redirect(request)
    return render(request, "auth/account.html", {})


@router.post("/account/password", response_class=HTMLResponse)
async def account_password(
    request: Request,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    current_password: Annotated[str, Form()],
    new_password: Annotated[str, Form()],
) -> Response:
    if user is None:
        return _login_redirect(request)
    try:
        await accounts.change_own_password(
            session,
            user.user,
            current_password,
            new_password,
            session_id=user.session_id,
            meta=meta,
        )
    except HireflowError as exc:
        problems = exc.details if isinstance(exc.details, list) else []
        return render(
            request,
            "auth/account.html",
            {"error": exc.message, "problems": problems},
            status_code=exc.status_code,
        )
    return render(
        request,
        "auth/account.html",
        {"notice": "Password changed. Your other sessions were signed out."},
    )


def _require_admin(user: CurrentUser | None) -> CurrentUser:
    if user is None or not is_allowed(user.role, Action.VIEW, Resource.USER):
        raise Forbidden("Only admins can manage users.")
    return user


@router.get("/people/suggest")
async def people_suggestions(session: DbSession, user: OptionalUser, q: str = "") -> Response:
    """The colleague picker's matches (JSON for web/static/picker.js): active colleagues,
    for recruiters (who choose interviewers; seniors also assign and build hiring teams)."""
    allow_page(user, Action.VIEW, Resource.ASSIGNMENT)
    found = people.matching(await repository.list_users(session), q[:200])
    return JSONResponse({"options": [people.option(u) for u in found]})


@router.get("/admin/users", response_class=HTMLResponse)
async def users_page(request: Request, session: DbSession, user: OptionalUser) -> Response:
    if user is None:
        return _login_redirect(request)
    _require_admin(user)
    return render(
        request,
        "auth/users.html",
        {
            "users": await repository.list_users(session),
            "roles": list(Role),
        },
    )


_now = clock_of


@router.get("/welcome/{token}", response_class=HTMLResponse, dependencies=[public()])
async def welcome_page(request: Request, token: str) -> Response:
    try:
        invites.read_token(instance_key(request), token, _now(request))
    except HireflowError as exc:
        return render(request, "auth/welcome.html", {"refused": exc.message}, status_code=410)
    return render(request, "auth/welcome.html", {"token": token})


@router.post("/welcome/{token}", response_class=HTMLResponse, dependencies=[public()])
async def welcome_submit(
    request: Request,
    token: str,
    session: DbSession,
    meta: Meta,
    password: Annotated[str, Form()],
    password_again: Annotated[str, Form()],
) -> Response:
    if password != password_again:
        context = {"token": token, "error": "The two passwords differ."}
        return render(request, "auth/welcome.html", context, status_code=422)
    await switch_actor(session, SYSTEM)
    try:
        async with session.begin_nested():
            await invites.set_password_from_link(
                session, instance_key(request), token, password, now=_now(request), meta=meta
            )
    except invites.InviteRefused as exc:
        return render(request, "auth/welcome.html", {"refused": exc.message}, status_code=410)
    except HireflowError as exc:
        details = getattr(exc, "details", None)
        error = exc.message + (" " + " ".join(map(str, details)) if details else "")
        context = {"token": token, "error": error}
        return render(request, "auth/welcome.html", context, status_code=exc.status_code)
    return RedirectResponse("/login", status_code=303)


@router.post("/admin/users", response_class=HTMLResponse)
async def users_create(
    request: Request,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    email: Annotated[str, Form()],
    first_name: Annotated[str, Form()],
    last_name: Annotated[str, Form()],
    role: Annotated[Role, Form()],
) -> Response:
    admin = _require_admin(user)
    context: dict[str, object] = {"roles": list(Role)}
    try:
        created = await flows.invite_user(
            session,
            UserInvite(email=email, first_name=first_name, last_name=last_name, role=role),
            inviter=admin.user,
            sender=link_sender(request),
            meta=meta,
        )
        context["notice"] = (
            f"Created {created.email}. An invitation with a link to choose a password is on "
            "its way by e-mail."
        )
    except (HireflowError, ValueError) as exc:
        context["error"] = getattr(exc, "message", str(exc))
    context["users"] = await repository.list_users(session)
    return render(request, "auth/users.html", context)


@router.post("/admin/users/{user_id}", response_class=HTMLResponse)
async def users_update(
    request: Request,
    user_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    operation: Annotated[str, Form()],
    role: Annotated[Role | None, Form()] = None,
) -> Response:
    admin = _require_admin(user)
    context: dict[str, object] = {"roles": list(Role)}
    try:
        if operation == "reset_password":
            target = await flows.reset_password(
                session,
                user_id,
                admin=admin.user,
                sender=link_sender(request),
                meta=meta,
            )
            context["notice"] = (
                f"{target.email} is signed out everywhere; a link to choose a new password is "
                "on its way by e-mail."
            )
        else:
            change = {
                "deactivate": UserUpdate(is_active=False),
                "activate": UserUpdate(is_active=True),
                "set_role": UserUpdate(role=role),
            }.get(operation)
            if change is None:
                raise Forbidden("Unknown operation.")
            target = await accounts.update_user(
                session, user_id, change, actor_id=admin.id, meta=meta
            )
            context["notice"] = f"Updated {target.email}."
    except HireflowError as exc:
        context["error"] = exc.message
    context["users"] = await repository.list_users(session)
    return render(request, "auth/users.html", context)
