"""Invitations by e-mail: a signed, expiring, single-use link to choose one's password.

The link carries ``(user id, a fingerprint of the current password hash, expiry)``. Setting
a password changes the hash, so the link works once; an admin's later reset spends it too.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.auth import passwords, repository
from hireflow.auth.models import User
from hireflow.config import Settings
from hireflow.kit.errors import Gone, Unprocessable

SALT = "hireflow.set-password.v1"
VALID_DAYS = 7


class InviteRefused(Gone):
    code = "invite_refused"


@dataclass(frozen=True)
class LinkSender:
    """What a set-password e-mail needs: the settings (company, base URL), the instance key
    that signs the link, and the time it is sent."""

    settings: Settings
    key: bytes
    now: datetime


@dataclass(frozen=True)
class InviteClaim:
    user_id: uuid.UUID
    fingerprint: str
    expires_at: datetime


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:24]


def make_token(secret: bytes, user: User, now: datetime) -> tuple[str, datetime]:
    expires = now + timedelta(days=VALID_DAYS)
    payload = [str(user.id), _fingerprint(user.password_hash), int(expires.timestamp())]
    return str(URLSafeSerializer(secret, salt=SALT).dumps(payload)), expires


def read_token(secret: bytes, token: str, now: datetime) -> InviteClaim:
    try:
        user_id, fingerprint, expires = URLSafeSerializer(secret, salt=SALT).loads(token)
        claim = InviteClaim(
            uuid.UUID(user_id), str(fingerprint), datetime.fromtimestamp(int(expires), UTC)
        )
    except (BadSignature, ValueError, TypeError):
        raise InviteRefused(
            "This link is not valid: it may have been changed or cut short."
        ) from None
    if now >= claim.expires_at:
        raise InviteRefused("This link has expired; ask your administrator for a new one.")
    return claim


async def set_password_from_link(
    session: AsyncSession,
    secret: bytes,
    token: str,
    new_password: str,
    *,
    now: datetime,
    meta: RequestMeta,
) -> User:
    """Choose the password of an invited account (the caller acts as the system role)."""
    claim = read_token(secret, token, now)
    user = await repository.user_by_id(session, claim.user_id)
    stored = await repository.password_hash_of(session, claim.user_id)
    if user is None or stored is None or not user.is_active:
        raise InviteRefused("This account no longer exists or was deactivated.")
    if _fingerprint(stored) != claim.fingerprint:
        raise InviteRefused("This link was already used; sign in with your password.")
    problems = passwords.password_problems(new_password, email=user.email)
    if problems:
        raise Unprocessable("The password does not meet the policy.", details=problems)
    user.password_hash = await passwords.hash_off_loop(new_password)
    user.password_changed_at = now
    user.email_verified = True
    await repository.revoke_all_sessions(session, user.id)
    await record_activity(
        session,
        user_id=user.id,
        action=AuditAction.UPDATE,
        entity_type=EntityType.USER,
        entity_id=user.id,
        new={"password": "set from invitation"},
        meta=meta,
    )
    return user
