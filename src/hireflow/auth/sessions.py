"""Signing in and out: lockout, rate limits, rotating refresh tokens, web sessions.

Sessions live in ``refresh_tokens`` (the v1.0 table): one ``session_id`` per sign-in,
a new token row at each refresh. Presenting a token that was already used revokes the
whole family (someone replayed a stolen token).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.auth import passwords, repository, tokens
from hireflow.auth.models import User
from hireflow.db.session import Actor, switch_actor
from hireflow.kit.errors import TooManyRequests, Unauthenticated
from hireflow.kit.time import utcnow

MAX_FAILED_ATTEMPTS = 5  # per account and address, in LOCKOUT
LOCKOUT = timedelta(minutes=15)
IP_ATTEMPTS_PER_MINUTE = 30
ACCOUNT_FAILURES_PER_15_MINUTES = 100  # from all addresses together: a brute-force backstop
BAD_CREDENTIALS = "Email or password is incorrect, or the account is locked for a while."


@dataclass(frozen=True)
class IssuedSession:
    user: User
    session_id: str
    secret: str  # refresh token (API) or cookie value (web); shown once, stored hashed
    access_token: str | None  # API sign-ins only


def _failure_buckets(email: str, meta: RequestMeta) -> tuple[str, str]:
    account = email.strip().lower()
    return f"login-fail:{account}:{meta.ip_address or '-'}", f"login-fail:{account}"


async def _throttle(session: AsyncSession, email: str, meta: RequestMeta) -> None:
    """Refuse before checking the password: too many attempts from this address, or too
    many failures for this account from this address (a lock only that address hits, so
    nobody can lock someone else out), or an account under a brute-force storm."""
    window = int(LOCKOUT.total_seconds())
    if meta.ip_address:
        hits = await repository.hit_rate_limit(session, f"login-ip:{meta.ip_address}", 60)
        if hits > IP_ATTEMPTS_PER_MINUTE:
            raise TooManyRequests(
                "Too many sign-in attempts from this address; wait a minute.", keep_changes=True
            )
    here, everywhere = _failure_buckets(email, meta)
    if await repository.rate_limit_hits(session, here, window) >= MAX_FAILED_ATTEMPTS:
        raise Unauthenticated(BAD_CREDENTIALS, keep_changes=True)
    if await repository.rate_limit_hits(session, everywhere, window) >= (
        ACCOUNT_FAILURES_PER_15_MINUTES
    ):
        raise TooManyRequests(
            "Too many failed sign-ins for this account; try again later.", keep_changes=True
        )


async def _count_failure(session: AsyncSession, email: str, meta: RequestMeta) -> None:
    window = int(LOCKOUT.total_seconds())
    for bucket in _failure_buckets(email, meta):
        await repository.hit_rate_limit(session, bucket, window)


async def authenticate(session: AsyncSession, email: str, password: str, meta: RequestMeta) -> User:
    """The user with these credentials, or one generic error (no hint whether email exists)."""
    await _throttle(session, email, meta)
    user = await repository.user_by_email(session, email.strip())
    if user is None:
        await passwords.verify_off_loop(password, None)  # same cost as a real check
        await _count_failure(session, email, meta)
        raise Unauthenticated(BAD_CREDENTIALS, keep_changes=True)
    user = await repository.lock_user_row(session, user.id)
    assert user is not None
    now = utcnow()
    locked = user.locked_until is not None and user.locked_until > now
    stored = await repository.password_hash_of(session, user.id)
    valid = await passwords.verify_off_loop(password, stored)
    if locked or not user.is_active or not valid:
        if not valid:
            user.failed_login_attempts = (user.failed_login_attempts or 0) + 1
            await _count_failure(session, email, meta)
        raise Unauthenticated(BAD_CREDENTIALS, keep_changes=True)
    if stored is not None and passwords.needs_rehash(stored):
        user.password_hash = await passwords.hash_off_loop(password)  # bcrypt (v1.0) -> argon2id
    user.failed_login_attempts = 0
    user.locked_until = None
    user.last_login_at = now
    return user


async def start_session(
    session: AsyncSession, key: bytes, user: User, meta: RequestMeta, *, web: bool
) -> IssuedSession:
    await switch_actor(session, Actor(user.id, user.role))
    session_id = tokens.new_session_id()
    secret = tokens.new_opaque_token()
    ttl = tokens.WEB_SESSION_TTL if web else tokens.REFRESH_TOKEN_TTL
    await repository.add_token(
        session,
        user_id=user.id,
        token_hash=tokens.hash_opaque_token(secret),
        session_id=session_id,
        expires_at=utcnow() + ttl,
        device_info=("web " if web else "api ") + (meta.user_agent or "")[:200],
        ip_address=(meta.ip_address or "")[:45] or None,
    )
    await record_activity(
        session,
        user_id=user.id,
        action=AuditAction.LOGIN,
        entity_type=EntityType.SESSION,
        entity_id=user.id,
        new={"session": "web" if web else "api"},
        meta=meta,
    )
    access = None if web else tokens.issue_access_token(key, user.id, user.role, session_id)
    return IssuedSession(user, session_id, secret, access)


async def refresh(
    session: AsyncSession, key: bytes, refresh_token: str, meta: RequestMeta
) -> IssuedSession:
    """Rotate a refresh token. A token used twice revokes its whole session family."""
    row = await repository.token_by_hash(session, tokens.hash_opaque_token(refresh_token))
    if row is None:
        raise Unauthenticated("This refresh token is not known.")
    if row.status != "active" or not await repository.claim_active_token(session, row.id):
        await repository.revoke_session(session, row.user_id, row.session_id)
        raise Unauthenticated(
            "This refresh token was already used; the session has been ended for safety.",
            keep_changes=True,
        )
    if row.expires_at <= utcnow():
        raise Unauthenticated("This session has expired; sign in again.")
    user = await repository.user_by_id(session, row.user_id)
    if user is None or not user.is_active:
        raise Unauthenticated("This account is no longer active.")
    secret = tokens.new_opaque_token()
    await repository.add_token(
        session,
        user_id=user.id,
        token_hash=tokens.hash_opaque_token(secret),
        session_id=row.session_id,
        expires_at=row.expires_at,
        device_info=row.device_info,
        ip_address=(meta.ip_address or "")[:45] or None,
    )
    access = tokens.issue_access_token(key, user.id, user.role, row.session_id)
    return IssuedSession(user, row.session_id, secret, access)


async def web_session_user(session: AsyncSession, cookie: str) -> tuple[User, str] | None:
    """The user and session id behind a web session cookie, when it is still valid."""
    row = await repository.token_by_hash(session, tokens.hash_opaque_token(cookie))
    if row is None or row.status != "active" or row.expires_at <= utcnow():
        return None
    user = await repository.user_by_id(session, row.user_id)
    if user is None or not user.is_active:
        return None
    return user, row.session_id


async def end_session(
    session: AsyncSession, user_id: uuid.UUID, session_id: str, meta: RequestMeta
) -> None:
    await repository.revoke_session(session, user_id, session_id)
    await record_activity(
        session,
        user_id=user_id,
        action=AuditAction.LOGOUT,
        entity_type=EntityType.SESSION,
        entity_id=user_id,
        new={"scope": "this session"},
        meta=meta,
    )


async def end_all_sessions(session: AsyncSession, user_id: uuid.UUID, meta: RequestMeta) -> int:
    count = await repository.revoke_all_sessions(session, user_id)
    await record_activity(
        session,
        user_id=user_id,
        action=AuditAction.LOGOUT,
        entity_type=EntityType.SESSION,
        entity_id=user_id,
        new={"scope": "all sessions", "ended": count},
        meta=meta,
    )
    return count
