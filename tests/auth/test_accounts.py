"""User administration by admins: create, roles, deactivation, and last-admin protection."""

from __future__ import annotations

import httpx
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.models import User
from hireflow.auth.roles import Role
from hireflow.db.session import SYSTEM, switch_actor
from tests.factories import PASSWORD, SignedIn


async def test_admin_invites_a_user_and_no_secret_comes_back(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    response = await client.post(
        "/api/users",
        headers=people["admin"].headers,
        json={
            "email": "New.Recruiter@Example.test",
            "first_name": "New",
            "last_name": "Recruiter",
            "role": "junior_recruiter",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["user"]["email"] == "new.recruiter@example.test"
    assert set(body) == {"user", "invitation"} and "e-mailed" in body["invitation"]
    assert "password" not in str(body["user"])
    await switch_actor(session, SYSTEM)
    queued = (
        (
            await session.execute(
                text("SELECT kind FROM email_outbox WHERE recipient = 'new.recruiter@example.test'")
            )
        )
        .scalars()
        .all()
    )
    assert queued == ["user_invite"]
    again = await client.post(
        "/api/users",
        headers=people["admin"].headers,
        json={
            "email": "new.recruiter@example.test",
            "first_name": "N",
            "last_name": "R",
            "role": "junior_recruiter",
        },
    )
    assert again.status_code == 409


async def test_an_admin_cannot_choose_the_invitees_password(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    response = await client.post(
        "/api/users",
        headers=people["admin"].headers,
        json={
            "email": "w@example.test",
            "first_name": "W",
            "last_name": "P",
            "role": "senior_recruiter",
            "password": "a chosen phrase 42",
        },
    )
    assert response.status_code == 422


async def test_weak_password_is_refused_with_reasons(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    response = await client.post(
        "/api/auth/password",
        headers=people["senior"].headers,
        json={"current_password": PASSWORD, "new_password": "aaaaaaaaaaaa"},
    )
    assert response.status_code == 422
    assert "Use more different characters." in response.json()["error"]["details"]


async def test_the_last_admin_cannot_be_demoted_or_deactivated(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    admin = people["admin"]
    # Make this the only active admin of the test database.
    await session.execute(
        update(User)
        .where(User.role == Role.ADMIN, User.id != admin.user.id)
        .values(is_active=False)
    )
    url = f"/api/users/{admin.user.id}"
    demote = await client.patch(url, headers=admin.headers, json={"role": "senior_recruiter"})
    assert demote.status_code == 409
    assert "last active admin" in demote.json()["error"]["message"]
    deactivate = await client.patch(url, headers=admin.headers, json={"is_active": False})
    assert deactivate.status_code == 409

    promoted = await client.patch(
        f"/api/users/{people['senior'].user.id}", headers=admin.headers, json={"role": "admin"}
    )
    assert promoted.status_code == 200
    assert (
        await client.patch(url, headers=admin.headers, json={"role": "senior_recruiter"})
    ).status_code == 200


async def test_deactivation_and_reset_end_sessions(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    junior = people["junior"]
    assert (await client.get("/api/auth/me", headers=junior.headers)).status_code == 200
    reset = await client.post(
        f"/api/users/{junior.user.id}/reset-password", headers=people["admin"].headers
    )
    assert reset.status_code == 200, reset.text
    assert set(reset.json()) == {"user", "reset"} and "password" not in str(reset.json()["user"])
    assert (await client.get("/api/auth/me", headers=junior.headers)).status_code == 401

    senior = people["senior"]
    off = await client.patch(
        f"/api/users/{senior.user.id}", headers=people["admin"].headers, json={"is_active": False}
    )
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert (await client.get("/api/auth/me", headers=senior.headers)).status_code == 401
