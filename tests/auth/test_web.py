"""Web sign-in with a cookie session, and CSRF protection of cookie-authenticated forms."""

from __future__ import annotations

import re

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.dependencies import SESSION_COOKIE
from hireflow.auth.roles import Role
from tests.factories import PASSWORD, make_user


async def _web_login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    page = await client.get("/login")
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert token
    return await client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "form_token": token.group(1),
            "next": "/account",
        },
    )


async def test_web_login_sets_http_only_cookie_and_csrf_guards_forms(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.SENIOR)
    response = await _web_login(client, user.email, PASSWORD)
    assert response.status_code == 303 and response.headers["location"] == "/account"
    cookie = response.headers["set-cookie"]
    assert SESSION_COOKIE in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie

    account = await client.get("/account")
    assert account.status_code == 200 and user.email in account.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', account.text)
    assert csrf

    forged = await client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "another strong phrase 8"},
    )
    assert forged.status_code == 403
    wrong = await client.post(
        "/account/password",
        data={
            "csrf_token": "0" * 64,
            "current_password": PASSWORD,
            "new_password": "another strong phrase 8",
        },
    )
    assert wrong.status_code == 403
    good = await client.post(
        "/account/password",
        data={
            "csrf_token": csrf.group(1),
            "current_password": PASSWORD,
            "new_password": "another strong phrase 8",
        },
    )
    assert good.status_code == 200 and "Password changed" in good.text

    out = await client.post("/logout", data={"csrf_token": csrf.group(1)})
    assert out.status_code == 303
    assert (await client.get("/account")).status_code == 303


async def test_login_form_without_its_token_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.JUNIOR)
    response = await client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


async def test_failed_web_login_shows_a_message(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.JUNIOR)
    response = await _web_login(client, user.email, "wrong wrong wrong")
    assert response.status_code == 401
    assert "incorrect" in response.text


async def test_admin_pages_are_for_admins(client: httpx.AsyncClient, session: AsyncSession) -> None:
    junior = await make_user(session, Role.JUNIOR)
    assert (await client.get("/admin/users")).status_code == 303
    await _web_login(client, junior.email, PASSWORD)
    assert (await client.get("/admin/users", headers={"accept": "text/html"})).status_code == 403


async def test_admin_reads_the_activity_log_page(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, Role.ADMIN)
    await _web_login(client, admin.email, PASSWORD)
    page = await client.get("/admin/activity", params={"entity_type": "session"})
    assert page.status_code == 200
    assert "login" in page.text
    users = await client.get("/admin/users")
    assert users.status_code == 200 and admin.email in users.text
