"""Regular expressions and hour arithmetic of the availability grammar."""

from __future__ import annotations

import re
from datetime import time
from typing import Literal

from hireflow.negotiation.parsing.schemas import TimeWindow
from hireflow.negotiation.parsing.vocabulary import (
    MONTHS,
    NEGATION_AFTER,
    NEGATION_BEFORE,
    PART_WORDS,
    PERSON_REQUEST,
    POSITIVE_CUES,
    WEEKDAYS,
)

ItemKind = Literal["dates", "weekday", "recurring", "range", "filter", "window", "part"]
_NORMALISE = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, "～": "-", "〜": "-", "~": "-", "–": "-",
     "—": "-", "−": "-", "：": ":", "’": "'"}
)  # fmt: skip
_WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"


def _t(n: int) -> str:
    return (
        rf"(?:(?P<h{n}>\d{{1,2}})(?:[:.](?P<m{n}>[0-5]\d)|h(?P<x{n}>[0-5]\d)?)?"
        rf"\s*(?P<mer{n}>[ap]\.?m\b\.?)?|(?P<w{n}>noon|midday|midnight))"
    )


def _jt(n: int) -> str:
    return (
        rf"(?P<jm{n}>午前|午後)?(?P<h{n}>\d{{1,2}})(?:時(?:(?P<m{n}>\d{{1,2}})分|(?P<half{n}>半))?"
        rf"|:(?P<x{n}>[0-5]\d))"
    )


_B = r"(?<![\w:./-])"  # a number that is not part of another number or word
_E = r"(?![\w:/])"
_RE = {
    "iso": re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    "month_day_span": re.compile(
        rf"\b({_MON})\.?\s+(\d{{1,2}}){_ORD}\s*(-|to|through|until|and|or)\s*(\d{{1,2}}){_ORD}\b"
    ),
    "day_month_span": re.compile(
        rf"{_B}(\d{{1,2}}){_ORD}\s*(-|to|through|until|and|or)\s*(?:the\s+)?(\d{{1,2}}){_ORD}"
        rf"\s+(?:of\s+)?({_MON})\b"
    ),
    "month_day": re.compile(rf"\b({_MON})\.?\s+(?:the\s+)?(\d{{1,2}}){_ORD}\b(?!\s*[:.h]\d)"),
    "day_month": re.compile(
        rf"{_B}(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MON})\b(?!\s+(?:work|be|suit|do|not))"
    ),
    "ja_date": re.compile(r"(\d{1,2})月(\d{1,2})日"),
    "ja_day": re.compile(r"(?<![\d月])(\d{1,2})日(?!間)"),
    "ordinal_span": re.compile(
        r"\b(?:from\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s*(?:-|to|until|till|through)\s*"
        r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b"
    ),
    "ordinal": re.compile(r"\b(?:on\s+)?(?:the\s+)?(\d{1,2})(st|nd|rd|th)\b"),
    "the_day": re.compile(r"\b(?:on\s+)?the\s+(\d{1,2})\b(?!\s*(?:[ap]\.?m|[:.h]\d|-|to\b))"),
    "relative": re.compile(
        r"\b(?:the\s+)?day after tomorrow\b|\btomorrow\b|\btoday\b|\btonight\b|\byesterday\b|昨日|"
        r"明後日|あさって|明日|あした|今日|きょう|今夜|今晩"
    ),
    "weekday_span": re.compile(
        rf"\b(?:from\s+)?({_WD})s?\.?\s*(?:-|to|through|thru|until|till)\s*({_WD})\b"
    ),
    "weekday": re.compile(rf"\b(?:(next|this|coming|every|on)\s+)?({_WD})(s)?\b\.?"),
    "ja_weekday": re.compile(
        r"(?:(来週|今週|毎週)の?)?([月火水木金土日])曜日?|[(（]([月火水木金土日])[)）]"
    ),
    "week": re.compile(
        r"\b(?:(?:early|late|later)(?: in)?|(?:the )?(?:start|beginning|end) of)\s+"
        r"(?:the\s+)?(?:next|this)\s+week\b|\b(?:the\s+)?end of (?:the|this) week\b|"
        r"\b(?:the\s+)?week after next\b|\b(?:the\s+)?next (?:two|2) weeks\b|"
        r"\b(?:the\s+)?(?:rest of (?:the|this) week|later this week|this week|next week|"
        r"coming week)\b|再来週|来週|今週"
    ),
    "filter": re.compile(
        r"\b(?:any\s+)?(?:week\s?days?|workdays?|work days|business days)\b|\bweekends?\b|"
        r"平日|週末|土日"
    ),
    "range_between": re.compile(rf"\bbetween\s+{_t(1)}\s*(?:and|-|to)\s*{_t(2)}{_E}"),
    "range": re.compile(rf"(?:\bfrom\s+)?{_B}{_t(1)}\s*(?:-|to|till|until)\s*{_t(2)}{_E}"),
    "ja_range": re.compile(rf"{_jt(1)}\s*(?:から|-)\s*{_jt(2)}(?:まで|の間)?"),
    "ja_after": re.compile(rf"{_jt(1)}\s*(?:以降|から|過ぎ|以後)"),
    "ja_before": re.compile(rf"{_jt(1)}\s*(?:まで|より前|前)"),
    "ja_at": re.compile(_jt(1)),
    "after": re.compile(
        rf"\b(?:any\s?time\s+)?(?:after|from|since|later than|starting(?:\s+(?:at|from))?)"
        rf"\s+{_t(1)}{_E}"
    ),
    "busy_until": re.compile(
        rf"\b(?:work|working|busy|occupied|in (?:class|school|meetings?)|at work)\s+"
        rf"(?:until|till|to)\s+{_t(1)}{_E}"
    ),
    "before": re.compile(
        rf"\b(?:before|until|till|up to|no later than|earlier than|by)\s+{_t(1)}{_E}"
    ),
    "at": re.compile(rf"(?:\b(?:at|around|about|say|ca\.?)\s+|@\s*){_t(1)}{_E}"),
    "clock": re.compile(
        rf"{_B}(?P<h1>\d{{1,2}})(?:[:.](?P<m1>[0-5]\d))?\s*(?P<mer1>[ap]\.?m\b\.?)|"
        rf"{_B}(?P<h2>\d{{1,2}}):(?P<m2>[0-5]\d){_E}|\b(?P<w1>noon|midday)\b"
    ),
    "part": re.compile(
        "|".join(
            (rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w))
            for w in sorted(PART_WORDS, key=len, reverse=True)
        )
    ),
    "offset_zone": re.compile(r"\b(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b"),
}
_SEPARATORS = re.compile(
    r",|;|\.(?!\d)|!|\?|\n|\bor\b|\band\b|\bbut\b|\balso\b|、|。|または|あるいは|もしくは|"
    r"(?<=[日曜])[かと]|か、"
)
_NEG_BEFORE = re.compile(rf"\b(?:{NEGATION_BEFORE})\b")
_NEG_AFTER = re.compile(NEGATION_AFTER)
_POSITIVE = re.compile(rf"\b(?:{POSITIVE_CUES})\b|大丈夫|空いて|可能")
_PERSON = re.compile(PERSON_REQUEST)
_ANY_BUT = re.compile(
    r"\b(any ?day|any ?time|every ?day|all week|whenever|any (?:morning|afternoon|evening))"
    r"\s+but\b(?!\s+not)"
)
_PICK = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|yes|great|perfect)[,!. ]*)?(?:i(?:'ll| will)? take\s+)?"
    r"(?:option|number|no\.?|#)?"
    r"\s*(?P<n>[1-3])\s*(?:works|please|is fine|is good)?[.! ]*$|"
    r"\bthe (?P<w>first|second|third|1st|2nd|3rd) (?:one|option|slot|time)\b|"
    r"(?P<j>[1-3１-３])番"
)
_PICK_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_WORD = re.compile(r"[a-z][a-z']*")


def _hour(h: int, minute: int, mer: str | None, *, bare_pm: bool = True) -> time | None:
    if mer:
        if not 1 <= h <= 12:
            return None
        h = (h % 12) + (12 if mer.startswith("p") else 0)
    elif bare_pm and 1 <= h <= 7:
        h += 12
    if h == 24 and minute == 0:
        return time(0)
    return time(h, minute) if 0 <= h <= 23 else None


def _atom(m: re.Match[str], n: int) -> tuple[int, int, str | None] | None:
    groups = m.groupdict()
    word = groups.get(f"w{n}")
    if word:
        return (0, 0, "am") if word == "midnight" else (12, 0, "pm")
    if groups.get(f"h{n}") is None:
        return None
    minute = groups.get(f"m{n}") or groups.get(f"x{n}") or ("30" if groups.get(f"half{n}") else "0")
    mer = groups.get(f"mer{n}")
    ja = groups.get(f"jm{n}")
    if ja:
        mer = "am" if ja == "午前" else "pm"
    return int(groups[f"h{n}"]), int(minute), mer.replace(".", "") if mer else None


def _plus(t: time, minutes: int) -> time:
    total = min(t.hour * 60 + t.minute + minutes, 24 * 60)
    return time(0) if total == 24 * 60 else time(total // 60, total % 60)


def _minutes(t: time, *, end: bool = False) -> int:
    return 24 * 60 if end and t == time(0) else t.hour * 60 + t.minute


def _range_window(
    a: tuple[int, int, str | None], b: tuple[int, int, str | None]
) -> TimeWindow | None:
    (h1, m1, mer1), (h2, m2, mer2) = a, b
    end = _hour(h2, m2, mer2, bare_pm=False)
    if end is None:
        return None
    if mer2 and not mer1:
        start = _hour(h1, m1, mer2)
        if start is None or _minutes(start) >= _minutes(end, end=True):
            start = _hour(h1, m1, "am" if h1 <= 12 else None, bare_pm=False)
    else:
        start = _hour(h1, m1, mer1)
    if start is None:
        return None
    if not mer2 and _minutes(end, end=True) <= _minutes(start) and h2 <= 12:
        end = _hour(h2 + 12 if h2 < 12 else h2, m2, None, bare_pm=False)
    if end is None or _minutes(end, end=True) <= _minutes(start):
        return None
    return TimeWindow(start=start, end=end)
