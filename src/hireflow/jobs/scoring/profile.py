"""What the engine compares: the job's requirements and a candidate's job-relevant facts.

Fairness by construction: ``candidate_profile`` copies only skills, experience (titles,
dates, descriptions), degree levels and the text of work-related sections. The contact
section (name, email, phone, address, photo links), the education section's institutions
(school prestige), and any date of birth, gender or age line never reach the profile, and
the candidate's name is scrubbed from the text that is compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hireflow.jobs.scoring.skills import canonical_skill, skill_key
from hireflow.resumes.document import ParsedResume
from hireflow.resumes.parsing.skills import known_skills, listed_skills

EDUCATION_LEVELS: dict[str, int] = {
    "none": 0,
    "high_school": 1,
    "associate": 2,
    "bachelor": 3,
    "master": 4,
    "doctorate": 5,
}
_DEGREE_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (5, re.compile(r"\b(ph\.?\s?d|doctor(ate)?|d\.?phil|博士)", re.I)),
    (4, re.compile(r"\b(master|m\.?sc?\b|m\.?eng|mba|m\.?a\.?\b|ms\b|修士)", re.I)),
    (3, re.compile(r"\b(bachelor|b\.?sc?\b|b\.?eng|b\.?a\.?\b|bs\b|学士|undergraduate)", re.I)),
    (2, re.compile(r"\b(associate|diploma|短期大学|専門学校)", re.I)),
    (1, re.compile(r"(high school|secondary school|高校|高等学校)", re.I)),
)
# Lines that carry protected attributes; dropped from the compared text wherever they appear.
_PROTECTED_LINE_RE = re.compile(
    r"^\s*(date of birth|dob|born|birthday|age|gender|sex|nationality|marital status|"
    r"address|photo|生年月日|年齢|性別|住所|国籍)\b.*$",
    re.I | re.M,
)
_WORK_SECTIONS = frozenset(
    {"summary", "experience", "skills", "certifications", "projects", "achievements", "other"}
)


class ScoringWeights(BaseModel):
    """How much each part of the breakdown counts; normalised to sum to 1 when used."""

    model_config = ConfigDict(extra="forbid")

    must_have_skills: float = Field(0.35, ge=0, le=1)
    nice_to_have_skills: float = Field(0.10, ge=0, le=1)
    experience: float = Field(0.20, ge=0, le=1)
    title_seniority: float = Field(0.10, ge=0, le=1)
    education: float = Field(0.05, ge=0, le=1)
    similarity: float = Field(0.20, ge=0, le=1)

    @model_validator(mode="after")
    def _some_weight(self) -> ScoringWeights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one scoring weight must be above zero")
        return self

    def normalised(self) -> dict[str, float]:
        raw = self.model_dump()
        total = sum(raw.values())
        return {key: value / total for key, value in raw.items()}


class JobProfile(BaseModel):
    """A job's requirements as the API takes them (also the JSON file of ``hireflow score``)."""

    model_config = ConfigDict(extra="ignore")

    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=50_000)
    must_have_skills: list[str] = Field(default_factory=list, max_length=50)
    nice_to_have_skills: list[str] = Field(default_factory=list, max_length=50)
    min_years_experience: float = Field(0, ge=0, le=60)
    education_level: str = Field("none")
    location: str | None = Field(None, max_length=200)
    remote: bool = False
    language: str | None = Field(None, max_length=20)
    scoring_weights: ScoringWeights = Field(default_factory=ScoringWeights)

    @model_validator(mode="after")
    def _known_level(self) -> JobProfile:
        if self.education_level not in EDUCATION_LEVELS:
            raise ValueError(f"education_level must be one of {', '.join(EDUCATION_LEVELS)}")
        return self

    def must_have(self) -> list[str]:
        return _unique_canonical(self.must_have_skills)

    def nice_to_have(self) -> list[str]:
        must = {skill_key(s) for s in self.must_have_skills}
        return [s for s in _unique_canonical(self.nice_to_have_skills) if skill_key(s) not in must]

    def text(self) -> str:
        skills = " ".join(self.must_have_skills + self.nice_to_have_skills)
        return f"{self.title}\n{self.title}\n{self.description}\n{skills}"


def _unique_canonical(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        if name.strip():
            seen.setdefault(skill_key(name), canonical_skill(name))
    return list(seen.values())


@dataclass(frozen=True, slots=True)
class Role:
    """One experience entry, as months since year 0 (end exclusive)."""

    title: str
    start_month: int | None
    end_month: int | None
    skill_keys: frozenset[str]
    text: str


@dataclass(frozen=True, slots=True)
class CandidateProfile:
    skills: dict[str, str]  # skill key → name as found
    roles: tuple[Role, ...]  # most recent first
    total_years: float
    education_level: int
    text: str  # work-related text, contact and institutions removed, name scrubbed
    current_title: str | None = None
    notes: tuple[str, ...] = field(default=())


class Unscorable(Exception):
    """A resume the engine cannot score (no text, nothing readable)."""


def _month(value: str | None) -> int | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
    except ValueError:
        return None
    return year * 12 + (month - 1)


def education_level_of(text: str) -> int:
    for level, pattern in _DEGREE_PATTERNS:
        if pattern.search(text):
            return level
    return 0


def candidate_profile(parsed: ParsedResume, *, today: date | None = None) -> CandidateProfile:
    """The job-relevant, fairness-filtered view of a parsed resume."""
    document = parsed.document
    if len(document.text.strip()) < 20 or document.word_count < 5:
        raise Unscorable("The resume has no readable text (empty, scanned or image-only).")
    today = today or date.today()
    now = today.year * 12 + today.month
    fields = parsed.fields
    roles: list[Role] = []
    for entry in fields.experience:
        start = _month(entry.start)
        end = now if entry.is_current or (start is not None and entry.end is None) else None
        end = end if end is not None else _month(entry.end)
        if end is not None and entry.end and len(entry.end) == 4:
            end += 11  # "2019" as an end year means through 2019
        body = f"{entry.title or ''}\n{entry.description}"
        roles.append(
            Role(
                title=entry.title or "",
                start_month=start,
                end_month=(end + 1) if end is not None else None,
                skill_keys=frozenset(skill_key(s) for s in known_skills(body)),
                text=body,
            )
        )
    roles.sort(key=lambda r: r.end_month or 0, reverse=True)
    # Degree level only: degree and field of study, never the institution.
    degree_text = " ".join(f"{e.degree or ''} {e.field_of_study or ''}" for e in fields.education)
    level = education_level_of(degree_text)
    if level == 0 and not fields.education:
        level = education_level_of("\n".join(s.content for s in parsed.sections_of("education")))
    text = (
        "\n".join(s.content for s in parsed.sections if s.section_type in _WORK_SECTIONS)
        or document.text
    )
    text = _PROTECTED_LINE_RE.sub("", text)
    if fields.contact.name and len(fields.contact.name.split()) <= 4:
        for part in fields.contact.name.split():
            if len(part) > 1:
                text = re.sub(rf"\b{re.escape(part)}\b", " ", text)
    # Skills from the work-related text only (after the name is scrubbed): a candidate
    # called "Ruby Swift" gets no Ruby or Swift from their name, nor from a school's name.
    skills: dict[str, str] = {}
    for section in parsed.sections_of("skills"):
        for name in listed_skills(section.content):
            skills.setdefault(skill_key(name), canonical_skill(name))
    for name in known_skills(text):
        skills.setdefault(skill_key(name), canonical_skill(name))
    return CandidateProfile(
        skills=skills,
        roles=tuple(roles),
        total_years=float(fields.years_experience or 0.0),
        education_level=level,
        text=text,
        current_title=fields.current_position,
    )
