"""Sign-in over the API: lockout, rate limits, refresh rotation and reuse, sign-out, passwords."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import bcrypt
import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth import repository
from hireflow.auth.models import RefreshToken, User
from hireflow.auth.roles import Role
from hireflow.auth.sessions import BAD_CREDENTIALS, MAX_FAILED_ATTEMPTS
from hireflow.config import Settings
from hireflow.db.engine import Database
from tests.factories import PASSWORD, make_user


@contextlib.asynccontextmanager
async def _client_from(
    settings: Settings, database: Database, address: str
) -> AsyncIterator[httpx.AsyncClient]:
    """The app as seen from another client address."""
    from hireflow.app import create_app

    app = create_app(settings, database=database, run_worker=False)
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as c,
        app.router.lifespan_context(app),
    ):
        yield c


async def _login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post("/api/auth/login", json={"email": email, "password": password})


async def test_login_returns_tokens_that_work(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.SENIOR)
    response = await _login(client, user.email.upper(), PASSWORD)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 900
    me = await client.get(
        "/api/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["email"] == user.email


async def test_unknown_email_and_wrong_password_look_the_same(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.JUNIOR)
    wrong = await _login(client, user.email, "not the password at all")
    unknown = await _login(client, "nobody@example.test", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"]["message"] == unknown.json()["error"]["message"] == BAD_CREDENTIALS


async def test_lockout_after_repeated_failures_holds_only_for_that_address(
    client: httpx.AsyncClient, session: AsyncSession, settings: Settings, test_database: Database
) -> None:
    user = await make_user(session, Role.JUNIOR)
    for _ in range(MAX_FAILED_ATTEMPTS):
        assert (await _login(client, user.email, "wrong password!!")).status_code == 401
    response = await _login(client, user.email, PASSWORD)
    assert response.status_code == 401, "the right password does not open it from this address"
    async with _client_from(settings, test_database, "198.51.100.7") as elsewhere:
        assert (await _login(elsewhere, user.email, PASSWORD)).status_code == 200
    locked = await session.scalar(select(User.locked_until).where(User.id == user.id))
    assert locked is None, "failures from one address never lock the account for everyone"


async def test_successful_sign_ins_never_count_toward_a_lock(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.SENIOR)
    statuses = [(await _login(client, user.email, PASSWORD)).status_code for _ in range(12)]
    assert statuses == [200] * 12


async def test_failures_for_an_unknown_account_are_refused_per_address(
    client: httpx.AsyncClient,
) -> None:
    statuses = [
        (await _login(client, "target@example.test", f"guess {i}")).status_code for i in range(7)
    ]
    assert statuses == [401] * 7


async def test_refresh_rotates_and_reuse_revokes_the_family(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.SENIOR)
    first = (await _login(client, user.email, PASSWORD)).json()
    second = await client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]

    replay = await client.post("/api/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401
    assert "already used" in replay.json()["error"]["message"]
    # The thief's replay ended the session for the legitimate holder too.
    after = await client.post("/api/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert after.status_code == 401
    me = await client.get(
        "/api/auth/me", headers={"Authorization": f"Bearer {rotated['access_token']}"}
    )
    assert me.status_code == 401
    active = await session.scalar(
        select(RefreshToken.id).where(
            RefreshToken.user_id == user.id, RefreshToken.status == "active"
        )
    )
    assert active is None


async def test_logout_and_logout_everywhere(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.JUNIOR)
    a = (await _login(client, user.email, PASSWORD)).json()
    b = (await _login(client, user.email, PASSWORD)).json()
    auth_a = {"Authorization": f"Bearer {a['access_token']}"}
    auth_b = {"Authorization": f"Bearer {b['access_token']}"}
    assert (await client.post("/api/auth/logout", headers=auth_a)).status_code == 204
    assert (await client.get("/api/auth/me", headers=auth_a)).status_code == 401
    assert (await client.get("/api/auth/me", headers=auth_b)).status_code == 200
    ended = await client.post("/api/auth/logout-all", headers=auth_b)
    assert ended.json() == {"sessions_ended": 1}
    assert (await client.get("/api/auth/me", headers=auth_b)).status_code == 401


async def test_password_change_revokes_other_sessions(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.SENIOR)
    mine = {
        "Authorization": f"Bearer {(await _login(client, user.email, PASSWORD)).json()['access_token']}"
    }
    other = {
        "Authorization": f"Bearer {(await _login(client, user.email, PASSWORD)).json()['access_token']}"
    }
    weak = await client.post(
        "/api/auth/password",
        headers=mine,
        json={"current_password": PASSWORD, "new_password": "short"},
    )
    assert weak.status_code == 422
    assert "Use at least 12 characters." in weak.json()["error"]["details"]
    changed = await client.post(
        "/api/auth/password",
        headers=mine,
        json={"current_password": PASSWORD, "new_password": "a brand new passphrase 7"},
    )
    assert changed.status_code == 204
    assert (await client.get("/api/auth/me", headers=mine)).status_code == 200
    assert (await client.get("/api/auth/me", headers=other)).status_code == 401
    assert (await _login(client, user.email, "a brand new passphrase 7")).status_code == 200


async def test_legacy_bcrypt_hash_is_upgraded_at_login(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.JUNIOR)
    legacy = bcrypt.hashpw(b"legacy passphrase 1", bcrypt.gensalt(rounds=4)).decode()
    await session.execute(update(User).where(User.id == user.id).values(password_hash=legacy))
    assert (await _login(client, user.email, "legacy passphrase 1")).status_code == 200
    stored = await repository.password_hash_of(session, user.id)
    assert stored is not None and stored.startswith("$argon2id$")
    assert (await _login(client, user.email, "legacy passphrase 1")).status_code == 200


async def test_deactivated_user_cannot_sign_in(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.JUNIOR)
    await session.execute(update(User).where(User.id == user.id).values(is_active=False))
    assert (await _login(client, user.email, PASSWORD)).status_code == 401
