"""The offline availability grammar (English and Japanese).

Patterns run in priority order over the message; each match is masked out so that later,
looser patterns cannot re-read it ("June 10-12" is dates, so "10-12" is not also a time).
The message is then cut into alternatives at "or", "and", commas and the like; an
alternative with days but no times borrows the times of the next one ("the 14th or 15th in
the morning"), one with times but no days borrows the previous one's days. Negation cues
("except", "but not", "以外") turn what follows (English) or the item just before (postfix
cues) into exclusions.

Conventions, chosen for interview scheduling and documented in the README:
- a bare hour 1–7 means pm ("tomorrow at 2", "weekdays after 5"); 8–12 as written;
  in a range a pm carries back ("2 and 4 pm"), and an end before its start is pm ("9-5");
- a bare weekday ("Thu") is its next occurrence after today; "next Tuesday" is the Tuesday
  of next calendar week; plural or "every" weekdays recur over the search range;
- "next week" is Monday–Sunday of next week; range-wide choices skip weekends unless a
  weekend day was named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hireflow.negotiation.parsing.patterns import (
    _ANY_BUT,
    _NEG_AFTER,
    _NEG_BEFORE,
    _NORMALISE,
    _PERSON,
    _PICK,
    _PICK_WORDS,
    _POSITIVE,
    _RE,
    _SEPARATORS,
    _WORD,
    ItemKind,
    _atom,
    _hour,
    _minutes,
    _plus,
    _range_window,
)
from hireflow.negotiation.parsing.schemas import (
    AvailabilityConstraints,
    DateRange,
    DayChoice,
    Issue,
    PartOfDay,
    TimeWindow,
)
from hireflow.negotiation.parsing.vocabulary import (
    DAY_CLOSE,
    DAY_OPEN,
    JA_WEEKDAYS,
    MONTHS,
    PART_VARIANTS,
    PART_WINDOWS,
    PART_WORDS,
    STOPWORDS,
    WEEKDAYS,
)
from hireflow.negotiation.parsing.zones import ZONE_PATTERN, ZONE_WORDS


@dataclass
class _Item:
    start: int
    end: int
    kind: ItemKind
    dates: tuple[date, ...] = ()
    weekdays: tuple[int, ...] = ()
    window: TimeWindow | None = None
    part: PartOfDay | None = None
    part_window: tuple[time, time] | None = None
    date_range: DateRange | None = None
    bare: bool = False
    negated: bool = False


@dataclass
class _Group:
    dates: list[date] = field(default_factory=list)
    weekdays: list[int] = field(default_factory=list)
    bare_weekdays: list[int] = field(default_factory=list)
    windows: list[TimeWindow] = field(default_factory=list)
    parts: list[tuple[time, time]] = field(default_factory=list)

    @property
    def has_days(self) -> bool:
        return bool(self.dates or self.weekdays or self.bare_weekdays)


class AvailabilityGrammar:
    """Parse one message against a reference instant in the candidate's zone."""

    def __init__(self, text: str, now: datetime, zone: str) -> None:
        self.raw = text
        self.text = _ANY_BUT.sub(r"\1 except", text.translate(_NORMALISE).lower())
        self.zone = zone
        self.now_local = now.astimezone(ZoneInfo(zone))
        self.today = self.now_local.date()
        self.mask = list(self.text)
        self.items: list[_Item] = []
        self.issues: list[Issue] = []
        self.understood: list[tuple[int, str]] = []
        self.zone_mentioned: str | None = None

    # --- scanning -------------------------------------------------------------------------
    def _scan(self, name: str, handle: object) -> None:
        masked = "".join(self.mask)
        for match in _RE[name].finditer(masked):
            if not match.group(0).strip():
                continue
            made = handle(match)  # type: ignore[operator]
            if not made:
                continue
            for item in made if isinstance(made, list) else [made]:
                item.start, item.end = match.start(), match.end()
                self.items.append(item)
            self._consume(match.start(), match.end())

    def _consume(self, start: int, end: int) -> None:
        self.understood.append((start, " ".join("".join(self.mask[start:end]).split())))
        for index in range(start, end):
            self.mask[index] = " "

    def _date(self, year: int | None, month: int, day: int) -> date | None:
        try:
            if year is not None:
                return date(year, month, day)
            found = date(self.today.year, month, day)
            return found if found >= self.today else date(self.today.year + 1, month, day)
        except ValueError:
            self.issues.append(Issue(kind="ambiguous", detail=f"there is no {day}/{month}"))
            return None

    def _day_of_month(self, day: int) -> date | None:
        if not 1 <= day <= 31:
            return None
        month, year = self.today.month, self.today.year
        for _ in range(3):
            try:
                found = date(year, month, day)
            except ValueError:
                found = None
            if found and found >= self.today:
                return found
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
        return None

    def _next_weekday(self, weekday: int, *, include_today: bool = False) -> date:
        ahead = (weekday - self.today.weekday()) % 7
        if ahead == 0 and not include_today:
            ahead = 7
        return self.today + timedelta(days=ahead)

    def _next_week(self) -> DateRange:
        monday = self.today + timedelta(days=7 - self.today.weekday())
        return DateRange(first=monday, last=monday + timedelta(days=6))

    def _dates_item(self, *dates: date | None) -> _Item | None:
        real = tuple(d for d in dates if d is not None)
        for d in real:
            if d < self.today:
                self.issues.append(Issue(kind="in_the_past", detail=f"{d:%d %b %Y} has passed"))
        return _Item(0, 0, "dates", dates=real) if real else None

    def _one_date(self, month: int, day: int) -> _Item | None:
        return self._dates_item(self._date(None, month, day))

    def _span(self, month: int, first: int, sep: str, last: int) -> _Item | None:
        a, b = self._date(None, month, first), self._date(None, month, last)
        if a is None or b is None or b < a:
            return None
        if sep in ("and", "or"):
            return self._dates_item(a, b)
        return self._dates_item(*(a + timedelta(days=k) for k in range((b - a).days + 1)))

    def _ordinal_span(self, m: re.Match[str]) -> _Item | None:
        first = self._day_of_month(int(m[1]))
        if first is None:
            return None
        return self._span(first.month, int(m[1]), "-", int(m[2]))

    def _relative(self, m: re.Match[str]) -> list[_Item]:
        word = m.group(0)
        offset = {"明後日": 2, "あさって": 2, "明日": 1, "あした": 1, "tomorrow": 1}.get(word, 0)
        if word in ("yesterday", "昨日"):
            return [self._dates_item(self.today - timedelta(days=1)) or _Item(0, 0, "dates")]
        if "after tomorrow" in word:
            offset = 2
        items = [_Item(0, 0, "dates", dates=(self.today + timedelta(days=offset),))]
        if word in ("tonight", "今夜", "今晩"):
            items.append(_Item(0, 0, "part", part="evening", part_window=PART_WINDOWS["evening"]))
        return items

    def _weekday(self, m: re.Match[str]) -> _Item:
        modifier, name, plural = m.group(1), m.group(2), m.group(3)
        day = WEEKDAYS[name]
        if modifier == "every" or plural:
            return _Item(0, 0, "recurring", weekdays=(day,))
        if modifier == "next":
            return _Item(0, 0, "dates", dates=(self._next_week().first + timedelta(days=day),))
        if modifier in ("this", "coming"):
            return _Item(0, 0, "dates", dates=(self._next_weekday(day, include_today=True),))
        return _Item(0, 0, "weekday", weekdays=(day,), bare=True)

    def _ja_weekday(self, m: re.Match[str]) -> _Item:
        day = JA_WEEKDAYS[m.group(2) or m.group(3)]
        if m.group(1) == "毎週":
            return _Item(0, 0, "recurring", weekdays=(day,))
        if m.group(1) == "来週":
            return _Item(0, 0, "dates", dates=(self._next_week().first + timedelta(days=day),))
        if m.group(1) == "今週":
            return _Item(0, 0, "dates", dates=(self._next_weekday(day, include_today=True),))
        return _Item(0, 0, "weekday", weekdays=(day,), bare=True)

    def _weekday_span(self, m: re.Match[str]) -> _Item:
        first, last = WEEKDAYS[m.group(1)], WEEKDAYS[m.group(2)]
        start = self._next_weekday(first)
        count = (last - first) % 7 + 1
        return _Item(0, 0, "dates", dates=tuple(start + timedelta(days=k) for k in range(count)))

    def _week(self, m: re.Match[str]) -> _Item:
        word = m.group(0).removeprefix("the ").strip()
        nxt = self._next_week()
        this_week = DateRange(first=self.today, last=nxt.first - timedelta(days=1))
        base = nxt if "next" in word else this_week
        if word.startswith(("early", "start", "beginning")):
            last = max(
                base.first,
                nxt.first - timedelta(days=5)
                if base is this_week
                else nxt.first + timedelta(days=2),
            )
            return _Item(0, 0, "range", date_range=DateRange(first=base.first, last=last))
        if word.startswith(("late", "end")):
            monday = base.last - timedelta(days=6)
            first = max(base.first, monday + timedelta(days=3 if word.startswith("end") else 2))
            return _Item(0, 0, "range", date_range=DateRange(first=first, last=base.last))
        if word in ("week after next", "再来週"):
            span = DateRange(first=nxt.first + timedelta(days=7), last=nxt.last + timedelta(days=7))
        elif word in ("next week", "coming week", "来週"):
            span = nxt
        elif "two" in word or "2" in word:
            span = DateRange(first=self.today, last=self.today + timedelta(days=14))
        else:
            span = DateRange(first=self.today, last=nxt.first - timedelta(days=1))
        return _Item(0, 0, "range", date_range=span)

    def _filter(self, m: re.Match[str]) -> _Item:
        weekend = "weekend" in m.group(0) or m.group(0) in ("週末", "土日")
        return _Item(0, 0, "filter", weekdays=(5, 6) if weekend else (0, 1, 2, 3, 4))

    def _window(self, window: TimeWindow | None) -> _Item | None:
        return _Item(0, 0, "window", window=window) if window else None

    def _after(self, m: re.Match[str]) -> _Item | None:
        atom = _atom(m, 1)
        start = _hour(*atom) if atom else None
        if start is None:
            return None
        end = DAY_CLOSE if _minutes(start) < _minutes(DAY_CLOSE) - 60 else _plus(start, 120)
        return self._window(TimeWindow(start=start, end=end))

    def _before(self, m: re.Match[str]) -> _Item | None:
        atom = _atom(m, 1)
        end = _hour(*atom) if atom else None
        if end is None or end == time(0):
            return None
        start = DAY_OPEN if _minutes(end) > _minutes(DAY_OPEN) + 30 else time(max(end.hour - 2, 0))
        return self._window(TimeWindow(start=start, end=end)) if start < end else None

    def _at(self, m: re.Match[str]) -> _Item | None:
        atom = _atom(m, 1) or _atom(m, 2)
        start = _hour(*atom) if atom else None
        if start is None:
            return None
        return self._window(TimeWindow(start=start, end=_plus(start, 60), exact_start=True))

    def _range(self, m: re.Match[str]) -> _Item | None:
        a, b = _atom(m, 1), _atom(m, 2)
        return self._window(_range_window(a, b)) if a and b else None

    def _part(self, m: re.Match[str]) -> _Item:
        word = m.group(0)
        part = PART_WORDS[word]
        window = PART_VARIANTS.get(word, PART_WINDOWS[part])
        return _Item(0, 0, "part", part=part, part_window=window)

    def _zone(self) -> None:
        masked = "".join(self.mask)
        found = [(m, ZONE_WORDS[m.group(1)]) for m in ZONE_PATTERN.finditer(masked)]
        for m in _RE["offset_zone"].finditer(masked):
            if m.group(3) and m.group(3) != "00":
                self.issues.append(Issue(kind="unknown_zone", detail=m.group(0)))
                continue
            hours = int(m.group(2))
            name = "UTC" if hours == 0 else f"Etc/GMT{'-' if m.group(1) == '+' else '+'}{hours}"
            found.append((m, name))
        zones = {name for _, name in found}
        if len(zones) > 1:
            self.issues.append(
                Issue(kind="ambiguous", detail="several time zones: " + ", ".join(sorted(zones)))
            )
        for m, name in found:
            self.zone, self.zone_mentioned = name, m.group(0).strip()
            self._consume(m.start(), m.end())

    def scan(self) -> None:
        self._zone()
        self._scan("iso", lambda m: self._dates_item(self._date(int(m[1]), int(m[2]), int(m[3]))))
        self._scan("month_day_span", lambda m: self._span(MONTHS[m[1]], int(m[2]), m[3], int(m[4])))
        self._scan("day_month_span", lambda m: self._span(MONTHS[m[4]], int(m[1]), m[2], int(m[3])))
        self._scan(
            "month_day", lambda m: self._dates_item(self._date(None, MONTHS[m[1]], int(m[2])))
        )
        self._scan(
            "day_month", lambda m: self._dates_item(self._date(None, MONTHS[m[2]], int(m[1])))
        )
        self._scan("ja_date", lambda m: self._dates_item(self._date(None, int(m[1]), int(m[2]))))
        self._scan("ja_day", lambda m: self._dates_item(self._day_of_month(int(m[1]))))
        self._scan("ordinal_span", self._ordinal_span)
        self._scan("ordinal", lambda m: self._dates_item(self._day_of_month(int(m[1]))))
        self._scan("relative", self._relative)
        self._scan("weekday_span", self._weekday_span)
        self._scan("week", self._week)
        self._scan("weekday", self._weekday)
        self._scan("ja_weekday", self._ja_weekday)
        self._scan("filter", self._filter)
        for name in ("range_between", "range", "ja_range"):
            self._scan(name, self._range)
        self._scan("ja_after", self._after)
        self._scan("ja_before", self._before)
        self._scan("after", self._after)
        self._scan("busy_until", self._after)
        self._scan("before", self._before)
        self._scan("at", self._at)
        self._scan("clock", self._at)
        self._scan("ja_at", self._at)
        self._scan("part", self._part)
        self._scan("the_day", lambda m: self._dates_item(self._day_of_month(int(m[1]))))
        self.items.sort(key=lambda item: item.start)

    # --- structure ------------------------------------------------------------------------
    def _segments(self) -> list[tuple[int, int, str]]:
        """Alternatives as (start, end, separator before it), cut outside understood spans."""
        masked = "".join(self.mask)
        cuts: list[tuple[int, int, str]] = []
        for m in _SEPARATORS.finditer(self.text):
            if masked[m.start() : m.end()].strip():
                cuts.append((m.start(), m.end(), m.group(0)))
        bounds: list[tuple[int, int, str]] = []
        position, separator = 0, ""
        for start, end, sep in cuts:
            bounds.append((position, start, separator))
            position, separator = end, sep
        bounds.append((position, len(self.text), separator))
        return bounds

    def _mark_negations(self) -> None:
        masked = "".join(self.mask)
        before = [m.end() for m in _NEG_BEFORE.finditer(masked)]
        after = [m.start() for m in _NEG_AFTER.finditer(masked)]
        positive = [m.start() for m in _POSITIVE.finditer(masked)]
        carried = False
        for start, end, separator in self._segments():
            inside = [item for item in self.items if start <= item.start < end]
            cues = [p for p in before if start < p <= end]
            has_positive = any(start <= p < end for p in positive)
            sep = separator.strip()
            days_only = all(item.kind in ("dates", "weekday", "recurring") for item in inside)
            joins = sep in ("or", "and", "か", "と", "/") or (sep in (",", "、") and days_only)
            if carried and joins and not cues and not has_positive:
                for item in inside:
                    item.negated = True
            elif cues:
                for item in inside:
                    item.negated = item.start >= cues[0]
            for cue in (p for p in after if start <= p < end):
                preceding = [item for item in inside if item.end <= cue]
                if preceding:
                    preceding[-1].negated = True
            carried = bool(inside) and inside[-1].negated

    def _groups(self, negated: bool) -> list[_Group]:
        groups: list[_Group] = []
        for start, end, _ in self._segments():
            group = _Group()
            for item in self.items:
                if not start <= item.start < end or item.negated != negated:
                    continue
                if item.kind == "dates":
                    group.dates.extend(item.dates)
                elif item.kind == "weekday":
                    group.bare_weekdays.extend(item.weekdays)
                elif item.kind == "recurring":
                    group.weekdays.extend(item.weekdays)
                elif item.kind == "window" and item.window:
                    group.windows.append(item.window)
                elif item.kind == "part" and item.part_window:
                    group.parts.append(item.part_window)
            if group.has_days or group.windows or group.parts:
                groups.append(group)
        return groups

    def _windows(self, group: _Group) -> list[TimeWindow]:
        """Explicit times narrowed by a part of day ("at 8 in the evening" is 20:00)."""
        if not group.parts:
            return group.windows
        parts = [TimeWindow(start=a, end=b) for a, b in group.parts]
        if not group.windows:
            return parts
        result: list[TimeWindow] = []
        for window in group.windows:
            for shift in (0, 12 * 60):
                start = _minutes(window.start) + shift
                end = _minutes(window.end, end=True) + shift
                if end > 24 * 60:
                    continue
                for part in parts:
                    lo, hi = (
                        max(start, _minutes(part.start)),
                        min(end, _minutes(part.end, end=True)),
                    )
                    if window.exact_start and _minutes(part.start) <= start <= _minutes(
                        part.end, end=True
                    ):
                        result.append(
                            TimeWindow(
                                start=_plus(time(0), start),
                                end=_plus(time(0), end),
                                exact_start=True,
                            )
                        )
                    elif not window.exact_start and lo < hi:
                        result.append(TimeWindow(start=_plus(time(0), lo), end=_plus(time(0), hi)))
                if result:
                    return result
        self.issues.append(Issue(kind="contradiction", detail="a time outside the part of day"))
        return group.windows

    def _choices(self, groups: list[_Group], recurring_bare: bool) -> list[DayChoice]:
        windows = [self._windows(group) for group in groups]
        own = [bool(w) for w in windows]
        for index, group in enumerate(groups):
            if group.has_days and not own[index]:
                donors = [k for k in range(index + 1, len(groups)) if own[k]]
                donors += [k for k in range(index - 1, -1, -1) if own[k] and groups[k].has_days]
                if donors:
                    windows[index] = windows[donors[0]]
        keep = [True] * len(groups)
        for index, group in enumerate(groups):
            if group.has_days or not any(g.has_days for g in groups):
                continue
            donors = [k for k in range(index - 1, -1, -1) if groups[k].has_days]
            donors += [k for k in range(index + 1, len(groups)) if groups[k].has_days]
            donor = groups[donors[0]]
            if not own[donors[0]]:
                keep[index] = False  # its times were lent to the days before it
                continue
            group.dates, group.weekdays = list(donor.dates), list(donor.weekdays)
            group.bare_weekdays = list(donor.bare_weekdays)
        groups = [g for g, k in zip(groups, keep, strict=True) if k]
        windows = [w for w, k in zip(windows, keep, strict=True) if k]
        choices = []
        for group, group_windows in zip(groups, windows, strict=True):
            dates = list(group.dates)
            weekdays = list(group.weekdays)
            if recurring_bare:
                weekdays += group.bare_weekdays
            else:
                dates += [self._next_weekday(day) for day in group.bare_weekdays]
            choices.append(
                DayChoice(
                    dates=sorted(set(dates)),
                    weekdays=sorted(set(weekdays)),
                    windows=list(dict.fromkeys(group_windows)),
                )
            )
        return choices

    def _confidence(self, understood: bool) -> float:
        if not understood:
            return 0.0
        masked = "".join(self.mask)
        for pattern in (_NEG_BEFORE, _NEG_AFTER, _POSITIVE, _SEPARATORS):
            masked = pattern.sub(" ", masked)
        unknown = [w for w in _WORD.findall(masked) if w not in STOPWORDS]
        digits = re.findall(r"\d+", masked)
        score = 0.95 - 0.04 * len(unknown) - 0.25 * len(digits)
        for issue in self.issues:
            score -= 0.5 if issue.kind in ("contradiction", "ambiguous", "unknown_zone") else 0.2
        return round(max(0.05, min(score, 0.95)), 2)

    def constraints(self) -> AvailabilityConstraints:
        wants_person = bool(_PERSON.search(self.text))
        picked = _PICK.search(self.text)
        picked_option = None
        if picked:
            word = picked.group("n") or picked.group("w") or picked.group("j")
            picked_option = _PICK_WORDS.get(word) or int(word.translate(_NORMALISE))
            self._consume(picked.start(), picked.end())
        self.scan()
        self._mark_negations()
        ranges = [i.date_range for i in self.items if i.kind == "range" and not i.negated]
        date_range = None
        if ranges:
            date_range = DateRange(
                first=min(r.first for r in ranges if r), last=max(r.last for r in ranges if r)
            )
        filters = [i for i in self.items if i.kind == "filter"]
        weekday_filter = sorted({d for i in filters if not i.negated for d in i.weekdays}) or None
        positive = self._choices(self._groups(negated=False), recurring_bare=date_range is not None)
        exclusions = self._choices(self._groups(negated=True), recurring_bare=True)
        for item in self.items:
            if item.negated and item.kind == "filter":
                exclusions.append(DayChoice(weekdays=list(item.weekdays)))
            if item.negated and item.kind == "range" and item.date_range:
                span = item.date_range
                days = [
                    span.first + timedelta(days=k) for k in range((span.last - span.first).days + 1)
                ]
                exclusions.append(DayChoice(dates=days))
        if not positive and (date_range or weekday_filter or exclusions):
            positive = [DayChoice()]
        self._check_contradictions(positive, exclusions)
        parts = [i.part for i in self.items if i.kind == "part" and i.part]
        found = AvailabilityConstraints(
            choices=positive,
            exclusions=exclusions,
            date_range=date_range,
            weekday_filter=weekday_filter,
            parts_of_day=list(dict.fromkeys(parts)),
            zone=self.zone,
            zone_mentioned=self.zone_mentioned,
            wants_person=wants_person,
            picked_option=picked_option,
            confidence=0.0,
            issues=self.issues,
            understood=[text for _, text in sorted(self.understood) if text],
        )
        understood = found.understood_anything or wants_person or picked_option is not None
        found.confidence = self._confidence(understood)
        if not found.understood_anything and not wants_person and picked_option is None:
            found.issues.append(
                Issue(kind="nothing_understood", detail="no day or time was recognised")
            )
        return found

    def _check_contradictions(self, positive: list[DayChoice], excluded: list[DayChoice]) -> None:
        for choice in excluded:
            if choice.windows:
                continue
            for wanted in positive:
                named = set(wanted.dates) | {d.weekday() for d in wanted.dates}
                if wanted.weekdays and set(wanted.weekdays) <= set(choice.weekdays):
                    clash = True
                elif wanted.dates and not wanted.weekdays:
                    clash = all(
                        d in choice.dates or d.weekday() in choice.weekdays for d in wanted.dates
                    )
                else:
                    clash = False
                if clash and named:
                    self.issues.append(
                        Issue(kind="contradiction", detail="a day was both offered and ruled out")
                    )
                    return


def parse_with_grammar(text: str, now: datetime, zone: str) -> AvailabilityConstraints:
    """The offline reading of one message."""
    return AvailabilityGrammar(text, now, zone).constraints()
