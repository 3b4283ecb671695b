"""Time helpers: hireflow stores and compares aware UTC datetimes only."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
