"""Per-provider circuit breakers kept in PostgreSQL, so every worker sees the same state.

Closed while failures stay under the threshold; open (calls skipped) for a cool-down after
that; then half-open: the next call is tried, a success closes it, a failure opens it again.
Only availability failures count: a refused password is the connection's problem, not the
provider's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.calendars.models import Breaker


async def is_open(session: AsyncSession, key: str, now: datetime) -> bool:
    open_until = await session.scalar(select(Breaker.open_until).where(Breaker.breaker_key == key))
    return open_until is not None and open_until > now


async def record_failure(
    session: AsyncSession, key: str, now: datetime, *, threshold: int, cooldown: timedelta
) -> bool:
    """Count a failure; returns True when this opened (or re-opened) the breaker."""
    failures = await session.scalar(
        insert(Breaker)
        .values(breaker_key=key, failures=1, updated_at=now)
        .on_conflict_do_update(
            index_elements=[Breaker.breaker_key],
            set_={"failures": Breaker.failures + 1, "updated_at": now},
        )
        .returning(Breaker.failures)
    )
    if failures is not None and failures >= threshold:
        await session.execute(
            insert(Breaker)
            .values(breaker_key=key, failures=failures, open_until=now + cooldown, updated_at=now)
            .on_conflict_do_update(
                index_elements=[Breaker.breaker_key],
                set_={"open_until": now + cooldown, "updated_at": now},
            )
        )
        return True
    return False


async def record_success(session: AsyncSession, key: str, now: datetime) -> None:
    await session.execute(
        insert(Breaker)
        .values(breaker_key=key, failures=0, open_until=None, updated_at=now)
        .on_conflict_do_update(
            index_elements=[Breaker.breaker_key],
            set_={"failures": 0, "open_until": None, "updated_at": now},
        )
    )
