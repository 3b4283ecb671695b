"""Keyset pagination: opaque cursors over (sort value, id), stable under inserts."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from hireflow.kit.errors import BadRequest

T = TypeVar("T")
V = TypeVar("V")
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(*values: Any) -> str:
    raw = json.dumps([str(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, parts: int) -> list[str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, json.JSONDecodeError) as exc:
        raise BadRequest("The page cursor is not valid.") from exc
    if not isinstance(values, list) or len(values) != parts:
        raise BadRequest("The page cursor is not valid.")
    return [str(v) for v in values]


def cursor_part(value: str, parse: Callable[[str], V]) -> V:
    """One decoded cursor value parsed (a UUID, a time); a tampered one is a 400, not a 500."""
    try:
        return parse(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise BadRequest("The page cursor is not valid.") from exc
