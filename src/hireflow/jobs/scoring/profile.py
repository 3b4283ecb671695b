"""What the engine compares: a job's requirements (as people write them) and a candidate's
evidence (``evidence.CandidateProfile``, re-exported here)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hireflow.jobs.scoring.evidence import CandidateProfile, Unscorable, candidate_profile
from hireflow.jobs.scoring.requirements import (
    EDUCATION_LEVELS,
    RequirementError,
    parse_education,
    parse_requirement,
    split_lines,
    years_in,
)

__all__ = [
    "EDUCATION_LEVELS",
    "CandidateProfile",
    "JobProfile",
    "ScoringWeights",
    "Unscorable",
    "candidate_profile",
    "normalise_education",
]
_LEVEL_NAMES = {value: name for name, value in EDUCATION_LEVELS.items()}
# Field names as people write them in a job file → the job's own fields.
_FIELD_ALIASES = {
    "requirements": "must_have_skills",
    "required": "must_have_skills",
    "qualifications": "must_have_skills",
    "must_have": "must_have_skills",
    "must_haves": "must_have_skills",
    "skills": "must_have_skills",
    "preferred": "nice_to_have_skills",
    "preferred_qualifications": "nice_to_have_skills",
    "nice_to_have": "nice_to_have_skills",
    "nice_to_haves": "nice_to_have_skills",
    "education": "education_level",
    "years_experience": "min_years_experience",
    "experience": "min_years_experience",
    "min_years": "min_years_experience",
}


class ScoringWeights(BaseModel):
    """How much each part of the score counts; normalised to sum to 1 when used.

        ``must_have_skills`` and ``nice_to_have_skills`` weigh the job's requirement lines
        (skills, licences, certifications, settings, years in a specialty); ``experience`` the
        years in roles of the job's family; ``title_seniority`` the recent role's family and
        level; ``education`` the degree asked for; ``similarity`` word overlap of the role
        resume with the posting, IDF-weighted over the applicant pool (a TF-IDF cosine: lists and
    repetition count little in it, learn-lists and interests not at all).
    """

    model_config = ConfigDict(extra="forbid")

    must_have_skills: float = Field(0.34, ge=0, le=1)
    nice_to_have_skills: float = Field(0.14, ge=0, le=1)
    experience: float = Field(0.16, ge=0, le=1)
    title_seniority: float = Field(0.12, ge=0, le=1)
    education: float = Field(0.06, ge=0, le=1)
    similarity: float = Field(0.18, ge=0, le=1)

    @model_validator(mode="after")
    def _some_weight(self) -> ScoringWeights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one scoring weight must be above zero")
        return self

    def normalised(self) -> dict[str, float]:
        raw = self.model_dump()
        total = sum(raw.values())
        return {key: value / total for key, value in raw.items()}


def normalise_education(value: str) -> tuple[str, str | None]:
    """(level name, requirement line or None) of an education requirement as written.

    "bachelor" stays "bachelor"; "Bachelor's degree in Finance, Accounting or a related
    field" becomes ("bachelor", the same text), the text kept as a requirement line so the
    fields of study count. ``ValueError`` when it names no level.
    """
    text = value.strip()
    if not text or text.lower() == "none":
        return "none", None
    if text in EDUCATION_LEVELS:
        return text, None
    requirement = parse_education(text)
    if requirement is None:
        raise ValueError(
            f"cannot read {text!r} as an education requirement: write it as a posting would "
            '("Bachelor\'s degree in Finance or a related field", "BSN", "High school '
            f'diploma") or use one of {", ".join(EDUCATION_LEVELS)}'
        )
    return _LEVEL_NAMES[requirement.level], text


class JobProfile(BaseModel):
    """A job's requirements as the API takes them (also the job file of ``hireflow score``).

    Requirement lines are free text ("Active RN license", "3+ years of ICU experience");
    ``education_level`` takes a level or a sentence; ``min_years_experience`` a number or
    "3+ years"; a list may also be one string with one item per line.
    """

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

    @model_validator(mode="before")
    @classmethod
    def _as_people_write_it(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for alias, name in _FIELD_ALIASES.items():
            if alias in data and name not in data:
                data[name] = data.pop(alias)
        return data

    @field_validator("must_have_skills", "nice_to_have_skills", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return split_lines(value) if isinstance(value, str | list) else value

    @field_validator("min_years_experience", mode="before")
    @classmethod
    def _years(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            try:
                return float(value)
            except ValueError:
                years = years_in(value)
                if years is None:
                    raise ValueError(
                        f"cannot read {value!r} as years of experience (write 3 or '3+ years')"
                    ) from None
                return years
        return value

    @field_validator("education_level", mode="before")
    @classmethod
    def _education_text(cls, value: Any) -> Any:
        value = value if value is not None else "none"
        if isinstance(value, str):
            normalise_education(value)  # raises, naming this field, when unreadable
        return value

    @field_validator("must_have_skills", "nice_to_have_skills")
    @classmethod
    def _readable_lines(cls, value: list[str], info: Any) -> list[str]:
        for index, item in enumerate(value):
            try:
                parse_requirement(item, field_name=f"{info.field_name}[{index}]")
            except RequirementError as exc:
                raise ValueError(str(exc)) from None
        return value

    @model_validator(mode="after")
    def _readable(self) -> JobProfile:
        level, line = normalise_education(self.education_level)
        self.education_level = level
        if line is not None and line not in self.must_have_skills:
            self.must_have_skills = [line, *self.must_have_skills]
        return self

    def must_have(self) -> list[str]:
        return _unique(self.must_have_skills)

    def nice_to_have(self) -> list[str]:
        must = {s.casefold() for s in self.must_have_skills}
        return [s for s in _unique(self.nice_to_have_skills) if s.casefold() not in must]

    def text(self) -> str:
        skills = " ".join(self.must_have_skills + self.nice_to_have_skills)
        return f"{self.title}\n{self.title}\n{self.description}\n{skills}"


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        if name.strip():
            seen.setdefault(name.strip().casefold(), name.strip())
    return list(seen.values())
