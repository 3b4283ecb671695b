"""Write helpers shared by the domains' services."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.kit.errors import Conflict


async def flush_or_conflict(session: AsyncSession, message: str) -> None:
    """Flush pending changes; a unique-constraint clash becomes a 409 with ``message``.

    The flush runs in a savepoint, so the request's transaction stays usable afterwards.
    """
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise Conflict(message) from exc
