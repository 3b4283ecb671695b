"""Typed errors that carry their HTTP status and a message a user can act on.

Every error a user can cause is one of these; the app renders all of them (and FastAPI's own
validation errors) in one JSON shape: ``{"error": {"code", "message", "details", "request_id"}}``.
"""

from __future__ import annotations

from typing import Any, ClassVar


class HireflowError(Exception):
    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init__(self, message: str, *, details: Any = None, keep_changes: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        # True when the transaction must still commit what it did before failing, e.g. a
        # failed sign-in's attempt counter or a replayed token's revocation.
        self.keep_changes = keep_changes


class BadRequest(HireflowError):
    status_code = 400
    code = "bad_request"


class Unauthenticated(HireflowError):
    status_code = 401
    code = "unauthenticated"


class Forbidden(HireflowError):
    status_code = 403
    code = "forbidden"


class NotFound(HireflowError):
    status_code = 404
    code = "not_found"


class Conflict(HireflowError):
    status_code = 409
    code = "conflict"


class Gone(HireflowError):
    status_code = 410
    code = "gone"


class PayloadTooLarge(HireflowError):
    status_code = 413
    code = "payload_too_large"


class UnsupportedMediaType(HireflowError):
    status_code = 415
    code = "unsupported_media_type"


class Unprocessable(HireflowError):
    status_code = 422
    code = "unprocessable"


class TooManyRequests(HireflowError):
    status_code = 429
    code = "too_many_requests"


class ServiceUnavailable(HireflowError):
    status_code = 503
    code = "service_unavailable"


class MigrationRefused(Conflict):
    """A schema change that would lose data or act on the wrong schema; nothing was changed."""

    code = "migration_refused"


class MigrationVerificationError(HireflowError):
    """A data migration's reconciliation found a mismatch; its transaction was rolled back."""

    code = "migration_verification_failed"
