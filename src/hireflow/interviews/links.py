"""Signed candidate links: single-purpose, bound to one interview, expiring.

A link carries ``(interview id, purpose, link version, expiry)`` signed with the instance
secret (itsdangerous, a salt per use). It is refused when the signature does not match
(tampered), the expiry passed (never later than the interview itself), the interview's link
version moved on (a recruiter re-sent the invitation), or its purpose is spent: a
``respond`` link works only while the invitation is open; a ``schedule`` link only while a
time can still be picked, changed or cancelled.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from itsdangerous import BadSignature, URLSafeSerializer

from hireflow.kit.errors import Gone

SALT = "hireflow.candidate-link.v1"


class Purpose(StrEnum):
    RESPOND = "respond"  # accept or decline the invitation
    SCHEDULE = "schedule"  # pick, change or cancel the time
    ATTEND = "attend"  # confirm that they will come (the no-show support)


class LinkRefused(Gone):
    """A candidate link that cannot be used; ``reason`` says why (for the friendly page)."""

    code = "link_refused"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class LinkClaim:
    interview_id: uuid.UUID
    purpose: Purpose
    version: int
    expires_at: datetime


def _serializer(secret: bytes) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def link_expiry(
    now: datetime, valid_days: int, interview_start: datetime | None = None
) -> datetime:
    """Links live ``valid_days`` (default 7), never past the interview's start."""
    expiry = now + timedelta(days=valid_days)
    return min(expiry, interview_start) if interview_start is not None else expiry


def make_token(
    secret: bytes, interview_id: uuid.UUID, purpose: Purpose, version: int, expires_at: datetime
) -> str:
    payload = [str(interview_id), purpose.value, version, int(expires_at.timestamp())]
    return str(_serializer(secret).dumps(payload))


def read_token(secret: bytes, token: str, now: datetime) -> LinkClaim:
    """The claim of a genuine, unexpired link, or :class:`LinkRefused`."""
    try:
        interview_id, purpose, version, expires = _serializer(secret).loads(token)
        claim = LinkClaim(
            uuid.UUID(interview_id),
            Purpose(purpose),
            int(version),
            datetime.fromtimestamp(int(expires), UTC),
        )
    except (BadSignature, ValueError, TypeError):
        raise LinkRefused(
            "tampered", "This link is not valid: it may have been changed or cut short."
        ) from None
    if now >= claim.expires_at:
        raise LinkRefused("expired", "This link has expired.")
    return claim


def check_current(claim: LinkClaim, link_version: int) -> None:
    if claim.version != link_version:
        raise LinkRefused(
            "replaced", "This link was replaced by a newer one; please use the latest e-mail."
        )


def interview_of(secret: bytes, token: str) -> uuid.UUID | None:
    """The interview a *genuine* token names, even when expired or spent (for the refusal
    page's contact line); None for a tampered one."""
    try:
        return uuid.UUID(_serializer(secret).loads(token)[0])
    except (BadSignature, ValueError, TypeError, IndexError):
        return None


# The candidate portal: one link per candidate (not per interview), in every e-mail to them.
PORTAL_SALT = "hireflow.portal-link.v1"
PORTAL_VALID_DAYS = 90


@dataclass(frozen=True)
class PortalClaim:
    candidate_id: uuid.UUID
    expires_at: datetime


def make_portal_token(secret: bytes, candidate_id: uuid.UUID, expires_at: datetime) -> str:
    """A signed link to the candidate's own portal (``/p/{token}``)."""
    payload = [str(candidate_id), int(expires_at.timestamp())]
    return str(URLSafeSerializer(secret, salt=PORTAL_SALT).dumps(payload))


def portal_expiry(now: datetime, valid_days: int = PORTAL_VALID_DAYS) -> datetime:
    return now + timedelta(days=valid_days)


def read_portal_token(secret: bytes, token: str, now: datetime) -> PortalClaim:
    """The claim of a genuine, unexpired portal link, or :class:`LinkRefused`."""
    try:
        candidate_id, expires = URLSafeSerializer(secret, salt=PORTAL_SALT).loads(token)
        claim = PortalClaim(uuid.UUID(candidate_id), datetime.fromtimestamp(int(expires), UTC))
    except (BadSignature, ValueError, TypeError):
        raise LinkRefused(
            "tampered", "This link is not valid: it may have been changed or cut short."
        ) from None
    if now >= claim.expires_at:
        raise LinkRefused("expired", "This link has expired.")
    return claim
