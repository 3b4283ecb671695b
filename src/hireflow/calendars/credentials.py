"""Re-encrypt every stored calendar credential under the newest key (``secrets rotate``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.calendars.models import CalendarConnection, OAuthState
from hireflow.kit.crypto import Keyring, TamperedSecret


@dataclass
class RotationReport:
    rotated: dict[str, int] = field(default_factory=dict)
    current: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(self.unreadable.values())


async def rotate_secrets(session: AsyncSession, keyring: Keyring) -> RotationReport:
    """Decrypt with whichever configured key wrote each secret, encrypt under the first.
    Needs the system actor (it reads every user's rows)."""
    report = RotationReport()
    tables: list[tuple[str, type[CalendarConnection] | type[OAuthState], str]] = [
        ("calendar_connections", CalendarConnection, "credentials"),
        ("calendar_oauth_states", OAuthState, "verifier"),
    ]
    for table, model, column in tables:
        rotated = current = unreadable = 0
        rows = (await session.scalars(select(model).with_for_update())).all()
        for row in rows:
            blob = getattr(row, column)
            if blob is None:
                continue
            try:
                if not keyring.needs_rotation(blob):
                    keyring.decrypt(blob)  # still check it authenticates
                    current += 1
                    continue
                setattr(row, column, keyring.encrypt(keyring.decrypt(blob)))
                rotated += 1
            except TamperedSecret:
                unreadable += 1
        report.rotated[table], report.current[table] = rotated, current
        report.unreadable[table] = unreadable
    await session.flush()
    return report


async def unreadable_secrets(session: AsyncSession, keyring: Keyring) -> dict[str, tuple[int, int]]:
    """Per table, (secrets stored, secrets no configured key decrypts); reads, changes nothing.
    Needs the system actor (``hireflow doctor``)."""
    found: dict[str, tuple[int, int]] = {}
    for table, column in (
        ("calendar_connections", CalendarConnection.credentials),
        ("calendar_oauth_states", OAuthState.verifier),
    ):
        blobs = (await session.scalars(select(column).where(column.is_not(None)))).all()
        unreadable = 0
        for blob in blobs:
            try:
                keyring.decrypt(blob or b"")
            except ValueError:  # TamperedSecret, or not one of our blobs at all
                unreadable += 1
        found[table] = (len(blobs), unreadable)
    return found
