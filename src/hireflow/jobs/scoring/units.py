"""Resume lines as evidence units: each line of a work-related section with its place
("Experience › Staff Nurse (2020-03 – now)", "Certifications") and base strength.

Section sub-headings the parser missed ("Credentials", "Keywords", "Skills I want to
learn") and labelled lines ("Certs: …") are honoured. Fairness: the contact block gives
only its header line (for credentials after the name), education lines lose every segment
that names an institution, protected lines (date of birth, gender, address, photo) are
dropped and the candidate's name is scrubbed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hireflow.jobs.scoring.vocabulary import vocabulary
from hireflow.resumes.document import ParsedResume, ResumeSection
from hireflow.resumes.parsing.sections import DEGREE_RE

PROTECTED_LINE_RE = re.compile(
    r"^\s*(date of birth|dob|born|birthday|age|gender|sex|pronouns|nationality|marital status|"
    r"address|photo|religion|生年月日|年齢|性別|住所|国籍)\b.*$",
    re.I | re.M,
)
_KEYWORDS_TITLE_RE = re.compile(r"^\W*(key ?words?|search terms|tags|ats keywords)\W*$", re.I)
_NO_CREDIT_TITLE_RE = re.compile(
    r"learn|interest|hobb|goal|aspir|wish|want|future|plan|curious|exploring|pastime", re.I
)
_BULLET_RE = re.compile(r"^\s*[-*•·●▪◦>]+\s*")
_INLINE_SECTION_RE = re.compile(
    r"^(certs?|certifications?|licen[sc]es?( (and|&) certifications?)?|credentials?|skills|"
    r"technical skills|core skills|tools|languages|interests|hobbies|education|schooling|"
    r"training)\b\s*[:\-–|]?\s+",
    re.I,
)
EDUCATION_LABEL_RE = re.compile(r"^(education|schooling|degree)\b\s*[:\-–|]?\s*", re.I)
INSTITUTION_RE = re.compile(
    r"\b(university|college|institute|school|academy|polytechnic|universi\w+|instituto|"
    r"escuela|colegio|facultad|faculdade|[ée]cole|lyc[ée]e|hochschule|fachhochschule|"
    r"gymnasium|iae)\b|(?-i:\bHS\b)",  # "Harrisburg HS"
    re.I,
)
SECTION_WEIGHT = {
    "summary": 0.6,
    "experience": 0.8,  # experience lines outside a dated role
    "skills": 0.5,
    "certifications": 0.55,
    "projects": 0.7,
    "achievements": 0.7,
    "other": 0.45,
    "learning": 0.0,
    "credentials": 1.0,
}


@dataclass(frozen=True, slots=True)
class Unit:
    """One line of the resume that can carry evidence, with its place and base strength."""

    where: str
    source: str  # role, summary, skills, certifications, projects, credentials, education…
    text: str
    weight: float
    role: int | None = None


def line_before(text: str, offset: int, parsed: ParsedResume) -> str:
    """The non-empty line just above ``offset``, when it is not a section heading."""
    before = text[:offset].rstrip("\n ").rsplit("\n", 1)[-1].strip()
    headings = {(s.title or "").strip() for s in parsed.sections}
    if not before or before in headings or len(before) > 150:
        return ""
    return _BULLET_RE.sub("", before)


_SUBHEADINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(key ?words?|search terms|tags|ats keywords)$", re.I), "keywords"),
    (
        re.compile(
            r"\b(learn(ing)?|interests?|hobb\w*|goals?|aspir\w*|wish\w*|want\w*|future|"
            r"curious|pastimes?)\b",
            re.I,
        ),
        "learning",
    ),
    (re.compile(r"credential|certif|licen[cs]|registration", re.I), "certifications"),
    (re.compile(r"skill|tools|technolog|competenc|proficienc|expertise|software", re.I), "skills"),
    (re.compile(r"^(projects?|selected projects|portfolio)$", re.I), "projects"),
    (re.compile(r"^(education|schooling|academic|training)", re.I), "education"),
    (re.compile(r"^(summary|profile|about( me)?|objective|overview)$", re.I), "summary"),
    (re.compile(r"^(volunteer\w*|community|activities|affiliations|memberships)$", re.I), "other"),
)


def _heading_label(text: str) -> str:
    """A heading as a place name: as written, "SKILLS" → "Skills"."""
    text = text.strip(" :#*—-").strip()
    return text.capitalize() if text.isupper() else text


def _subheading(line: str) -> str | None:
    """The kind of a short heading-like line ("Credentials", "KEYWORDS", "Skills I want to
    learn"), or None for an ordinary line."""
    text = line.strip().strip(":#*—-").strip()
    if (
        not text
        or len(text) > 40
        or len(re.findall(r"\w+", text)) > 6
        or re.search(r"\d|[,;.]$|[,(·|•]", text)
    ):
        return None
    for pattern, kind in _SUBHEADINGS:
        if pattern.search(text):
            return kind
    return None


def section_units(
    section: ResumeSection, names: list[str], role_titles: list[tuple[int, int, int]]
) -> tuple[list[Unit], bool]:
    """Units of one non-role section, line by line: a heading-like line inside it (the
    parser's sections miss some) switches how the lines after it count."""
    kind = section.section_type
    units: list[Unit] = []
    if kind == "contact":
        # Credentials after the name on the header line ("Jordan Avery, RN, BSN").
        first_line = section.content.split("\n", 1)[0]
        return [Unit("Header credentials", "credentials", scrub(first_line, names), 1.0)], False
    content = section.content
    if kind in ("experience", "other") and role_titles:
        covered = [(s, e) for s, e, _ in role_titles]
        content = "".join(
            ch
            for offset, ch in enumerate(section.content, start=section.start)
            if not any(s <= offset < e for s, e in covered)
        )
    mode: str = kind
    heading = _heading_label(section.title or kind.title())
    if section.title:
        mode = _subheading(section.title) or kind
    keyword_block = mode == "keywords"
    for line in lines_of(scrub(content, names)):
        sub = _subheading(line)
        if sub is not None:
            mode, heading = sub, _heading_label(line)
            keyword_block = keyword_block or sub == "keywords"
            continue
        units.extend(_line_units(mode, heading, line))
    return units, keyword_block


def role_units(lines: list[str], where: str, weight: float, role: int) -> tuple[list[Unit], bool]:
    """Units of a role's lines; a heading inside them ("Credentials", "Skills" under the
    last role, where the parser ran the sections together) ends the role there."""
    units: list[Unit] = []
    mode, heading, keyword_block = "role", where, False
    for line in lines:
        sub = _subheading(line)
        if sub is not None:
            mode, heading = sub, _heading_label(line)
            keyword_block = keyword_block or sub == "keywords"
            continue
        if mode == "role":
            units.append(unit_for(line, Unit(where, "role", line, weight, role)))
        else:
            units.extend(_line_units(mode, heading, line))
    return units, keyword_block


# A label that names tools or systems: an initialism ("PMS", "EHR", "ERP") or a general word.
_CREDENTIALS = frozenset({"licence", "certification", "degree"})
_TOOL_LABEL_RE = re.compile(
    r"^\W*(?P<label>[A-Z]{2,5}s?|(?i:tools?|software|systems?|platforms?|technolog(?:y|ies)|"
    r"tech|apps?|programs?|languages?|langs?\.?|skills?))\s*:\s+\S"
)


def labelled_line(line: str) -> Unit | None:
    """A tools or languages line run into an education block by the layout ("PMS: OPERA
    Cloud", "Tools: …", "Langs: EN / ES"), naming no degree or school: a skills line, not a
    credential."""
    match = _TOOL_LABEL_RE.match(line)
    if not match or DEGREE_RE.search(line) or INSTITUTION_RE.search(line):
        return None
    vocab = vocabulary()
    if any(vocab.concepts[m.concept].kind in _CREDENTIALS for m in vocab.find_concepts(line)):
        return None  # "CPA: FAR passed": a credential's line stays one
    return Unit(match.group("label"), "skills", line, SECTION_WEIGHT["skills"])


def _line_units(mode: str, heading: str, line: str) -> list[Unit]:
    if mode == "learning":
        return [Unit(heading, "learning", line, 0.0)]
    labelled = labelled_line(line) if mode == "education" else None
    if labelled is not None:
        return [unit_for(line, labelled)]
    if mode == "education":  # degrees come from the parsed entries; never schools
        kept = ", ".join(filter(None, (_without_school(p) for p in line.split(","))))
        return [unit_for(kept, Unit("Education", "credentials", kept, 1.0))] if kept.strip() else []
    source = "skills" if mode == "keywords" else mode
    return [unit_for(line, Unit(heading, source, line, SECTION_WEIGHT.get(source, 0.45)))]


_HIGH_SCHOOL_RE = re.compile(r"high[- ]school|secondary school|(?-i:\bHS\b)", re.I)


def _without_school(part: str) -> str:
    """A part of an education line, a school's name left out; a high school's name says
    the level only ("School: Harrisburg HS" → "high school")."""
    if not INSTITUTION_RE.search(part):
        return part.strip()
    return "high school" if _HIGH_SCHOOL_RE.search(part) else ""


def education_lines(lines: list[str]) -> list[str]:
    """An unparsed education section's lines, up to a heading of another kind ("Keywords"
    run into it by the layout)."""
    kept: list[str] = []
    for line in lines:
        sub = _subheading(line)
        if sub is not None and sub != "education":
            break
        kept.append(line)
    return kept


def unit_for(line: str, default: Unit) -> Unit:
    """A line labelled "Certs: …", "Skills: …" (run into another section by the layout)
    counts as its label says; any other line is ``default``."""
    label = _INLINE_SECTION_RE.match(line)
    if not label:
        return default
    source = _inline_source(label.group(1))
    return Unit(label.group(1).title(), source, line, SECTION_WEIGHT.get(source, 0.0))


def _inline_source(label: str) -> str:
    label = label.lower()
    if label.startswith(("cert", "licen", "credential")):
        return "certifications"
    if label.startswith(("interest", "hobb")):
        return "learning"
    if label.startswith(("education", "schooling", "training")):
        return "credentials"
    return "skills"


_WRAPPED_RE = re.compile(
    r"(?:[,:;(&/+-]|\b(?:and|or|of|the|a|an|to|for|with|in|on|de|et|y|e|und))$"
)


def lines_of(text: str) -> list[str]:
    """The text's lines, bullets stripped; a bullet wrapped onto the next line (which has no
    bullet, and starts in lower case or follows a line that stops mid-phrase) is one line."""
    lines: list[str] = []
    bulleted = False
    for raw in text.split("\n"):
        line = _BULLET_RE.sub("", raw).strip()
        if not line:
            bulleted = False
            continue
        has_bullet = bool(_BULLET_RE.match(raw))
        if (
            lines
            and bulleted
            and not has_bullet
            and (line[:1].islower() or _WRAPPED_RE.search(lines[-1]))
        ):
            lines[-1] = f"{lines[-1]} {line}"
            continue
        lines.append(line)
        bulleted = has_bullet
    return lines


def scrub(text: str, name_parts: list[str]) -> str:
    text = PROTECTED_LINE_RE.sub("", text)
    for part in name_parts:
        text = re.sub(rf"(?<![\w]){re.escape(part)}(?![\w])", "[name]", text)
    return text


_NAME_WORD_RE = re.compile(r"[^\W\d_][\w'.-]*")
_HEAD_SPLIT_RE = re.compile(r",|\||—|–| - |·|•|\t| {3,}")


def name_parts(name: str | None, text: str = "") -> list[str]:
    """The words of the candidate's name, as written, upper-cased and capitalised: from the
    parsed name when the resume's first line holds it, and from the first line's head (a
    resume starts with its owner's name: "Ignatius "Iggy" Mbeki", "DESHAWN McALLISTER —
    JW Inside Wireman"), so a nickname or a misparsed name never reaches the score."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    heads: list[str] = []
    if name and (not first or name.split()[0].casefold() in first.casefold()):
        heads.append(re.split(r",|\||\(", name)[0])
    head = _HEAD_SPLIT_RE.split(first)[0] if first else ""
    if head and "@" not in head and not re.search(r"\d", head) and len(head.split()) <= 6:
        heads.append(head)
    parts: list[str] = []
    for item in heads:
        words = _NAME_WORD_RE.findall(item)
        if len(words) > 6:
            continue
        for word in words:
            word = word.strip("'.-")
            if len(word) > 1:
                parts.extend((word, word.upper(), word.capitalize()))
    return sorted(set(parts), key=len, reverse=True)


# A line that says what held in every role above it: "(All of the above on OPERA Cloud.)",
# "All roles: Epic and Pyxis", "In each position, union crews (IBEW)". Its clause is read
# as a line of each role.
_ALL_ROLES_RE = re.compile(
    r"^\W*(?:all (?:of )?the above|all (?:of )?(?:these |the |my |three |four |five )?"
    r"(?:roles|positions|jobs)|both (?:roles|positions|jobs)|across (?:all|both|each) "
    r"(?:of (?:these|the above|my) )?(?:roles|positions|jobs)|in (?:all|each|every|both) "
    r"(?:of (?:these|the above|my) )?(?:roles?|positions?|jobs?))\b\s*[:,–—-]?\s*"
    r"(?P<rest>[^).]{3,200})",
    re.IGNORECASE,
)


def all_roles_clauses(text: str) -> list[str]:
    """The clauses of lines that speak for all the roles above them ("All of the above on
    OPERA Cloud" → "on OPERA Cloud")."""
    found: list[str] = []
    for line in text.splitlines():
        match = _ALL_ROLES_RE.match(line.strip())
        if match:
            found.append(match.group("rest").strip())
    return found
