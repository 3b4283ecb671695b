"""Work history entries: employer, title, dates, description; total years of experience."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from hireflow.resumes.document import ExperienceEntry
from hireflow.resumes.parsing.dates import (
    DateRange,
    find_date_range,
    find_dates,
    month_index,
    today_month,
)
from hireflow.resumes.parsing.headings import match_heading
from hireflow.resumes.parsing.sections import (
    BULLET_CHARS,
    COMPANY_RE,
    INSTITUTION_RE,
    TITLE_WORDS_RE,
    TextLine,
    split_lines,
    strip_bullet,
)

_SPLIT_RE = re.compile(r"\s+(?:at|@)\s+|\s*[,|｜/／–—]\s*|\s+-\s+|\s{2,}|　")
_JOIN_RE = re.compile(r"^(?:入社|入行|入所|入庁|入職)|(?:入社|入行|入所|入庁|入職)$")
_LEAVE_RE = re.compile(r"(?:退社|退職|退行|退所|退任)")
_CURRENT_RE = re.compile(r"現在に至る|現在まで在籍|在籍中")
_PAREN_RE = re.compile(r"[(（]\s*[)）]|[(（]|[)）]")
_MAX_HEADER_CHARS = 120  # "Assistant Manager, The Inn & Suites (full service, 180 rooms), City"
# "Northwind Analytics Ltd. Leeds": a place flushed right runs into the employer's name.
_LEGAL_FORM_THEN_PLACE_RE = re.compile(
    r"(?P<form>\b(?:inc|ltd|llc|plc|corp|gmbh|ag|s\.a|s\.l|ltda|sas|co)\.?)"
    r"(?:\s+[A-Z][\w.-]*){1,3}$",
    re.IGNORECASE,
)
_AS_RE = re.compile(r"^(?P<company>\S.{1,60}?)\s+as\s+(?:an?\s+)?(?P<role>[A-Z].{1,60})$")
# A line ending in an abbreviation ("Acme Inc.", "Soluciones Íberas S.L.", "Logística Ltda.")
# is a header, not a sentence.
_COMPANY_END_RE = re.compile(
    r"\b(?:inc|ltd|ltda|co|corp|llc|plc|s\.a|b\.v|k\.k|s\.l|s\.r\.l|s\.p\.a|n\.v|pvt|"
    r"sas|gmbh|ag|jr|sr|dept)\.$|(?:\b[A-Za-z]\.){2,}$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Draft:
    header_lines: list[TextLine]
    start: str | None
    end: str | None
    is_current: bool
    header_text: list[str]
    description: list[TextLine] = field(default_factory=list)


def extract_experience(content: str, base: int) -> list[ExperienceEntry]:
    """Entries of one experience section (``content`` starts at offset ``base``)."""
    lines = split_lines(content, base)
    drafts: list[_Draft] = []
    consumed_until = -1
    events: set[int] = set()  # 退社 / 現在に至る lines: dates of an entry, not its description
    for index, line in enumerate(lines):
        found = find_date_range(line.text) or _lone_date(line.text)
        if found is None:
            if _rirekisho_event(line, drafts, events):
                consumed_until = index
            continue
        remainder = _clean(line.text[: found.span[0]] + " " + line.text[found.span[1] :])
        header = [line]
        texts = [remainder] if remainder else []
        ahead = next((ln.text for ln in lines[index + 1 :] if ln.text.strip()), "")
        # "2019 – 2021" alone, then "Senior Engineer, Acme Corp": the header follows the dates.
        dates_first = not remainder and _is_header_like(ahead) and _names_role(ahead)
        back = index - 1
        while (
            back > consumed_until
            and len(header) < 3
            and _is_header_like(lines[back].text)
            and _above_belongs(lines, back, line.text)
            and not _caps_label_above(lines[back].text, texts)
        ):
            if dates_first and not _names_role(lines[back].text):
                break
            header.insert(0, lines[back])
            texts.insert(0, _clean(lines[back].text))
            back -= 1
        drafts.append(_Draft(header, found.start, found.end, found.is_current, texts))
        consumed_until = index
    for draft_index, draft in enumerate(drafts):
        last = draft.header_lines[-1]
        following = [
            ln
            for ln in lines
            if ln.start > last.start
            and ln.start not in events
            and (
                draft_index + 1 >= len(drafts)
                or ln.start < drafts[draft_index + 1].header_lines[0].start
            )
        ]
        while following and not following[0].text.strip():
            following = following[1:]
        title, employer = _title_and_employer(draft.header_text)
        while (
            following
            and len(draft.header_text) < 3
            and (title is None or employer is None)
            and _is_header_like(following[0].text)
            and _names_role(following[0].text)
        ):
            draft.header_text.append(_clean(following[0].text))
            following = following[1:]
            title, employer = _title_and_employer(draft.header_text)
        draft.description = following
    return [_entry(draft) for draft in drafts]


_BULLETS = BULLET_CHARS + "·~–"
# An upper-case line ending in a work-section word is a heading the lookup does not know.
_CAPS_HEADING_RE = re.compile(
    r"^[A-Z0-9&/.,' -]{0,40}\b(?:EXPERIENCE|EMPLOYMENT|HISTORY|CAREER|WORK|POSITIONS)$"
)
_WRAPS_RE = re.compile(r"(?:[,;:&/(+-]|\b(?:and|or|of|the|a|an|to|for|with|in|on))$", re.I)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _above_belongs(lines: list[TextLine], index: int, dated: str) -> bool:
    """Whether line ``index``, above a dated line, can be part of its header: not a section
    heading ("Work", "Experience") and not the wrapped end of the previous role's bullet
    (indented deeper than the dated line, starting in lower case, or after a bullet that
    stops at a comma or a conjunction)."""
    above = lines[index].text
    if match_heading(above) is not None or _indent(above) > _indent(dated):
        return False
    if _CAPS_HEADING_RE.match(above.strip()):  # "A&A EXPERIENCE", "RETAIL WORK HISTORY"
        return False
    if above.strip()[:1].islower():
        return False
    if index > 0:
        before = lines[index - 1].text.strip()
        if before[:1] in _BULLETS and _WRAPS_RE.search(before):
            return False
    return True


_CAPS_LABEL_RE = re.compile(r"^[A-Z][A-Z&'.]*(?: [A-Z][A-Z&'.]*){0,2}$")


def _caps_label_above(above: str, texts: list[str]) -> bool:
    """Whether ``above`` is a section label the heading lookup does not know ("MILITARY",
    "TRUCKING", "ELECTRICAL") over a header that names its title and employer already:
    one to three capitalised words, no separator, no title word and no company marker."""
    stripped = above.strip()
    if not _CAPS_LABEL_RE.match(stripped) or _names_role(stripped):
        return False
    title, employer = _title_and_employer(texts) if texts else (None, None)
    return title is not None and employer is not None


def _lone_date(text: str) -> DateRange | None:
    """A line that is one date and nothing else ("Summer 2021", "Mar 2019"): a short job."""
    stripped = text.strip()
    dates = find_dates(stripped)
    if len(dates) != 1:
        return None
    value, (start, end) = dates[0]
    if len(value) < 7:
        return None
    if len(stripped) <= 20 and start <= 1 and end >= len(stripped) - 1:
        return DateRange(value, value, False, (0, len(text)))
    # "Student Nurse Extern, St. Aldric ICU — Summer 2025": a role header ending in one
    # month's date after a separator is a short role of that month.
    head = stripped[:start].rstrip()
    if (
        end >= len(stripped) - 1
        and head[-1:] in ("—", "–", "-", ",", "|", "(")
        and _is_header_like(head)
        and _names_role(head)
    ):
        offset = text.index(stripped)
        return DateRange(value, value, False, (offset + start, offset + end))
    return None


def _rirekisho_event(line: TextLine, drafts: list[_Draft], events: set[int]) -> bool:
    """履歴書 history lines: "<date> <employer> 入社" opens an entry, "<date> … 退社" ends it,
    "現在に至る" makes it current. Whether ``line`` was one of them."""
    joined = _japanese_join_line(line.text)
    if joined is not None:
        drafts.append(_Draft([line], joined[0], None, False, [joined[1]]))
        return True
    if not drafts or drafts[-1].end is not None:
        return False
    if _LEAVE_RE.search(line.text):
        dates = find_dates(line.text)
        if dates:
            drafts[-1].end = dates[0][0]
            events.add(line.start)
            return True
    if _CURRENT_RE.search(line.text):
        drafts[-1].is_current = True
        events.add(line.start)
        return True
    return False


def _japanese_join_line(text: str) -> tuple[str, str] | None:
    """A 履歴書 line "2015年4月 株式会社サイバーエージェント 入社" → (start, employer)."""
    dates = find_dates(text)
    if not dates:
        return None
    value, (_, end) = dates[0]
    rest = text[end:].strip()
    if not _JOIN_RE.search(rest):
        return None
    return value, _clean(_JOIN_RE.sub("", rest))


# An aside in brackets with a number or a comma describes the employer or the role
# ("(1,020 keys, IHG)", "(Tier 1 stamping + weld)"): never a header part of its own.
_ASIDE_RE = re.compile(r"[(（][^()（）]*[\d,][^()（）]*[)）]")


def _clean(text: str) -> str:
    text = strip_bullet(_PAREN_RE.sub(" ", _ASIDE_RE.sub(" ", text)))
    return re.sub(r"\s+", " ", text).strip(" ,|:：-–—")


def _names_role(text: str) -> bool:
    """Whether a line names a job title or an employer."""
    return bool(TITLE_WORDS_RE.search(text) or COMPANY_RE.search(text))


def _is_header_like(text: str) -> bool:
    stripped = text.strip()
    sentence = stripped.endswith(("。", ";")) or (
        stripped.endswith(".") and not _COMPANY_END_RE.search(stripped)
    )
    return (
        bool(stripped)
        and len(stripped) <= _MAX_HEADER_CHARS
        and not (sentence or stripped[0] in BULLET_CHARS or find_date_range(stripped) is not None)
    )


def _entry(draft: _Draft) -> ExperienceEntry:
    title, employer = _title_and_employer(draft.header_text)
    description = "\n".join(ln.text for ln in draft.description).strip()
    start_offset = draft.header_lines[0].start
    end_offset = draft.description[-1].end if draft.description else draft.header_lines[-1].end
    return ExperienceEntry(
        employer=employer,
        title=title,
        start=draft.start,
        end=None if draft.is_current else draft.end,
        is_current=draft.is_current,
        description=description,
        start_offset=start_offset,
        end_offset=end_offset,
    )


def _title_and_employer(texts: list[str]) -> tuple[str | None, str | None]:
    """Tell the job title from the employer among the header's parts.

    A part with a company marker (Inc, Ltd, 株式会社 …) is the employer; one with a job word
    (Engineer, マネージャー …) the title. "Title at Company" and "Title, Company" are the
    English defaults when neither shows.
    """
    parts: list[str] = []
    for text in texts:
        worked_as = _AS_RE.match(text)  # "Infosys Ltd as Senior Software Engineer"
        if worked_as and not COMPANY_RE.search(worked_as.group("role")):
            return worked_as.group("role").strip(), worked_as.group("company").strip(" ,")
        if re.search(r"\s(?:at|@)\s", text):
            role, _, company = re.split(r"\s(at|@)\s", text, maxsplit=1)
            parts.extend([role.strip(), company.strip()])
            continue
        parts.extend(_header_parts(text))
    parts = [p for p in parts if p and not re.fullmatch(r"[\d\s./~-]+", p)]
    parts = [p for p in parts if not _LEVEL_ONLY_RE.fullmatch(p)]  # "Engineer I/II"
    title: str | None = None
    employer: str | None = None
    # A part ending in a job noun is the title even with a company or school word in it
    # ("Power Systems Engineer", "School Social Worker"); a part whose only title words are
    # plural ("Ozark Power Consultants", "Hoosier Care Associates") names a firm.
    firms = [p for p in parts if _plural_title_only(p)]
    strong = [p for p in parts if _ends_in_title(p, agents=False)]
    named = [p for p in parts if _ends_in_title(p) and p not in firms]
    title = strong[0] if strong else None
    for part in parts:
        if part == title:
            continue
        if (
            employer is None
            and (COMPANY_RE.search(part) or INSTITUTION_RE.search(part))
            and not _ends_in_title(part)
        ):
            employer = part
        elif title is None and TITLE_WORDS_RE.search(part) and not (named and part in firms):
            title = part
    if employer is None and named:
        employer = next((p for p in firms if p != title), None)
    if employer is not None:
        employer = _LEGAL_FORM_THEN_PLACE_RE.sub(r"\g<form>", employer)
    rest = [p for p in parts if p not in (title, employer)]
    if title is None and rest and employer is not None:
        title = rest.pop(0)
    if employer is None and rest:
        employer = rest.pop(0) if title is not None else (rest.pop(1) if len(rest) > 1 else None)
    if title is None and rest:
        title = rest.pop(0)
    return title, employer


_SLASH_RE = re.compile(r"\s*[/／]\s*")
_SPLIT_BUT_SLASH_RE = re.compile(r"\s+(?:at|@)\s+|\s*[,|｜–—]\s*|\s+-\s+|\s{2,}|　")


def _header_parts(text: str) -> list[str]:
    """The parts of a header line, with a title written as alternatives kept one part:
    "Multi-craft Mech / E&I Tech" is one role with two names, not a title and an employer.
    A slash splits only where a side names a company or a school or is a level alone
    ("Engineer I/II"), or no side has a title word ("Houston / Dallas")."""
    out: list[str] = []
    for chunk in _SPLIT_BUT_SLASH_RE.split(text):
        chunk = (chunk or "").strip()
        if not chunk:
            continue
        pieces = [p.strip() for p in _SLASH_RE.split(chunk) if p.strip()]
        if len(pieces) > 1 and (
            any(COMPANY_RE.search(p) or INSTITUTION_RE.search(p) for p in pieces)
            or any(_LEVEL_ONLY_RE.fullmatch(p) for p in pieces)  # "Engineer I/II"
            or not any(TITLE_WORDS_RE.search(p) for p in pieces)
        ):
            out.extend(pieces)
        else:
            out.append(chunk)
    return out


# Company markers that are legal forms: "Systems" or "Bank" may stand in a title ("Power
# Systems Engineer", "Bank Teller"), "Inc" or "GmbH" never.
_LEGAL_FORM_RE = re.compile(
    r"\b(?:inc|ltd|llc|llp|plc|corp|corporation|gmbh|ag|s\.a|bv|kk|ltda|s\.l|sas|sarl|"
    r"s\.r\.l|srl|spa|s\.p\.a|pty|pvt|limited|kg)\b|株式会社|有限会社|合同会社",
    re.IGNORECASE,
)


_LEVEL_ONLY_RE = re.compile(r"(?:[IVX]{1,4}|[1-5]|Sr\.?|Jr\.?)", re.IGNORECASE)
# Agent nouns a title ends in ("Therapist", "Coder", "Counselor") and words of the same
# endings that close a company's or a place's name instead.
_AGENT_RE = re.compile(r"[a-z]{3,}(?:er|or|ist|ian|ant)", re.IGNORECASE)
_NOT_AGENT = frozenset(
    {"center", "centre", "tower", "water", "theater", "theatre", "restaurant", "summer"}
    | {"winter", "member", "quarter", "river"}
)


def _ends_in_title(part: str, *, agents: bool = True) -> bool:
    """Whether ``part`` ends in a singular title word (or, in two words or more, an agent
    noun) and has no legal form: a title even with a company-like word in it ("Power
    Systems Engineer II", "School Social Worker", "University Relations Manager")."""
    words = [w for w in re.findall(r"[^\W\d_]+", part) if not _LEVEL_ONLY_RE.fullmatch(w)]
    if not words or _LEGAL_FORM_RE.search(part):
        return False
    last = words[-1]
    if TITLE_WORDS_RE.fullmatch(last) is not None:
        return not _plural_title_only(last)
    return (
        agents
        and len(words) >= 2
        and _AGENT_RE.fullmatch(last) is not None
        and last.lower() not in _NOT_AGENT
    )


def _plural_title_only(part: str) -> bool:
    """Whether every title word of ``part`` is written in the plural ("Consultants")."""
    found = [m.group() for m in TITLE_WORDS_RE.finditer(part)]
    return bool(found) and all(
        w[-1:].lower() == "s" and TITLE_WORDS_RE.fullmatch(w[:-1]) is not None for w in found
    )


def years_of_experience(
    entries: list[ExperienceEntry] | tuple[ExperienceEntry, ...], today: date
) -> float | None:
    """Total years worked, counting overlapping jobs once; ``is_current`` runs to ``today``.

    Month-precise ranges count both end months ("2019/04 - 2021/03" is 2.0 years); a year
    alone counts as its January.
    """
    spans: list[tuple[int, int]] = []
    now = month_index(today_month(today))
    for entry in entries:
        if entry.start is None:
            continue
        start = month_index(entry.start)
        if entry.is_current:
            end = now + 1
        elif entry.end is None:
            continue
        else:
            end = month_index(entry.end) + (1 if len(entry.end) >= 7 else 0)
        if end > start:
            spans.append((start, min(end, now + 1)))
    if not spans:
        return None
    spans.sort()
    total = 0
    current_start, current_end = spans[0]
    for start, end in spans[1:]:
        if start <= current_end:
            current_end = max(current_end, end)
        else:
            total += current_end - current_start
            current_start, current_end = start, end
    total += current_end - current_start
    return round(total / 12, 1)


def current_role(entries: list[ExperienceEntry]) -> ExperienceEntry | None:
    """The current job, else the one that ended last."""
    current = [e for e in entries if e.is_current]
    if current:
        return max(current, key=lambda e: e.start or "")
    dated = [e for e in entries if e.end or e.start]
    if not dated:
        return entries[0] if entries else None
    return max(dated, key=lambda e: e.end or e.start or "")
