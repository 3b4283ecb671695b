"""Every query of the auth domain."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.models import RefreshToken, User
from hireflow.auth.roles import Role


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(func.lower(User.email) == email.lower()))


async def user_by_id(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def password_hash_of(session: AsyncSession, user_id: uuid.UUID) -> str | None:
    """The stored hash, through the one definer function allowed to read it."""
    found = await session.scalar(
        text("SELECT hireflow_security.password_hash_of(:id)"), {"id": user_id}
    )
    return str(found) if found is not None else None


async def users_by_ids(session: AsyncSession, user_ids: list[uuid.UUID]) -> list[User]:
    if not user_ids:
        return []
    return list(await session.scalars(select(User).where(User.id.in_(user_ids))))


async def lock_user_row(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    """FOR NO KEY UPDATE: foreign keys to the user (the activity log) do not wait on it."""
    return await session.scalar(
        select(User).where(User.id == user_id).with_for_update(key_share=True)
    )


async def lock_admin_changes(session: AsyncSession) -> None:
    """One change of who is admin at a time; taken before any user row is locked."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('hireflow.admins'))"))


async def list_users(session: AsyncSession) -> list[User]:
    return list(await session.scalars(select(User).order_by(User.email)))


async def count_active_admins(session: AsyncSession) -> int:
    """Counted under a lock so two admins cannot demote each other at the same moment."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('hireflow.admins'))"))
    count = await session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.is_active)
    )
    return int(count or 0)


async def token_by_hash(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    return await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash))


async def claim_active_token(session: AsyncSession, token_id: uuid.UUID) -> bool:
    """Atomically retire an active token; False when someone else already used it."""
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.status == "active")
        .values(status="revoked", last_used_at=func.now())
        .returning(RefreshToken.id)
    )
    return result.first() is not None


async def session_is_active(session: AsyncSession, user_id: uuid.UUID, session_id: str) -> bool:
    found = await session.scalar(
        select(RefreshToken.id)
        .where(
            RefreshToken.user_id == user_id,
            RefreshToken.session_id == session_id,
            RefreshToken.status == "active",
            RefreshToken.expires_at > func.now(),
        )
        .limit(1)
    )
    return found is not None


async def revoke_session(session: AsyncSession, user_id: uuid.UUID, session_id: str) -> int:
    result = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.user_id == user_id,
            RefreshToken.session_id == session_id,
            RefreshToken.status == "active",
        )
        .values(status="revoked")
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def revoke_all_sessions(
    session: AsyncSession, user_id: uuid.UUID, *, except_session: str | None = None
) -> int:
    statement = (
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.status == "active")
        .values(status="revoked")
    )
    if except_session is not None:
        statement = statement.where(RefreshToken.session_id != except_session)
    result = await session.execute(statement)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def add_token(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    token_hash: str,
    session_id: str,
    expires_at: datetime,
    device_info: str | None,
    ip_address: str | None,
) -> None:
    session.add(
        RefreshToken(
            id=uuid.uuid4(),
            user_id=user_id,
            token_hash=token_hash,
            session_id=session_id,
            expires_at=expires_at,
            device_info=device_info,
            ip_address=ip_address,
            status="active",
        )
    )
    await session.flush()


async def hit_rate_limit(session: AsyncSession, bucket: str, window_seconds: int) -> int:
    """Count one hit in ``bucket``'s current fixed window; returns the hits so far."""
    hits = await session.scalar(
        text(
            "INSERT INTO rate_limit_counters (bucket, window_start, hits) "
            "VALUES (:bucket, to_timestamp(floor(extract(epoch FROM now()) / :w) * :w), 1) "
            "ON CONFLICT (bucket, window_start) DO UPDATE "
            "SET hits = rate_limit_counters.hits + 1 RETURNING hits"
        ),
        {"bucket": bucket, "w": window_seconds},
    )
    return int(hits or 0)


async def rate_limit_hits(session: AsyncSession, bucket: str, window_seconds: int) -> int:
    """Hits in ``bucket``'s current fixed window, without counting one."""
    hits = await session.scalar(
        text(
            "SELECT hits FROM rate_limit_counters WHERE bucket = :bucket "
            "AND window_start = to_timestamp(floor(extract(epoch FROM now()) / :w) * :w)"
        ),
        {"bucket": bucket, "w": window_seconds},
    )
    return int(hits or 0)


async def prune_security_counters(session: AsyncSession) -> None:
    """Drop sign-in rate-limit windows older than a day and expire old refresh tokens."""
    await session.execute(
        text("DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 day'")
    )
    await session.execute(text("SELECT expire_refresh_tokens()"))
    await session.execute(text("SELECT cleanup_expired_refresh_tokens()"))
