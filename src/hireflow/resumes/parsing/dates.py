"""Dates and date ranges as resumes write them: "Jan 2020 - Present", "2019/04 - 2021/03",
"2019年4月～現在", "令和2年4月", "04/2019 to 03/2021", "2016 - 2019"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988, "S": 1925}
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
DATE_PATTERN = (
    rf"(?:{_MONTH_NAME}\.?,?\s*{_YEAR}"
    rf"|{_YEAR}\s*年\s*\d{{1,2}}\s*月"
    r"|(?:令和|平成|昭和)\s*(?:\d{1,2}|元)\s*年(?:\s*\d{1,2}\s*月)?"
    rf"|{_YEAR}\s*[/.\-]\s*(?:0?[1-9]|1[0-2])(?![\d/])"
    rf"|(?:0?[1-9]|1[0-2])\s*/\s*{_YEAR}"
    rf"|{_YEAR}(?:\s*年(?!\s*\d{{1,2}}\s*月))?)"
)
PRESENT_PATTERN = (
    r"(?:present|current(?:ly)?|now|today|ongoing|date"
    r"|現在(?:に至る)?|現職|在籍中|至現在|継続中|今)"
)
_SEPARATOR = r"(?:\s*(?:-|–|—|~|〜|~|to|until|till|through|から|より)\s*)"
RANGE_RE = re.compile(
    rf"(?<![\w/])(?P<start>{DATE_PATTERN})(?:\s*(?:から|より))?{_SEPARATOR}"
    rf"(?P<end>{DATE_PATTERN}|{PRESENT_PATTERN})(?:\s*まで)?(?![\w/])",
    re.IGNORECASE,
)
DATE_RE = re.compile(rf"(?<![\w/]){DATE_PATTERN}(?![\w/])", re.IGNORECASE)
_PRESENT_RE = re.compile(rf"^{PRESENT_PATTERN}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateRange:
    start: str | None  # "YYYY-MM" or "YYYY"
    end: str | None
    is_current: bool
    span: tuple[int, int]  # where the range was found in the line


def parse_date(text: str) -> str | None:
    """``YYYY-MM`` (or ``YYYY``) for one written date, None if it is not one."""
    value = text.strip().rstrip(".,")
    match = re.match(r"^(令和|平成|昭和)\s*(\d{1,2}|元)\s*年(?:\s*(\d{1,2})\s*月)?$", value)
    if match:
        year = _ERAS[match.group(1)] + (1 if match.group(2) == "元" else int(match.group(2)))
        return _format(year, int(match.group(3)) if match.group(3) else None)
    match = re.match(rf"^({_MONTH_NAME})\.?,?\s*(\d{{4}})$", value, re.IGNORECASE)
    if match:
        return _format(int(match.group(2)), _MONTHS[match.group(1)[:3].lower()])
    match = re.match(r"^(\d{4})\s*(?:年|[/.\-])\s*(\d{1,2})\s*月?$", value)
    if match:
        return _format(int(match.group(1)), int(match.group(2)))
    match = re.match(r"^(\d{1,2})\s*/\s*(\d{4})$", value)
    if match:
        return _format(int(match.group(2)), int(match.group(1)))
    match = re.match(r"^(\d{4})\s*年?$", value)
    if match:
        return _format(int(match.group(1)), None)
    return None


def _format(year: int, month: int | None) -> str | None:
    if not 1950 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    return f"{year:04d}-{month:02d}"


def find_date_range(line: str) -> DateRange | None:
    """The first date range in a line."""
    for match in RANGE_RE.finditer(line):
        start = parse_date(match.group("start"))
        end_text = match.group("end")
        if start is None:
            continue
        if _PRESENT_RE.match(end_text.strip()):
            return DateRange(start, None, True, match.span())
        end = parse_date(end_text)
        if end is not None and end >= start[: len(end)]:
            return DateRange(start, end, False, match.span())
    return None


def find_dates(line: str) -> list[tuple[str, tuple[int, int]]]:
    """Every single date in a line, with where it is."""
    found: list[tuple[str, tuple[int, int]]] = []
    for match in DATE_RE.finditer(line):
        value = parse_date(match.group())
        if value is not None:
            found.append((value, match.span()))
    return found


def month_index(value: str) -> int:
    """Months since year 0 of a ``YYYY-MM`` date; a year alone counts as its January."""
    year = int(value[:4])
    month = int(value[5:7]) if len(value) >= 7 else 1
    return year * 12 + month - 1


def today_month(today: date) -> str:
    return f"{today.year:04d}-{today.month:02d}"
