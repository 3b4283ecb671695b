"""Zone words → IANA zones.

An abbreviation names a *place's clock*, not a fixed offset: people write "CET" all year,
so "Thu 10-12 CET" in June means Berlin wall-clock time, which is CEST (+02:00) then
(chrono #447 is the bug this avoids). Each abbreviation maps to one representative IANA
zone and the offset comes from ``zoneinfo`` on the date in question. ``UTC``/``GMT+0``-style
literal offsets stay literal.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

ZONE_WORDS: dict[str, str] = {
    # Europe
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "mez": "Europe/Berlin",
    "mesz": "Europe/Berlin",
    "berlin time": "Europe/Berlin",
    "paris time": "Europe/Paris",
    "gmt": "Europe/London",
    "bst": "Europe/London",
    "uk time": "Europe/London",
    "london time": "Europe/London",
    "wet": "Europe/Lisbon",
    "eet": "Europe/Helsinki",
    "eest": "Europe/Helsinki",
    # Americas
    "et": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "eastern time": "America/New_York",
    "new york time": "America/New_York",
    "ct": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "central time": "America/Chicago",
    "mt": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    # Asia / Pacific
    "ist": "Asia/Kolkata",
    "india time": "Asia/Kolkata",
    "jst": "Asia/Tokyo",
    "tokyo time": "Asia/Tokyo",
    "japan time": "Asia/Tokyo",
    "日本時間": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    "sgt": "Asia/Singapore",
    "hkt": "Asia/Hong_Kong",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "sydney time": "Australia/Sydney",
    # literal
    "utc": "UTC",
}

_ORDERED = sorted(ZONE_WORDS, key=len, reverse=True)
ZONE_PATTERN = re.compile(
    r"(?<![a-z])(?:in\s+)?("
    + "|".join(re.escape(word) for word in _ORDERED)
    + r")(?:\s+time)?(?![a-z])"
)


def zone_for_word(word: str) -> str | None:
    return ZONE_WORDS.get(word.lower().strip())


def abbreviation_on(zone: str, day: date, at: time = time(12)) -> str:
    """The abbreviation in force in ``zone`` on ``day`` ("CEST" in June, "CET" in January)."""
    name = datetime.combine(day, at, ZoneInfo(zone)).tzname() or zone
    return name if not name.startswith(("+", "-")) else f"UTC{name}"
