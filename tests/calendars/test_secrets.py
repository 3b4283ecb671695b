"""Credentials at rest: AES-256-GCM with key ids, rotation, tampering, and no leaks."""

from __future__ import annotations

import base64
import logging
import os
from pathlib import Path

import pytest
import structlog
import structlog.testing
from pydantic import SecretStr
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from hireflow.auth.roles import Role
from hireflow.calendars.credentials import rotate_secrets
from hireflow.calendars.models import CalendarConnection
from hireflow.config import Settings
from hireflow.kit.crypto import (
    Keyring,
    KeyringError,
    TamperedSecret,
    key_id_of,
    keyring_from_settings,
    parse_keys,
)
from tests.factories import make_user

KEY1 = base64.b64encode(b"1" * 32).decode()
KEY2 = base64.b64encode(os.urandom(32)).decode()
PASSWORD = "caldav-app-password-Zq81"


def keyring(spec: str) -> Keyring:
    return Keyring(parse_keys(spec))


async def test_rotation_write_under_key1_add_key2_rotate_drop_key1(
    session: AsyncSession,
) -> None:
    users = [await make_user(session, Role.SENIOR) for _ in range(3)]
    first = keyring(f"k1:{KEY1}")
    for user in users:
        session.add(
            CalendarConnection(
                user_id=user.id,
                provider="caldav",
                zone="UTC",
                settings={"url": "https://dav.example.test/", "username": "u"},
                credentials=first.encrypt_json({"password": PASSWORD}),
            )
        )
    await session.flush()
    ids = [u.id for u in users]
    query = select(CalendarConnection).where(CalendarConnection.user_id.in_(ids))

    both = keyring(f"k2:{KEY2},k1:{KEY1}")  # key 2 added, newest first
    for row in (await session.scalars(query)).all():
        assert both.decrypt_json(row.credentials or b"")["password"] == PASSWORD
    report = await rotate_secrets(session, both)
    assert report.ok and report.rotated["calendar_connections"] >= 3
    again = await rotate_secrets(session, both)
    assert again.rotated["calendar_connections"] == 0

    only_new = keyring(f"k2:{KEY2}")  # key 1 removed
    for row in (await session.scalars(query)).all():
        assert key_id_of(row.credentials or b"") == "k2"
        assert only_new.decrypt_json(row.credentials or b"")["password"] == PASSWORD
    with pytest.raises(TamperedSecret):
        keyring(f"k1:{KEY1}").decrypt(row.credentials or b"")


def test_tampered_ciphertext_is_refused() -> None:
    ring = keyring(f"k1:{KEY1}")
    blob = bytearray(ring.encrypt(PASSWORD.encode()))
    for position in (len(blob) - 1, len(blob) - 20, 6):  # tag, body, nonce/header
        tampered = bytearray(blob)
        tampered[position] ^= 0x01
        with pytest.raises(TamperedSecret):
            ring.decrypt(bytes(tampered))
    relabelled = bytes(blob).replace(b"hf1.k1.", b"hf1.k2.", 1)
    with pytest.raises(TamperedSecret):
        keyring(f"k2:{KEY1}").decrypt(relabelled)  # same key, other id: header is authenticated
    assert ring.decrypt(bytes(blob)) == PASSWORD.encode()


def test_bad_key_configuration_is_explained() -> None:
    with pytest.raises(KeyringError, match="32 bytes"):
        keyring("k1:" + base64.b64encode(b"short").decode())
    with pytest.raises(KeyringError, match="duplicate"):
        keyring(f"k1:{KEY1},k1:{KEY2}")
    with pytest.raises(KeyringError, match="base64"):
        keyring("k1:not base64!!")


def test_default_key_is_derived_from_the_instance_secret(settings: Settings) -> None:
    derived = keyring_from_settings(settings)
    assert derived.current_id == "default"
    assert keyring_from_settings(settings).decrypt(derived.encrypt(b"x")) == b"x"
    configured = keyring_from_settings(
        settings.model_copy(update={"secret_keys": SecretStr(f"k2:{KEY2},k1:{KEY1}")})
    )
    assert configured.current_id == "k2"


def test_secrets_new_key_prints_a_usable_entry() -> None:
    from hireflow.cli import app

    result = CliRunner().invoke(app, ["secrets", "new-key", "k9"])
    assert result.exit_code == 0
    assert keyring(result.output.strip()).current_id == "k9"


async def test_no_password_in_logs_activity_or_errors(
    session: AsyncSession,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    """A refused CalDAV login: the password is in no log line, message or stored text."""
    from datetime import UTC, datetime

    from hireflow.calendars import connections
    from hireflow.calendars.providers.caldav import CaldavProvider
    from hireflow.kit.errors import HireflowError

    user = await make_user(session, Role.SENIOR)
    caplog.set_level(logging.DEBUG)
    provider = CaldavProvider(url="http://127.0.0.1:9/", username="u", password=PASSWORD)
    assert PASSWORD not in repr(provider)
    with structlog.testing.capture_logs() as captured, pytest.raises(HireflowError) as refused:
        await connections.connect_caldav(
            session,
            user.id,
            url="http://127.0.0.1:9/",
            username="u",
            password=PASSWORD,
            zone="UTC",
            settings=settings,
            now=datetime.now(UTC),
        )
    assert PASSWORD not in refused.value.message
    assert PASSWORD not in str(refused.value.__cause__ or "")
    assert PASSWORD not in caplog.text
    assert all(PASSWORD not in repr(entry) for entry in captured)
    dump = await session.scalar(
        text(
            "SELECT string_agg(coalesce(t::text, ''), ' ') FROM "
            "(SELECT row_to_json(a) AS t FROM activity_logs a "
            " UNION ALL SELECT row_to_json(n) FROM notifications n "
            " UNION ALL SELECT row_to_json(c) FROM calendar_connections c) rows"
        )
    )
    assert PASSWORD not in (dump or "")
