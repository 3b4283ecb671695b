"""Pagination: keyset cursors over (sort value, id), stable under inserts; numbered offset
pages (and an opaque offset cursor) for ranked lists."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Numbered:
    """One numbered page of an ordered list (offset paging, for lists whose order is not a
    stable key, like a job's ranking): where it starts, and the page links to show."""

    number: int  # 1-based, within 1..pages
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first_item(self) -> int:
        return 0 if self.total == 0 else self.offset + 1

    @property
    def last_item(self) -> int:
        return min(self.total, self.offset + self.size)

    def links(self, around: int = 2) -> list[int | None]:
        """Page numbers to link: the first, the last and ``around`` either side of this one;
        None where numbers are left out."""
        shown = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        out: list[int | None] = []
        for n in numbers:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out


def numbered(raw: str | None, size: int, total: int) -> Numbered:
    """The page a ``?page=`` value asks for, kept within the pages there are."""
    try:
        wanted = int(raw) if raw else 1
    except ValueError:
        wanted = 1
    pages = max(1, -(-total // size))
    return Numbered(number=min(max(1, wanted), pages), size=size, total=total)


def offset_cursor(offset: int) -> str:
    return encode_cursor("offset", offset)


def offset_of(cursor: str | None) -> int:
    """The position an :func:`offset_cursor` points at (0 without one); a tampered one: 400."""
    if not cursor:
        return 0
    kind, raw = decode_cursor(cursor, 2)
    offset = cursor_part(raw, int)
    if kind != "offset" or offset < 0:
        raise BadRequest("The page cursor is not valid.")
    return offset
