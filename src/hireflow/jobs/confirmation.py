"""Signed, expiring links that let a careers applicant confirm their email address.

An application from an address an existing candidate already has goes to a pending profile
(``flows.apply_from_careers``). The address's owner gets a link; following it and confirming
links the pending application and resume to the existing candidate. The token is
``pending-id.expiry.MAC`` (HMAC-SHA256 over both candidates and the expiry, keyed with the
instance secret), so it can be neither forged, redirected to another profile, nor stretched.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from dataclasses import dataclass

TTL_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class ConfirmationClaim:
    pending_id: uuid.UUID
    expiry: int


def _mac(key: bytes, pending_id: uuid.UUID, existing_id: uuid.UUID, expiry: int) -> str:
    message = f"careers-confirm|{pending_id}|{existing_id}|{expiry}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def issue(
    key: bytes, pending_id: uuid.UUID, existing_id: uuid.UUID, *, now: float | None = None
) -> str:
    expiry = int((time.time() if now is None else now) + TTL_SECONDS)
    return f"{pending_id}.{expiry}.{_mac(key, pending_id, existing_id, expiry)}"


def parse(token: str, *, now: float | None = None) -> ConfirmationClaim | None:
    """The token's claim when well formed and unexpired (its MAC is checked by :func:`valid`)."""
    pending, _, rest = token.partition(".")
    expiry, _, mac = rest.partition(".")
    try:
        pending_id = uuid.UUID(pending)
    except ValueError:
        return None
    if not expiry.isdigit() or not mac or int(expiry) < (time.time() if now is None else now):
        return None
    return ConfirmationClaim(pending_id, int(expiry))


def valid(key: bytes, token: str, existing_id: uuid.UUID, claim: ConfirmationClaim) -> bool:
    mac = token.rpartition(".")[2]
    return hmac.compare_digest(mac, _mac(key, claim.pending_id, existing_id, claim.expiry))
