"""Requirements as people write them, read into what the engine can check.

A requirement line ("Active RN license", "ICU / critical care experience", "3+ years of
FP&A", "Bachelor's degree in Finance, Accounting or a related field", "Able to work night
shifts") becomes a ``Requirement``: the vocabulary concepts it names (any of them, or all),
the years it asks for, the education it asks for, or the words to look for when the
vocabulary does not know it. ``parse_posting`` reads a whole pasted job description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from hireflow.jobs.scoring.terms import stem, stems
from hireflow.jobs.scoring.vocabulary import phrase_key, tokens, vocabulary

RequirementKind = Literal["concept", "years", "education", "keywords", "logistics"]

EDUCATION_LEVELS: dict[str, int] = {
    "none": 0,
    "high_school": 1,
    "associate": 2,
    "bachelor": 3,
    "master": 4,
    "doctorate": 5,
}
_LEVEL_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (5, re.compile(r"\b(ph\.?\s?d|doctor(ate|al)?|d\.?phil|md|pharmd|edd|博士)\b", re.I)),
    (
        4,
        re.compile(r"\b(master'?s?|m\.?sc?|m\.?eng|mba|m\.?a|ms|msn|m\.ed|mph|mfa|修士)\b", re.I),
    ),
    (
        3,
        re.compile(
            r"\b(bachelor'?s?|b\.?sc?|b\.?eng|b\.?a|bs|ba|bsn|bba|bfa|undergraduate|"
            r"four[- ]year degree|4[- ]year degree|college degree|university degree|学士)\b",
            re.I,
        ),
    ),
    (
        1,
        re.compile(
            r"(high[- ]school|secondary school|ged\b|hs diploma|(?-i:\bHS\b)|高校|高等学校)", re.I
        ),
    ),
    (
        2,
        re.compile(
            r"\b(associate'?s?( degree)?|adn|asn|aas|a\.a\.s|a\.d\.n|a\.s\.n|a\.[as](?=\.)|diploma|"
            r"two[- ]year degree|短期大学)\b",
            re.I,
        ),
    ),
)
_YEARS_RE = re.compile(
    r"(?:(?:at least|minimum( of)?|min\.?|over|more than)\s+)?"
    r"(?P<low>\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*(?P<high>\d{1,2})\s*)?\+?\s*(?:years?|yrs?)\b",
    re.I,
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_EDUCATION_WORDS_RE = re.compile(
    r"\b(degree|bachelor|master|diploma|ged|phd|doctorate|bsn|adn|mba|graduate of|"
    r"high school|college|university)\b",
    re.I,
)
_LOGISTICS_RE = re.compile(
    r"\b(shifts?|nights?|weekends?|overnight|on[- ]call|rotating|remote|"
    r"schedule(?!\s+(?-i:[A-Z])\b)|"  # not "Schedule P", a statement's schedule
    r"take call|call rotation|call schedule|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekdays?|evenings?|holidays?|"
    r"hybrid(?!\s*(?:/|or|and)?\s*(?:electric|ev|vehicles?|cars?|powertrains?|cloud|apps?)\b)|"
    r"on[- ]site|onsite|in[- ]office|relocat\w*|travel|commute|located in|based in|lift(ing)?\s+"
    r"\d+|work authori[sz]ation|authori[sz]ed to work|driver'?s licen[cs]e|reliable transportation)"
    r"\b",
    re.I,
)
_DEGREE_RE = re.compile(
    r"\b(degree|diploma|bachelor'?s?|master'?s (degree|in|of)|associate'?s degree|ged|"
    r"high school|graduate of|bsn|adn|msn|mba|phd|doctorate)\b",
    re.I,
)
_AFTER_DEGREE_RE = re.compile(r"\bpost[- ]?(?:master|bachelor|graduat|degree|doctor)", re.I)
_LOGISTICS_BELOW = 0.35  # a logistics line whose concepts name less of it stays logistics
_CREDENTIAL_WORDS_RE = re.compile(r"licen[cs]|credential|certificat|certified|registration", re.I)
_DRIVING_RE = re.compile(r"driver'?s?\s+licen[cs]e|driving licen[cs]e|\bCDL\b", re.I)


def _held_credential(line: str) -> bool:
    """A line asking for a credential (other than a driving licence) the vocabulary does
    not know: "Active Oregon Board of Medical Imaging license (... before your first
    shift)" is a credential to show, whatever its conditions name."""
    return bool(_CREDENTIAL_WORDS_RE.search(line)) and not _DRIVING_RE.search(line)


_OR_RE = re.compile(r"\s(?:or|and/or)\s|/|\|", re.I)
_FILLER_WORDS = """
a an and or the of in on for with to at as by be is are any our your you we
experience experienced years year yrs plus strong excellent good solid proven
demonstrated knowledge understanding working familiarity familiar ability able
skills skill proficiency proficient expertise expert required preferred must
have has having hands on minimum least etc including such similar related
field equivalent degree level current active valid unrestricted state
other background track record previous prior relevant professional
"""
_FILLER = frozenset(_FILLER_WORDS.split())
_FIELD_STOP = frozenset(
    {*_FILLER, "bachelor", "bachelors", "master", "masters", "science", "arts", "s", "b", "m"}
)
_FIELD_LIST_RE = re.compile(r"\b(?:in|of)\s+(?P<fields>[^.;()]+)", re.I)


class RequirementError(ValueError):
    """A requirement the engine cannot read (names the field and the text)."""


@dataclass(frozen=True, slots=True)
class Requirement:
    text: str  # as written
    kind: RequirementKind
    required: bool = True  # must-have (True) or nice-to-have
    concepts: tuple[str, ...] = ()
    match: Literal["any", "all"] = "any"
    years: float = 0.0  # "3+ years of ICU" → 3 (years of roles showing the concepts)
    level: int = 0  # education level wanted
    fields: tuple[str, ...] = ()  # fields of study named ("finance", "nursing")
    related_field_ok: bool = False
    keywords: tuple[str, ...] = ()  # words to look for when no concept is known
    # The same as stems, the whole line first, then each alternative it lists ("CaseWare or
    # CCH Engagement" → (casewar, cch, engag), (casewar,), (cch, engag)).
    alternatives: tuple[tuple[str, ...], ...] = ()
    coverage: float = 1.0  # share of the line's content words its concepts name
    excluded: tuple[tuple[str, ...], ...] = ()  # role titles whose time does not count


@dataclass(frozen=True)
class JobRequirements:
    """What the engine checks for one job, parsed once per batch."""

    title: str
    family: str | None
    requirements: tuple[Requirement, ...]
    min_years: float
    education: Requirement | None
    seniority: int | None
    notes: tuple[str, ...] = field(default=())
    # The families of the title's alternatives ("Industrial Millwright / Maintenance
    # Mechanic": trades and manufacturing), ``family`` among them; a role in any is in family.
    families: frozenset[str] = field(default=frozenset())


_EXCLUDED_RE = re.compile(
    r"(?P<what>[^()]{2,60}?)\s+(?:time|experience|roles?|years?)?\s*"
    r"(?:doesn'?t|does not|do not|don'?t|won'?t|will not)\s+count",
    re.I,
)


def excluded_titles(text: str) -> tuple[tuple[str, ...], ...]:
    """Roles a line says do not count ("SDR/BDR time doesn't count toward the 3 years")."""
    match = _EXCLUDED_RE.search(text)
    if not match:
        return ()
    what = re.split(r"[(;:,]", match.group("what"))[-1]
    parts = re.split(r"/|\bor\b|\band\b", what)
    found = [tuple(w for w in phrase_key(p) if w not in _FILLER) for p in parts]
    return tuple(f for f in found if f)


_DEADLINE_BEFORE_RE = re.compile(r"\b(?:within|in the (?:first|next))\s*$", re.I)


def years_in(text: str) -> float | None:
    """Years of experience asked; not a deadline ("obtain a PE within two years")."""
    match = next(
        (m for m in _YEARS_RE.finditer(text) if not _DEADLINE_BEFORE_RE.search(text[: m.start()])),
        None,
    )
    if not match:
        return None
    low = match.group("low").lower()
    return float(_NUMBER_WORDS.get(low, low))


def education_level(text: str) -> int:
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.search(text):
            return level
    return 0


def parse_education(text: str, *, required: bool = True) -> Requirement | None:
    """Free-text education ("BSN", "Bachelor's in Finance, Accounting or related") or an
    enumerated level ("bachelor"); None when it asks for nothing."""
    stripped = text.strip()
    if not stripped or stripped.lower() == "none":
        return None
    if stripped in EDUCATION_LEVELS:
        return Requirement(stripped, "education", required, level=EDUCATION_LEVELS[stripped])
    level = education_level(stripped)
    degree_concepts = [
        m.concept
        for m in vocabulary().find_concepts(stripped)
        if vocabulary().concepts[m.concept].kind == "degree"
    ]
    fields: list[str] = []
    if degree_concepts and not level:
        level = 3 if any(c in ("bsn",) for c in degree_concepts) else 2
    if any(c in ("bsn", "adn", "msn") for c in degree_concepts):
        fields.append("nursing")
    list_match = _FIELD_LIST_RE.search(stripped)
    if list_match:
        for part in re.split(r",|\bor\b|\band\b|/", list_match.group("fields")):
            words = [w for w in phrase_key(part) if w not in _FIELD_STOP]
            if words and len(words) <= 4:
                fields.append(" ".join(words))
    if not level and re.search(r"\b(degree|diploma)\b", stripped, re.I):
        level = 2  # "Culinary degree": a degree without a level
        before = re.split(r"\b(?:degree|diploma)\b", stripped, flags=re.I)[0]
        words = [w for w in phrase_key(before) if w not in _FIELD_STOP]
        if words:
            fields.append(" ".join(words[-2:]))
    if not level:
        return None
    related = bool(re.search(r"related|similar|equivalent|relevant|quantitative", stripped, re.I))
    return Requirement(
        stripped,
        "education",
        required,
        level=level,
        fields=tuple(dict.fromkeys(fields)),
        related_field_ok=related,
    )


def parse_requirement(text: str, *, required: bool = True, field_name: str = "") -> Requirement:
    """One requirement line; ``RequirementError`` (naming ``field_name``) when unreadable."""
    line = re.sub(r"^\s*[-*•·●▪◦]+\s*", "", text).strip().rstrip(".;")
    vocab = vocabulary()
    if not line or not any(ch.isalnum() for ch in line):
        raise RequirementError(f"{field_name or 'requirement'}: {text!r} is empty")
    mentions = [m for m in vocab.find_concepts(line) if vocab.concepts[m.concept].kind != "degree"]
    concepts = tuple(dict.fromkeys(m.concept for m in mentions))
    years = years_in(line) or 0.0
    licence_line = bool(_CREDENTIAL_WORDS_RE.search(line)) and not _DEGREE_RE.search(line)
    # "2+ years of post-master's experience": the degree dates the years, it is not asked.
    after_degree = bool(years) and bool(_AFTER_DEGREE_RE.search(line))
    if (
        _EDUCATION_WORDS_RE.search(line)
        and not licence_line  # "Journeyman license (Master license also accepted)"
        and not after_degree
        and (education_level(line) or not concepts or re.search(r"\bdegree\b", line, re.I))
    ):
        education = parse_education(line, required=required)
        if education is not None:
            return education
    if years and not concepts:
        return Requirement(line, "years", required, years=years, excluded=excluded_titles(line))
    credentials = tuple(
        c for c in concepts if vocab.concepts[c].kind in ("licence", "certification")
    )
    if credentials and _CREDENTIAL_WORDS_RE.search(line):
        concepts = credentials  # "Teaching Credential in Mathematics": the credential
    if concepts:
        match: Literal["any", "all"] = "any" if _OR_RE.search(line) else "all"
        kind: RequirementKind = "years" if years else "concept"
        excluded = excluded_titles(line) if years else ()
        alternatives = keyword_alternatives(line)
        named = set(stems(" ".join(line[m.start : m.end] for m in mentions)))
        coverage = (
            sum(1 for w in alternatives[0] if w in named) / len(alternatives[0])
            if alternatives
            else 1.0
        )
        if (
            _LOGISTICS_RE.search(line)
            and coverage < _LOGISTICS_BELOW
            and not any(vocab.concepts[c].kind in ("licence", "certification") for c in concepts)
        ):  # "Valid driver's license and reliable transportation": logistics, not a skill
            return Requirement(line, "logistics", required)
        return Requirement(
            line,
            kind,
            required,
            concepts=concepts,
            match=match,
            years=years,
            excluded=excluded,
            alternatives=alternatives,
            coverage=coverage,
        )
    if _LOGISTICS_RE.search(line) and not _held_credential(line):
        return Requirement(line, "logistics", required)
    keywords = tuple(
        dict.fromkeys(w for w in phrase_key(line) if w not in _FILLER and not w.isdigit())
    )
    if not keywords:
        raise RequirementError(
            f"{field_name or 'requirement'}: cannot tell what {text!r} asks for; name the skill, "
            "licence, certification or setting (e.g. 'ICU experience', 'Active RN license')"
        )
    return Requirement(
        line, "keywords", required, keywords=keywords, alternatives=keyword_alternatives(line)
    )


# "Professional Engineer": a capitalised name keeps its every word, filler or not.
_PROPER_NAME_RE = re.compile(r"\s*(?:[A-Z][a-z]+\s+)+[A-Z][a-z]+\s*$")
_ALTERNATIVES_RE = re.compile(r",|/|;|\(|\)|\bor\b|\band/or\b|\betc\b", re.I)


def keyword_alternatives(line: str) -> tuple[tuple[str, ...], ...]:
    """The stems of a line's content words, then of each alternative it lists."""
    filler = _filler_stems()
    whole = tuple(dict.fromkeys(w for w in stems(line) if w not in filler))
    parts = [
        tuple(
            dict.fromkeys(w for w in stems(part) if w not in filler or _PROPER_NAME_RE.match(part))
        )
        for part in _ALTERNATIVES_RE.split(line)
    ]
    return tuple(dict.fromkeys(p for p in (whole, *parts) if p))


def _filler_stems() -> frozenset[str]:
    return _FILLER_STEMS


_FILLER_STEMS = frozenset(stem(w) for w in _FILLER)


def split_lines(value: str | list[str]) -> list[str]:
    """A list as people type it: one per line, or comma/semicolon separated on one line."""
    if isinstance(value, list):
        return [v.strip() for v in value if v and v.strip()]
    one_line = "\n" not in value.strip()
    parts = re.split(r";|,(?![^()]*\))", value) if one_line else value.split("\n")
    return [re.sub(r"^\s*[-*•·●▪◦]+\s*", "", p).strip() for p in parts if p.strip(" -*•")]


SENIORITY: tuple[tuple[int, re.Pattern[str]], ...] = (
    (5, re.compile(r"\b(head|director|vp|vice president|chief|cto|cfo)\b", re.I)),
    (
        4,
        re.compile(
            r"\b(lead|principal|architect|manager|staff(?= (engineer|software|data|scientist|"
            r"designer|developer|machine|product)))\b",
            re.I,
        ),
    ),
    (3, re.compile(r"\b(senior|sr\.?|iii)\b", re.I)),
    (1, re.compile(r"\b(junior|jr\.?|intern|trainee|graduate|entry|assistant|associate)\b", re.I)),
)


def seniority_of(title: str | None) -> int | None:
    if not title:
        return None
    for level, pattern in SENIORITY:
        if pattern.search(title):
            return level
    return None


_TITLE_ALTERNATIVES_RE = re.compile(r"\s+(?:/|or)\s+", re.I)
_TITLE_QUALIFIER_RE = re.compile(r"\s[-–—|]\s|[(,:|]")


def families_of(title: str) -> frozenset[str]:
    """The family of each alternative a title offers ("Millwright / Maintenance Mechanic"),
    the qualifier after a dash, comma or bracket left out."""
    core = _TITLE_QUALIFIER_RE.split(title, maxsplit=1)[0]
    found = {family_of(part) for part in _TITLE_ALTERNATIVES_RE.split(core)}
    main = family_of(title)
    return frozenset(f for f in found | {main} if f is not None)


def family_of(title: str) -> str | None:
    families = vocabulary().families_of_title(title)
    if not families:
        return None
    # The most specific: the family whose title phrase covers the most words.
    best: tuple[int, str] | None = None
    toks = tokens(title)
    for first, end, ids in vocabulary().family_index.find(toks):
        for family_id in ids:
            candidate = (end - first, family_id)
            if best is None or candidate[0] > best[0]:
                best = candidate
    return best[1] if best else sorted(families)[0]


_LEVEL_WORDS = {1: "high school", 2: "associate", 3: "bachelor's", 4: "master's", 5: "doctorate"}


def describe(requirement: Requirement) -> str:
    """What the engine understood a requirement line to ask for, in a recruiter's words."""
    vocab = vocabulary()
    labels = [f"{vocab.concepts[c].kind} {vocab.concepts[c].label}" for c in requirement.concepts]
    joined = (" or " if requirement.match == "any" else " and ").join(labels)
    if requirement.kind == "education":
        text = f"education: {_LEVEL_WORDS.get(requirement.level, 'a degree')} or higher"
        if requirement.fields:
            text += f" in {' / '.join(requirement.fields)}"
            if requirement.related_field_ok:
                text += " (related fields accepted)"
        return text
    if requirement.kind == "years":
        where = f" in roles showing {joined}" if joined else " in the job's field"
        return f"{requirement.years:g}+ years{where}"
    if requirement.kind == "concept":
        return joined
    if requirement.kind == "keywords":
        return f"not in the vocabulary; looked for the words: {', '.join(requirement.keywords)}"
    return "not scored: location, schedule or availability (checked with the candidate)"
