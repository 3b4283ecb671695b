"""Inviting a user e-mails a single-use link to choose a password (no password on screen)."""

from __future__ import annotations

import re

from hireflow.db.engine import Database
from hireflow.notifications import mail
from tests.factories import PASSWORD, SignedIn
from tests.interviews.conftest import World

WELCOME = re.compile(r"http://testserver(/welcome/[A-Za-z0-9_.\-]+)")


async def test_invited_user_sets_a_password_once_through_the_link(
    world: World, people: dict[str, SignedIn], test_database: Database
) -> None:
    created = await world.client.post(
        "/admin/users",
        data={
            "email": "new.hire@example.test",
            "first_name": "Nia",
            "last_name": "Newhire",
            "role": "junior_recruiter",
        },
        headers=people["admin"].headers,
    )
    assert created.status_code == 200
    assert "invitation" in created.text and "Temporary password" not in created.text
    results = await mail.deliver_due(test_database, world.config, now=world.clock.now)
    assert [r.status for r in results] == ["sent"]
    (invite,) = world.smtp.inbox.to("new.hire@example.test")
    body = invite.get_body(preferencelist=("plain",))
    assert body is not None
    found = WELCOME.search(str(body.get_content()))
    assert found, body.get_content()
    link = found.group(1)

    page = await world.client.get(link)
    assert page.status_code == 200 and "Choose your password" in page.text
    differ = await world.client.post(
        link, data={"password": "a-long-password-1", "password_again": "other"}
    )
    assert differ.status_code == 422 and "differ" in differ.text
    weak = await world.client.post(link, data={"password": "short", "password_again": "short"})
    assert weak.status_code == 422
    chosen = "Correct-Horse-Battery-9"
    done = await world.client.post(link, data={"password": chosen, "password_again": chosen})
    assert done.status_code == 303 and done.headers["location"] == "/login"
    login = await world.client.post(
        "/api/auth/login", json={"email": "new.hire@example.test", "password": chosen}
    )
    assert login.status_code == 200, login.text
    again = await world.client.post(link, data={"password": chosen, "password_again": chosen})
    assert again.status_code == 410 and "already used" in again.text
    tampered = await world.client.get(link[:-2] + "xx")
    assert tampered.status_code == 410 and "not valid" in tampered.text


async def test_the_api_invites_by_email_and_returns_no_secret(
    world: World, people: dict[str, SignedIn], test_database: Database
) -> None:
    created = await world.client.post(
        "/api/users",
        json={
            "email": "api.hire@example.test",
            "first_name": "Ari",
            "last_name": "Apihire",
            "role": "senior_recruiter",
        },
        headers=people["admin"].headers,
    )
    assert created.status_code == 201, created.text
    assert set(created.json()) == {"user", "invitation"}
    assert "password" not in str(created.json()["user"]) and "/welcome/" not in created.text
    results = await mail.deliver_due(test_database, world.config, now=world.clock.now)
    assert [r.status for r in results] == ["sent"]
    (invite,) = world.smtp.inbox.to("api.hire@example.test")
    body = invite.get_body(preferencelist=("plain",))
    assert body is not None
    found = WELCOME.search(str(body.get_content()))
    assert found, body.get_content()
    chosen = "Api-Invitee-Phrase-7"
    done = await world.client.post(
        found.group(1), data={"password": chosen, "password_again": chosen}
    )
    assert done.status_code == 303
    login = await world.client.post(
        "/api/auth/login", json={"email": "api.hire@example.test", "password": chosen}
    )
    assert login.status_code == 200, login.text


async def test_an_admin_reset_emails_a_link_and_shows_no_password(
    world: World, people: dict[str, SignedIn], test_database: Database
) -> None:
    junior = people["junior"]
    page = await world.client.post(
        f"/admin/users/{junior.user.id}",
        data={"operation": "reset_password"},
        headers=people["admin"].headers,
    )
    assert page.status_code == 200 and "on its way by e-mail" in page.text
    assert "Temporary password" not in page.text and "temporary password" not in page.text
    assert (await world.client.get("/api/auth/me", headers=junior.headers)).status_code == 401
    old = await world.client.post(
        "/api/auth/login", json={"email": junior.user.email, "password": PASSWORD}
    )
    assert old.status_code == 401, "the old password must stop working"
    results = await mail.deliver_due(test_database, world.config, now=world.clock.now)
    assert [r.status for r in results] == ["sent"]
    (reset,) = world.smtp.inbox.to(junior.user.email)
    assert "new password" in str(reset["Subject"]).lower()
    body = reset.get_body(preferencelist=("plain",))
    assert body is not None
    found = WELCOME.search(str(body.get_content()))
    assert found, body.get_content()
    chosen = "Fresh-Start-Phrase-42"
    done = await world.client.post(
        found.group(1), data={"password": chosen, "password_again": chosen}
    )
    assert done.status_code == 303
    login = await world.client.post(
        "/api/auth/login", json={"email": junior.user.email, "password": chosen}
    )
    assert login.status_code == 200, login.text
