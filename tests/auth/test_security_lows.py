"""M3 and L10: password hashing off the event loop; permission messages spelled right."""

from __future__ import annotations

import threading

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth import passwords
from hireflow.auth.roles import Role
from tests.factories import PASSWORD, SignedIn, make_user


async def test_sign_in_verifies_the_password_off_the_event_loop(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await make_user(session, Role.SENIOR)
    seen: list[threading.Thread] = []
    real = passwords.verify_password

    def observed(password: str, stored_hash: str | None) -> bool:
        seen.append(threading.current_thread())
        return real(password, stored_hash)

    monkeypatch.setattr(passwords, "verify_password", observed)
    response = await client.post(
        "/api/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert seen and all(t is not threading.main_thread() for t in seen), (
        "argon2 ran on the event loop's thread: every other request waited for it"
    )


async def test_forbidden_messages_say_settings_not_settingss(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    response = await client.put(
        "/api/feature-flags/global_automation",
        headers=people["junior"].headers,
        json={"is_enabled": False},
    )
    assert response.status_code == 403
    message = response.json()["error"]["message"]
    assert "settings." in message and "settingss" not in message
