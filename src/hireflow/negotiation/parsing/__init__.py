"""Offline reading of availability messages into typed constraints."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hireflow.kit.errors import BadRequest
from hireflow.negotiation.parsing.grammar import parse_with_grammar
from hireflow.negotiation.parsing.schemas import AvailabilityConstraints

__all__ = ["AvailabilityConstraints", "read_availability"]


def read_availability(text: str, now: datetime, zone: str) -> AvailabilityConstraints:
    """What ``text`` offers, read at ``now`` (aware) by a candidate in IANA ``zone``."""
    if now.tzinfo is None:
        raise BadRequest("the reference instant must carry a time zone")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise BadRequest(f"unknown time zone {zone!r}; use an IANA name") from error
    return parse_with_grammar(text, now, zone)
