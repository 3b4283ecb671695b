"""A pasted job posting read into requirements the recruiter can check and correct.

Headings such as "Requirements", "Qualifications", "What you'll need" hold the must-haves;
"Preferred", "Nice to have", "Bonus" the nice-to-haves; everything else is description.
Years, education, location, remote and shift are picked out of the lines that state them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hireflow.jobs.scoring.requirements import (
    RequirementError,
    education_level,
    parse_requirement,
    years_in,
)

_MUST_RE = re.compile(
    r"^(requirements?|required|(minimum |basic |required |key )?qualifications?|must[- ]haves?|"
    r"(what )?you('|’)ll (need|bring|have)|(what )?you (will )?(need|bring|have)|"
    r"what we('|’)re looking for|what we look for|who you are|about you|the ideal candidate|"
    r"ideal candidate|we('|’)re looking for|you are|skills( and| &) (experience|qualifications)|"
    r"experience( and| &) (skills|qualifications)|requirements( and| &) qualifications|"
    r"key requirements|essential( criteria| skills)?|licen[cs]es?( and| &) certifications?|"
    r"certifications?|education( and| &) experience|must have)$",
    re.I,
)
_NICE_RE = re.compile(
    r"^(preferred|preferred (qualifications?|skills|experience)|nice[- ]to[- ]haves?|"
    r"nice to have|bonus( points)?|pluses|a plus|(also )?desired( qualifications| skills)?|"
    r"desirable|good to have|extra credit|it('|’)s a plus if( you have)?|bonus if you have|"
    r"even better|ideally|we('|’)d love|plus)$",
    re.I,
)
_OTHER_RE = re.compile(
    r"^(about (us|the role|the job|the position|the team|the company)|responsibilities|"
    r"key responsibilities|what you('|’)ll do|you will|you('|’)ll|in this role|the role|role|"
    r"overview|job description|day to day|a typical day|"
    r"duties|benefits|perks|why join us|compensation|salary|schedule|location|"
    r"how to apply|equal opportunity.*|our team|summary|position summary|job summary)$",
    re.I,
)
# "Pay and benefits", "Location, pay and benefits", "What we offer": a heading made only of
# these words, with one of the offer words, ends the requirements ("Benefits administration
# experience" has other words: a requirement).
_OFFER_HEADING_WORDS = frozenset(
    [
        "location",
        "locations",
        "pay",
        "and",
        "benefits",
        "benefit",
        "compensation",
        "salary",
        "salaries",
        "perks",
        "the",
        "package",
        "what",
        "we",
        "offer",
        "our",
        "offers",
        "rewards",
        "total",
        "schedule",
        "hours",
        "why",
        "join",
        "us",
        "work",
        "here",
        "how",
        "to",
        "apply",
        "your",
        "working",
        "conditions",
        "equal",
        "opportunity",
        "employer",
        "eeo",
        "statement",
        "of",
        "&",
        "+",
        "plus",
    ]
)
_OFFER_WORDS = frozenset(
    [
        "pay",
        "benefits",
        "benefit",
        "compensation",
        "salary",
        "perks",
        "offer",
        "offers",
        "package",
        "rewards",
        "apply",
        "eeo",
    ]
)
_CONDITIONS_HEADING_WORDS = frozenset(
    [
        "schedule",
        "location",
        "locations",
        "hours",
        "shift",
        "shifts",
        "travel",
        "and",
        "&",
        "+",
        "work",
        "arrangement",
        "arrangements",
        "model",
        "setup",
        "environment",
        "workplace",
        "remote",
        "hybrid",
        "onsite",
        "on",
        "site",
        "office",
    ]
)
_EEO_RE = re.compile(r"\bequal (employment )?opportunity\b|\bEEO\b", re.I)
_FIELD_RE = re.compile(
    r"^(?P<key>job title|title|position|role|location|schedule|shift|hours|work type|"
    r"workplace|employment type|education|experience|pay|salary|compensation|benefits|perks)"
    r"\s*[:：]\s*(?P<value>.+)$",
    re.I,
)
_BULLET_RE = re.compile(r"^\s*(?:[-*•·●▪◦]|\d+[.)])\s*")
_REMOTE_RE = re.compile(r"\b(fully remote|remote[- ]first|100% remote|remote)\b", re.I)
_NOT_REMOTE_RE = re.compile(r"\b(on[- ]site|onsite|in[- ]person|not remote|no remote)\b", re.I)
_SHIFT_RE = re.compile(
    r"\b((?:night|day|evening|weekend|rotating|overnight|12[- ]hour|8[- ]hour|swing|graveyard|"
    r"1st|2nd|3rd|first|second|third)"
    r"\s*shifts?|nights|weekends|on[- ]call)\b",
    re.I,
)
_PREFERRED_LINE_RE = re.compile(
    r"\b(preferred|a plus|nice to have|bonus|desirable|ideally)\b", re.I
)


@dataclass
class Posting:
    """What was understood from a posting, in the job's own fields (editable)."""

    title: str = ""
    description: str = ""
    must_have_skills: list[str] = field(default_factory=list)
    nice_to_have_skills: list[str] = field(default_factory=list)
    min_years_experience: float = 0.0
    education_level: str = "none"
    location: str | None = None
    remote: bool = False
    shift: str | None = None
    unread: list[str] = field(default_factory=list)  # lines that named nothing checkable

    def as_job_fields(self) -> dict[str, object]:
        return {
            "title": self.title or "Untitled job",
            "description": self.description,
            "must_have_skills": self.must_have_skills,
            "nice_to_have_skills": self.nice_to_have_skills,
            "min_years_experience": self.min_years_experience,
            "education_level": self.education_level,
            "location": self.location,
            "remote": self.remote,
        }


_LEVEL_NAMES = {
    0: "none",
    1: "high_school",
    2: "associate",
    3: "bachelor",
    4: "master",
    5: "doctorate",
}


def _heading(line: str) -> str | None:
    text = line.strip().strip("#*: ").strip()
    if not text or len(text) > 60:
        return None
    for name, pattern in (("must", _MUST_RE), ("nice", _NICE_RE), ("other", _OTHER_RE)):
        if pattern.match(text):
            return name
    words = re.findall(r"[\w&+]+", text.lower())
    if 0 < len(words) <= 6 and set(words) <= _OFFER_HEADING_WORDS and set(words) & _OFFER_WORDS:
        return "other"
    if 0 < len(words) <= 5 and set(words) <= _CONDITIONS_HEADING_WORDS:
        return "same"  # "Schedule and location": its lines are asked as before, it is not one
    return None


def parse_posting(text: str) -> Posting:
    """Read a pasted posting; never raises (what it cannot read is listed in ``unread``)."""
    posting = Posting()
    mode = "other"
    description: list[str] = []
    for raw in _joined(text.replace("\r\n", "\n").split("\n")):
        line = raw.strip()
        if not line:
            continue
        fielded = _FIELD_RE.match(_BULLET_RE.sub("", line))
        if fielded:
            key, value = fielded.group("key").lower(), fielded.group("value").strip()
            if key in ("job title", "title", "position", "role") and not posting.title:
                posting.title = value[:200]
                continue
            if key in ("pay", "salary", "compensation", "benefits", "perks"):
                mode = "other"  # the offer: what follows is no longer requirements
                description.append(raw.rstrip())
                continue
            if key == "location":
                mode = "other" if mode == "nice" else mode  # after the wish list: the offer
                posting.location = value[:200]
                posting.remote = posting.remote or bool(
                    _REMOTE_RE.search(value) and not _NOT_REMOTE_RE.search(value)
                )
                continue
            if key in ("schedule", "shift", "hours"):
                posting.shift = value[:200]
                continue
            if key in ("workplace", "work type"):
                posting.remote = bool(_REMOTE_RE.search(value) and not _NOT_REMOTE_RE.search(value))
                continue
            if key == "education":
                _add(posting, value, required=mode != "nice")
                continue
        heading = _heading(line)
        if heading is not None and not _BULLET_RE.match(raw):
            mode = mode if heading == "same" else heading
            continue
        if not posting.title:
            posting.title = _BULLET_RE.sub("", line).strip("#* ")[:200]
            continue
        if mode in ("must", "nice") and _EEO_RE.search(line):
            mode = "other"  # "Acme is an equal opportunity employer": the posting's footer
        if mode in ("must", "nice"):
            _add(posting, _BULLET_RE.sub("", line), required=mode == "must")
        else:
            description.append(raw.rstrip())
            if _REMOTE_RE.search(line) and not _NOT_REMOTE_RE.search(line):
                posting.remote = True
            shift = _SHIFT_RE.search(line)
            if shift and posting.shift is None:
                posting.shift = shift.group(0)
    posting.description = "\n".join(description).strip()[:50_000]
    if not posting.must_have_skills and not posting.nice_to_have_skills:
        # No requirement headings: take the description's bullet lines that name something.
        for line in description:
            if _BULLET_RE.match(line):
                _add(posting, _BULLET_RE.sub("", line.strip()), required=True, quiet=True)
    return posting


def _joined(lines: list[str]) -> list[str]:
    """Wrapped bullets joined: an indented or lower-case line after a bullet continues it."""
    out: list[str] = []
    for raw in lines:
        stripped = raw.strip()
        continues = (
            out
            and stripped
            and _BULLET_RE.match(out[-1])
            and not _BULLET_RE.match(raw)
            and (raw[:1].isspace() or stripped[:1].islower())
        )
        if continues:
            out[-1] = f"{out[-1].rstrip()} {stripped}"
        else:
            out.append(raw)
    return out


def _add(posting: Posting, line: str, *, required: bool, quiet: bool = False) -> None:
    line = line.strip().rstrip(".;")
    if not line:
        return
    if required and _PREFERRED_LINE_RE.search(line):
        kept, wishes = _split_wishes(line)
        if not kept:
            required = False
        else:  # "(ASE Master preferred)" inside a required line: only it is a wish
            for wish in wishes:
                _add(posting, wish, required=False, quiet=True)
            line = kept
    try:
        requirement = parse_requirement(line, required=required)
    except RequirementError:
        if not quiet:
            posting.unread.append(line)
        return
    if requirement.kind == "education":
        level = _LEVEL_NAMES.get(education_level(line) or requirement.level, "none")
        if required and posting.education_level == "none":
            posting.education_level = level
    if requirement.kind == "years" and not requirement.concepts and required:
        posting.min_years_experience = max(posting.min_years_experience, requirement.years)
        return
    if requirement.kind == "years" and required and posting.min_years_experience == 0:
        posting.min_years_experience = years_in(line) or 0.0
    if requirement.kind == "logistics":
        shift = _SHIFT_RE.search(line)
        if shift and posting.shift is None:
            posting.shift = shift.group(0)
    if requirement.kind == "keywords" and quiet:
        return
    target = posting.must_have_skills if required else posting.nice_to_have_skills
    if len(target) < 50 and line not in target:
        target.append(line[:200])


_BRACKETED_RE = re.compile(r"\s*\(([^()]*)\)")
_WISH_WORDS_RE = re.compile(
    r"\s*\b(?:is |are |would be )?(?:strongly |highly )?"
    r"(?:preferred|a plus|nice to have|a bonus|bonus|desirable|ideally)\b\s*",
    re.I,
)


_WISH_WORDS_MAX = 8  # a longer bracket is a sentence about the wish, not the thing wished


def _split_wishes(line: str) -> tuple[str, list[str]]:
    """A line's required part and the wishes written inside it: "ASE certification in two
    of A1-A8 (ASE Master preferred)" asks for the certification and wishes for the Master.
    A line whose own words say "preferred", or with a bare "(preferred)", is a wish whole
    (nothing is kept)."""
    wished = [m for m in _BRACKETED_RE.finditer(line) if _PREFERRED_LINE_RE.search(m.group(1))]
    outside = _BRACKETED_RE.sub("", line).strip(" ,;")
    if not wished or not outside or _PREFERRED_LINE_RE.search(outside):
        return "", []
    wishes: list[str] = []
    kept = line
    for match in reversed(wished):
        # "(Allen-Bradley preferred; Siemens or similar accepted)": the clause with the wish
        clauses = [c for c in re.split(r"[;,]", match.group(1)) if _PREFERRED_LINE_RE.search(c)]
        things = [_WISH_WORDS_RE.sub(" ", c).strip(" ,;.") for c in clauses]
        if not all(things):
            return "", []  # "(preferred)", "(strongly preferred)": the line is the wish
        short = [t for t in things if len(t.split()) <= _WISH_WORDS_MAX]
        wishes[:0] = short
        # The wish leaves the line: a preferred degree is not an alternative to the one
        # asked, and a named system ("(Encompass preferred)") is in the thing asked already.
        rest = [
            c.strip()
            for c in re.split(r"[;,]", match.group(1))
            if c.strip() and not _PREFERRED_LINE_RE.search(c)
        ]
        bracket = f" ({'; '.join(rest)})" if rest and len(short) == len(things) else ""
        kept = kept[: match.start()] + bracket + kept[match.end() :]
    return kept.strip(" ,;"), wishes


_FORM_DEFAULTS = ("number_of_openings", "shortlisting_buffer", "closing_date", "automation_enabled")


def understood_fields(text: str, *, current: object | None = None) -> dict[str, object]:
    """For the job editor: the form's fields filled from a pasted posting (other fields of
    ``current`` kept), and each requirement line with what the engine understood."""
    from hireflow.jobs.scoring.requirements import describe, parse_requirement

    posting = parse_posting(text[:50_000])
    fields: dict[str, object] = {
        name: getattr(current, name) for name in _FORM_DEFAULTS if current is not None
    }
    fields.setdefault("number_of_openings", 1)
    fields.setdefault("automation_enabled", True)
    fields.update(posting.as_job_fields())
    lines: list[dict[str, str]] = []
    for required, items in ((True, posting.must_have_skills), (False, posting.nice_to_have_skills)):
        for item in items:
            lines.append(
                {
                    "line": item,
                    "kind": "must have" if required else "nice to have",
                    "understood": describe(parse_requirement(item, required=required)),
                }
            )
    return {
        "fields": fields,
        "requirements": lines,
        "unread": posting.unread,
        "shift": posting.shift,
        "remote": posting.remote,
    }
