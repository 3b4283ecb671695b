"""Access tokens (short-lived JWT) and opaque session secrets (stored only as hashes)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from hireflow.kit.errors import Unauthenticated
from hireflow.kit.time import utcnow

ACCESS_TOKEN_TTL = timedelta(minutes=15)
REFRESH_TOKEN_TTL = timedelta(days=14)
WEB_SESSION_TTL = timedelta(hours=12)
_ALGORITHM = "HS256"
_AUDIENCE = "hireflow-api"


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    role: str
    session_id: str
    expires_at: datetime


def issue_access_token(key: bytes, user_id: uuid.UUID, role: str, session_id: str) -> str:
    now = utcnow()
    payload = {
        "sub": str(user_id),
        "role": role,
        "sid": session_id,
        "aud": _AUDIENCE,
        "iat": now,
        "exp": now + ACCESS_TOKEN_TTL,
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(payload, _derive(key, "access-token"), algorithm=_ALGORITHM)


def read_access_token(key: bytes, token: str) -> AccessClaims:
    try:
        payload = jwt.decode(
            token,
            _derive(key, "access-token"),
            algorithms=[_ALGORITHM],
            audience=_AUDIENCE,
            options={"require": ["sub", "exp", "sid", "role"]},
        )
        return AccessClaims(
            user_id=uuid.UUID(payload["sub"]),
            role=str(payload["role"]),
            session_id=str(payload["sid"]),
            expires_at=datetime.fromtimestamp(payload["exp"]).astimezone(),
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("Your access token has expired; refresh it.") from exc
    except (jwt.InvalidTokenError, ValueError, KeyError) as exc:
        raise Unauthenticated("The access token is not valid.") from exc


def new_opaque_token() -> str:
    return secrets.token_urlsafe(32)


def hash_opaque_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_session_id() -> str:
    return uuid.uuid4().hex


def csrf_token(key: bytes, session_id: str) -> str:
    """Per-session CSRF token for cookie-authenticated forms (HMAC, not stored)."""
    return hmac.new(_derive(key, "csrf"), session_id.encode(), hashlib.sha256).hexdigest()


def csrf_token_valid(key: bytes, session_id: str, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(csrf_token(key, session_id), presented or "")


def _derive(key: bytes, purpose: str) -> bytes:
    return hmac.new(key, purpose.encode(), hashlib.sha256).digest()
