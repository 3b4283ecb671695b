"""A candidate's evidence: where and how each vocabulary concept is shown in the resume.

Built once per resume, independently of any job (so a stored profile scores against many
jobs fast). Each line of a work-related section is a ``Unit`` with a place ("Experience ›
Staff Nurse (2020-03 – now)") and a base strength: bullets of a dated role count most
(fading with how long ago the role ended), then certifications, projects, the summary, and
a skills list (weaker). A mention gets no credit when its sentence says it is something to
learn or an interest, is negated ("no experience with"), is about recruiting for it, or is
the wrong sense of the word (python the snake). Repetition never adds credit: the engine
takes the strongest mention. Stuffed skills lists are weakened and flagged.

Fairness by construction: the contact block, institutions, dates of birth, gender, photos and
addresses never become units; the candidate's name is scrubbed from every unit; only
credentials (RN, BSN, CPA, …) are read from the header line, after the name is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from hireflow.jobs.scoring.languages import (
    LANGUAGE_NAMES,
    defined_abbreviations,
    expand,
    gloss,
    gloss_title,
    language_of,
    unclip,
    undot,
)
from hireflow.jobs.scoring.requirements import education_level
from hireflow.jobs.scoring.terms import Vector, stems, vector
from hireflow.jobs.scoring.units import (
    EDUCATION_LABEL_RE,
    INSTITUTION_RE,
    Unit,
    all_roles_clauses,
    education_lines,
    labelled_line,
    line_before,
    lines_of,
    name_parts,
    role_units,
    scrub,
    section_units,
    unit_for,
)
from hireflow.jobs.scoring.vocabulary import Mention, phrase_key, tokens, vocabulary
from hireflow.resumes.document import ExperienceEntry, ParsedResume
from hireflow.resumes.parsing.experience import extract_experience
from hireflow.resumes.parsing.sections import DEGREE_RE, TITLE_WORDS_RE

_LEARNING_RE = re.compile(
    r"\b(want(ing)? to (learn|get into|try|explore|gain)|would (like|love) to|eager to learn|"
    r"hop(e|ing) to|plan(ning)? to|interested in (learning|moving|pursuing|becoming)|"
    r"currently learning|looking to (learn|gain|move|break)|aspir\w+|goal is to|"
    r"someday|one day|in the future|next step is to|keen to learn|excited to learn|"
    r"working towards? (becoming|learning)|self[- ]taught beginner|learning (about|the basics))",
    re.I,
)
_RECRUITING_RE = re.compile(
    r"\b(recruit\w*|sourc(ed|ing)|sources? (candidates|talent|applicants)|screen(s|ed)? for|"
    r"hiring for|hired for|placed \d*\s*\w*\s*(candidates|hires)|"
    r"requisitions?|talent pipeline|screened (candidates|resumes)|filled \d+|"
    r"headhunt\w*|staffing for|screen(ed|ing|s)? (candidates|applicants|resumes)|"
    r"verif(y|ied|ies|ying) [^.;]{0,30}(licen[cs]es|credentials|certifications)|"
    r"interview(ed|ing|s)? (candidates|applicants)|placements?|time[- ]to[- ]fill)\b",
    re.I,
)
_PENDING_RE = re.compile(
    r"\b(not yet|pending|in progress|expected|anticipated|plan(ned|ning)? to|applying|"
    r"application submitted|eligible for|working towards?|candidate|student|enrolled|"
    r"prerequisites?|bridge program|studying for|taking (the )?\w+ (exam|course|classes)|"
    r"will (apply|sit|take|test|obtain)|awaiting|reinstat(ed|ement|ing))\b",
    re.I,
)
_EXPIRED_RE = re.compile(
    r"\b(expired|lapsed?|inactive|retired status|no longer (active|current|valid)|"
    r"not (active|current|renewed))\b",
    re.I,
)
_NEGATION_RE = re.compile(r"\b(no|not|never|without|lack(ing)?|none)\b(?!-)[^.;]{0,40}$", re.I)
_SENTENCE_RE = re.compile(r"[^.;!?\n]+(?:[.;!?](?!\d)|$)")
_INITIALISM_RE = re.compile(r"[A-Z]{2,4}")
# A degree run together with its field's initials: "BSEE" (B.S. electrical engineering).
_COMPACT_DEGREE_RE = re.compile(r"\b(?P<level>[BM])S(?P<field>[A-Z]{2,3})\b")
_CREDENTIAL_KINDS = frozenset({"licence", "certification", "degree"})
_TERM_WEIGHT = {"skills": 0.5, "other": 0.5}  # lists count less in word similarity
_NOT_HELD = 0.15  # a credential pending, expired or lapsed: named, not held (a gate unmet)
STUFFED_SKILLS = 35  # more items than this in skills lists: stuffed
STUFFED_REPEATS = 7  # one concept mentioned more often than this: stuffed


@dataclass(frozen=True, slots=True)
class Hit:
    unit: int
    start: int  # quote span in the unit's text
    end: int
    strength: float
    reason: str = ""  # why no or little credit ("listed as something to learn")


@dataclass(frozen=True, slots=True)
class RoleFacts:
    title: str  # in English (glossed from the resume's language)
    start_month: int | None
    end_month: int | None  # exclusive
    families: frozenset[str]
    concepts: frozenset[str]
    years_ago: float  # since the role ended (0 for a current role)
    written: str = ""  # the title as the resume writes it, when in another language
    # Words in front of the title's family phrase that are not levels ("Data Store Manager":
    # "data"): the vocabulary's family is then uncertain.
    qualifiers: frozenset[str] = frozenset()

    @property
    def months(self) -> int:
        if self.start_month is None or self.end_month is None:
            return 0
        return max(0, self.end_month - self.start_month)


@dataclass(frozen=True)
class CandidateProfile:
    """The job-independent, fairness-filtered evidence of one resume."""

    units: tuple[Unit, ...]
    hits: dict[str, tuple[Hit, ...]]  # concept → mentions, strongest first
    roles: tuple[RoleFacts, ...]  # most recent first
    total_years: float
    education_level: int
    education_fields: frozenset[str]  # words of the fields of study (not institutions)
    unit_words: tuple[frozenset[str], ...]  # stems of each unit's words (``terms.stems``)
    text: str  # the units' text (for similarity)
    current_title: str | None = None
    flags: tuple[str, ...] = field(default=())
    # Stemmed-word vectors (see ``terms``), built once: the credited resume, each role.
    doc_vector: Vector | None = None
    role_vectors: tuple[Vector, ...] = ()

    @property
    def skills(self) -> dict[str, str]:
        """Concepts with some credited evidence: id → label (for compatibility)."""
        labels = vocabulary().concepts
        return {c: labels[c].label for c, hits in self.hits.items() if hits[0].strength > 0}


class Unscorable(Exception):
    """A resume the engine cannot score (no text, nothing readable)."""


def _school_level(segment: str) -> int:
    """The level a school's name states ("Lincoln High School", "Harrisburg HS"): high
    school only, the one level a school's name gives; the name itself is never used."""
    return 1 if education_level(segment) == 1 else 0


def month_of(value: str | None) -> int | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
    except ValueError:
        return None
    return year * 12 + (month - 1)


def _label_month(month: int | None) -> str:
    return f"{month // 12}-{month % 12 + 1:02d}" if month is not None else "?"


def _sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    for m in _SENTENCE_RE.finditer(text):
        if m.start() <= start < m.end() + 1:
            return m.start(), max(m.end(), end)
    return 0, len(text)


def _same_credential_tail(text: str, end: int) -> str:
    """The clauses after a credential's sentence on its line when they name nothing else:
    "NMLS ID 2690012 created; registration pending" says the NMLS licence is pending."""
    line_end = text.find("\n", end)
    tail = text[end : line_end if line_end >= 0 else len(text)]
    return "" if not tail.strip() or vocabulary().find_concepts(tail) else tail


def _strength(unit: Unit, mention: Mention, title_no_credit: bool) -> tuple[float, str]:
    concept = vocabulary().concepts[mention.concept]
    if title_no_credit:
        return 0.0, "listed as something to learn or an interest"
    s_start, s_end = _sentence_at(unit.text, mention.start, mention.end)
    sentence = unit.text[s_start:s_end]
    if _LEARNING_RE.search(sentence):
        return 0.0, "mentioned as something to learn"
    if concept.voids:
        words = phrase_key(sentence)
        joined = " " + " ".join(words) + " "
        if any(" " + " ".join(v) + " " in joined for v in concept.voids):
            return 0.0, "a different sense of the word"
    if _NEGATION_RE.search(unit.text[s_start : mention.start]):
        return 0.0, "negated"
    after = unit.text[mention.end : s_end]
    if concept.kind in ("licence", "certification"):
        after += _same_credential_tail(unit.text, s_end)
    if _PENDING_RE.search(after) or _PENDING_RE.search(unit.text[s_start : mention.start]):
        return _NOT_HELD, "not held yet"
    if concept.kind in ("licence", "certification") and _EXPIRED_RE.search(sentence + after):
        return _NOT_HELD, "expired or lapsed"
    if _RECRUITING_RE.search(sentence):
        return 0.1, "mentioned while recruiting or hiring for it"
    weight = unit.weight
    if unit.source == "certifications" and concept.kind in _CREDENTIAL_KINDS:
        weight = 1.0
    elif unit.source == "skills" and concept.kind in ("licence", "certification"):
        weight = 0.8
    elif unit.source in ("credentials", "education") and concept.kind not in _CREDENTIAL_KINDS:
        weight = 0.3 if unit.source == "education" else 0.0
    return weight, ""


def _unlabelled_roles(parsed: ParsedResume) -> list[ExperienceEntry]:
    """Dated roles under a heading the parser did not take for experience ("Teaching",
    "Clinical"), read the way it reads an experience section."""
    found: list[ExperienceEntry] = []
    for section in parsed.sections:
        if section.section_type == "other":
            found.extend(extract_experience(section.content, section.start))
    if found:
        return found
    # No work heading at all: dated jobs run on into the section above ("IBEW Local 68 — JW
    # wireman 2018 - present" under a licences list, read as education). A dated entry there
    # that names no degree and no school is a job.
    for section in parsed.sections:
        if section.section_type in ("education", "summary", "certifications"):
            for entry in extract_experience(section.content, section.start):
                head = f"{entry.title or ''} {entry.employer or ''}"
                if entry.start and not (DEGREE_RE.search(head) or INSTITUTION_RE.search(head)):
                    found.append(entry)
    return found


_ALTERNATIVE_RE = re.compile(r"\s*(?:/|／|\(|\)|\bor\b)\s*")


def _alternatives_families(title: str) -> frozenset[str]:
    """The head families of a title and of each name it gives the role ("Multi-craft Mech /
    E&I Tech", "Maintenance Technician (Electrician)"): a role with two names is one role,
    and it counts by the name closest to the job (the job takes the best of these)."""
    vocab = vocabulary()
    found = vocab.head_families(title)
    if _ALTERNATIVE_RE.search(title):
        for part in _ALTERNATIVE_RE.split(title):
            if part.strip():
                found |= vocab.head_families(part)
    return found


def _role_families(
    title: str, header: str, text: str, offset: int | None, lang: str = "en"
) -> frozenset[str]:
    """The families of a role's head title phrase ("Senior Nurse Recruiter" is recruiting);
    when the title names none, the header, then the line below it ("ICU, Hospital — 2019" over
    "Registered Nurse, nights"); read in English (``title`` glossed already)."""
    vocab = vocabulary()
    found = _alternatives_families(title) or vocab.head_families(gloss_title(header, lang))
    if not found and offset is not None:
        below = text[offset:].split("\n", 2)
        if len(below) > 1:
            found = vocab.head_families(gloss_title(below[1][:120], lang))
    return found


_HEADLINE_SKIP_RE = re.compile(
    r"\b(aspiring|seeking|looking for|student|future|career change)", re.I
)


def _headline_families(parsed: ParsedResume, lang: str) -> frozenset[str]:
    """The families of the occupation a resume's headline states, under the contact lines
    ("scrub tech · 7 yrs · CST"); none when it states a wish ("Aspiring ...")."""
    for section in parsed.sections:
        if section.section_type == "contact":
            continue
        if section.section_type not in ("summary", "other") or section.order > 3:
            return frozenset()
        first = section.content.strip().split("\n", 1)[0]
        if len(first) > 80 or _HEADLINE_SKIP_RE.search(first):
            return frozenset()
        return vocabulary().head_families(gloss_title(re.split(r"[·|•,]", first)[0], lang))
    return frozenset()


def candidate_profile(parsed: ParsedResume, *, today: date | None = None) -> CandidateProfile:
    """The evidence of a parsed resume (see the module docstring for what is kept)."""
    document = parsed.document
    if len(document.text.strip()) < 20 or document.word_count < 5:
        raise Unscorable("The resume has no readable text (empty, scanned or image-only).")
    today = today or date.today()
    now = today.year * 12 + today.month - 1
    fields = parsed.fields
    vocab = vocabulary()
    names = name_parts(fields.contact.name, document.text)
    # A resume in another language is read through an English gloss of its lines (quotes
    # stay in its own words); the name is scrubbed first so it never tips the language.
    lang = language_of(scrub(document.text, names))
    # Abbreviations the resume defines ("Front Office Manager (FOM)") read as written out.
    defined = defined_abbreviations(scrub(document.text, names))
    units: list[Unit] = []
    roles: list[RoleFacts] = []
    role_titles: list[tuple[int, int, int]] = []  # (start offset, end offset, role index)
    keyword_block = False
    headline: frozenset[str] | None = None  # read once, for the first role without a title
    entries = sorted(
        fields.experience or _unlabelled_roles(parsed),
        key=lambda e: month_of(e.end) or (now if e.is_current or e.end is None else 0),
        reverse=True,
    )
    for entry in entries:
        start = month_of(entry.start)
        end = now if entry.is_current or (start is not None and entry.end is None) else None
        end = end if end is not None else month_of(entry.end)
        if end is not None and entry.end and len(entry.end) == 4:
            end += 11  # "2019" as an end year means through 2019
        end_excl = end + 1 if end is not None else None
        title = entry.title or ""
        header = title
        if entry.start_offset is not None:
            header = document.text[entry.start_offset : entry.end_offset].split("\n", 1)[0]
            if not title:  # the parser missed a title written on the line above the dates
                title = line_before(document.text, entry.start_offset, parsed)
                header = f"{title} {header}"
        written = title
        title = unclip(expand(gloss(gloss_title(title, lang), "en"), defined), keep=False).text
        families = _role_families(title, header, document.text, entry.start_offset, lang)
        if not families and not TITLE_WORDS_RE.search(written):  # no title: the headline's
            if headline is None:
                headline = _headline_families(parsed, lang)
            families = headline
        index = len(roles)
        when = f"{_label_month(start)} – {'now' if entry.is_current else _label_month(end)}"
        short = title if len(title) <= 60 else title[:57].rstrip() + "…"
        where = f"Experience › {short or 'role'} ({when})"
        years_ago = max(0.0, (now - (end_excl or now)) / 12.0)
        recency = (
            1.0 if years_ago <= 2 else 0.9 if years_ago <= 5 else 0.75 if years_ago <= 10 else 0.6
        )
        dated = start is not None and end is not None
        if entry.start_offset is not None and entry.end_offset is not None:
            body = document.text[entry.start_offset : entry.end_offset]
            role_titles.append((entry.start_offset, entry.end_offset, index))
        else:
            body = f"{title}\n{entry.description}"
        weight = recency if dated else 0.8
        found_units, block = role_units(lines_of(scrub(body, names)), where, weight, index)
        units.extend(found_units)
        keyword_block = keyword_block or block
        roles.append(
            RoleFacts(
                title,
                start,
                end_excl,
                families,
                frozenset(),
                years_ago,
                written if written != title else "",
                vocab.head_qualifiers(title) if vocab.head_families(title) else frozenset(),
            )
        )
    shared = len(units)  # lines that speak for every role: a unit of each, counted once
    for clause in all_roles_clauses(scrub(document.text, names)) if len(roles) > 1 else ():
        for index, held in enumerate(roles):
            where = f"Experience › {held.title[:60] or 'role'} (all roles)"
            recency = 1.0 if held.years_ago <= 2 else 0.9 if held.years_ago <= 5 else 0.75
            units.append(Unit(where, "role", clause, recency, index))
    shared_end = len(units)
    for section in parsed.sections:
        found_units, block = section_units(section, names, role_titles)
        units.extend(found_units)
        keyword_block = keyword_block or block
    for school in fields.education:
        degree = " ".join(filter(None, (school.degree, school.field_of_study)))
        if degree:
            units.append(Unit(f"Education › {degree}", "education", degree, 1.0))
    if not fields.education:  # unparsed education: credentials only (never school names)
        for section in parsed.sections_of("education"):
            for line in education_lines(lines_of(scrub(section.content, names))):
                labelled = labelled_line(line)
                if labelled is not None:
                    units.append(unit_for(line, labelled))
                    continue
                kept = ", ".join(p for p in line.split(",") if not INSTITUTION_RE.search(p))
                if kept.strip():
                    units.append(Unit("Education", "credentials", kept, 1.0))
    # Tag every unit; strongest mention per concept first.
    found: dict[str, list[Hit]] = {}
    counts: dict[str, int] = {}
    skill_items = 0
    glosses = [unclip(expand(undot(gloss(u.text, lang)), defined)) for u in units]
    read = [replace(u, text=g.text) for u, g in zip(units, glosses, strict=True)]
    for index, unit in enumerate(read):
        mentions = vocab.find_concepts(unit.text)
        if unit.source == "skills":
            skill_items += max(1, len(re.split(r"[,;|•/]", unit.text)))
        no_credit = unit.source == "learning"
        for mention in mentions:
            if unit.source == "credentials" and vocab.concepts[mention.concept].kind not in (
                _CREDENTIAL_KINDS
            ):
                continue
            strength, reason = _strength(unit, mention, no_credit)
            s_start, s_end = glosses[index].span(
                *_sentence_at(unit.text, mention.start, mention.end)
            )
            found.setdefault(mention.concept, []).append(
                Hit(index, s_start, s_end, strength, reason)
            )
            if not shared <= index < shared_end or unit.role == 0:
                counts[mention.concept] = counts.get(mention.concept, 0) + 1
    flags: list[str] = []
    if lang in LANGUAGE_NAMES:
        flags.append(
            f"Resume in {LANGUAGE_NAMES[lang]}: read through a glossary of common work words; "
            "quotes are in the resume's own words."
        )
    stuffed = [c for c, n in counts.items() if n > STUFFED_REPEATS]
    if skill_items > STUFFED_SKILLS or stuffed or keyword_block:
        detail = f"{skill_items} skills listed" if skill_items > STUFFED_SKILLS else ""
        if keyword_block:
            detail = "a bare keyword block" + (f" ({detail})" if detail else "")
        if stuffed:
            repeated = ", ".join(vocab.concepts[c].label for c in stuffed[:4])
            detail = f"{detail}; " if detail else ""
            detail += f"repeated {max(counts[c] for c in stuffed)}× ({repeated})"
        flags.append(f"Possible keyword stuffing: {detail}. Repetition adds no credit.")
        for concept, concept_found in found.items():
            found[concept] = [
                Hit(h.unit, h.start, h.end, min(h.strength, 0.2), "stuffed list")
                if units[h.unit].source == "skills"
                else h
                for h in concept_found
            ]
    hits = {c: tuple(sorted(h, key=lambda x: -x.strength)) for c, h in found.items()}
    shown: dict[int, set[str]] = {}
    for concept, concept_hits in hits.items():
        for hit in concept_hits:
            role = units[hit.unit].role
            if role is not None and hit.strength >= 0.5:
                shown.setdefault(role, set()).add(concept)
    roles = [
        RoleFacts(
            r.title,
            r.start_month,
            r.end_month,
            r.families,
            frozenset(shown.get(i, ())),
            r.years_ago,
            r.written,
            r.qualifiers,
        )
        for i, r in enumerate(roles)
    ]
    level = 0
    study: set[str] = set()
    for school in fields.education:
        finished = month_of(school.end)
        if finished is not None and finished > now:
            continue  # a degree still in progress is not held yet
        written_degree = f"{school.degree or ''} {school.field_of_study or ''}"
        level = max(level, education_level(gloss(written_degree, lang).text))
        study.update(t.text for t in tokens(school.field_of_study or ""))
        study.update(t.text for t in tokens(school.degree or ""))
        if school.field_of_study and _INITIALISM_RE.fullmatch(school.field_of_study.strip()):
            study.add(f"={school.field_of_study.strip().lower()}")  # "BS EE"
    for section in parsed.sections_of("education"):  # degrees the parser did not split out
        for line in lines_of(scrub(section.content, names)):
            if _PENDING_RE.search(line):
                continue
            for segment in re.split(r"[,;(|—–]", line):
                if INSTITUTION_RE.search(segment):
                    level = max(level, _school_level(segment))
                    continue  # never school names
                segment = gloss(segment, lang).text
                found_level = education_level(segment)
                if found_level:
                    level = max(level, found_level)
                    study.update(t.text for t in tokens(segment))
                compact = _COMPACT_DEGREE_RE.match(segment.strip())
                if compact:  # "BSEE, University of …": a degree line opens with the degree
                    level = max(level, 4 if compact.group("level") == "M" else 3)
                    study.add(f"={compact.group('field').lower()}")
    if not fields.education:
        level = education_level(
            gloss("\n".join(s.content for s in parsed.sections_of("education")), lang).text
        )
    for unit in units:  # "Education: B.S. Mathematics, …" written inline elsewhere
        if (
            unit.source == "credentials"
            and (unit.where == "Education" or EDUCATION_LABEL_RE.match(unit.text))
            and not _PENDING_RE.search(unit.text)
        ):
            for segment in re.split(r"[,;(]", EDUCATION_LABEL_RE.sub("", unit.text)):
                if INSTITUTION_RE.search(segment):
                    level = max(level, _school_level(segment))
                    continue  # never school names
                found_level = education_level(segment)
                if found_level:
                    level = max(level, found_level)
                    study.update(t.text for t in tokens(segment))
    for concept, degree_level, field_word in (
        ("bsn", 3, "nursing"),
        ("adn", 2, "nursing"),
        ("msn", 4, "nursing"),
    ):
        if any(h.strength >= 0.5 for h in hits.get(concept, ())):
            level = max(level, degree_level)
            study.add(field_word)
    return CandidateProfile(
        units=tuple(units),
        hits=hits,
        roles=tuple(roles),
        total_years=float(fields.years_experience or 0.0),
        education_level=level,
        education_fields=frozenset(study),
        unit_words=tuple(frozenset(stems(u.text)) for u in read),
        text="\n".join(u.text for u in read if u.weight > 0 and u.source != "credentials"),
        current_title=fields.current_position,
        flags=tuple(flags),
        doc_vector=vector(
            (u.text, _TERM_WEIGHT.get(u.source, 1.0))
            for u in read
            if u.weight > 0 and u.source != "credentials"  # header line: credentials only
        ),
        role_vectors=tuple(
            vector([(r.title, 2.0), *((u.text, 1.0) for u in read if u.role == i)])
            for i, r in enumerate(roles)
        ),
    )
