"""The fit score: six explainable parts, weighted per job, combined into 0..100.

Parts (each 0..1): must-have skills matched, nice-to-have skills matched, years of relevant
experience against the minimum, title and seniority match, education level, and keyword
similarity of the whole (fairness-filtered) resume to the job. Similarity uses a hashed,
stop-word-filtered unigram+bigram vector with sublinear term frequency: it needs no corpus,
so one resume scores the same alone (the background job, the CLI) as in a batch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from hireflow.jobs.scoring.profile import (
    EDUCATION_LEVELS,
    CandidateProfile,
    JobProfile,
)
from hireflow.jobs.scoring.skills import skill_key

ENGINE_VERSION = "fit-1"
_SIMILARITY_SCALE = 0.35  # a cosine of 0.35 or more against the job text counts as full
_WORD_RE = re.compile(r"[a-z][a-z0-9+#]*", re.I)
_SENIORITY: tuple[tuple[int, re.Pattern[str]], ...] = (
    (5, re.compile(r"\b(head|director|vp|vice president|chief|cto)\b", re.I)),
    (4, re.compile(r"\b(lead|staff|principal|architect)\b", re.I)),
    (3, re.compile(r"\b(senior|sr\.?)\b", re.I)),
    (1, re.compile(r"\b(junior|jr\.?|intern|trainee|graduate|entry)\b", re.I)),
)
_TITLE_STOP = frozenset(
    {
        *("a", "an", "and", "the", "of", "for", "in", "at", "to", "with", "level"),
        *("senior", "sr", "junior", "jr", "lead", "staff", "principal", "head"),
        *("intern", "trainee", "graduate", "entry", "i", "ii", "iii", "iv"),
    }
)


@dataclass(frozen=True, slots=True)
class FitResult:
    """A score with its breakdown, or the reason there is none (never a silent 0)."""

    fit_score: float | None
    breakdown: dict[str, Any] = field(default_factory=dict)
    summary: str = ""
    error: str | None = None

    @property
    def scored(self) -> bool:
        return self.fit_score is not None


@cache
def _vectorizer() -> HashingVectorizer:
    return HashingVectorizer(
        n_features=2**18,
        stop_words="english",
        ngram_range=(1, 2),
        alternate_sign=False,
        norm=None,
        lowercase=True,
    )


def _vectors(texts: Sequence[str]) -> Any:
    matrix = _vectorizer().transform(texts)
    matrix.data = 1.0 + np.log(matrix.data)  # sublinear tf
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    from scipy.sparse import diags

    return diags(1.0 / norms) @ matrix


def similarities(job: JobProfile, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Cosine similarity of each text to the job, vectorised."""
    if not texts:
        return np.zeros(0)
    job_vector = _vectors([job.text()])
    resume_vectors = _vectors(texts)
    return np.asarray((resume_vectors @ job_vector.T).toarray()).ravel()


def seniority_of(title: str | None) -> int | None:
    if not title:
        return None
    for level, pattern in _SENIORITY:
        if pattern.search(title):
            return level
    return None


def _title_words(title: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(title)} - _TITLE_STOP


def _merged_years(spans: list[tuple[int, int]]) -> float:
    months = 0
    current_start, current_end = -1, -1
    for start, end in sorted(spans):
        if start > current_end:
            months += max(0, current_end - current_start)
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    months += max(0, current_end - current_start)
    return months / 12.0


def _round(value: float) -> float:
    return round(value, 3)


def score_profile(job: JobProfile, candidate: CandidateProfile, similarity: float) -> FitResult:
    """Combine the parts for one candidate (``similarity`` from ``similarities``)."""
    weights = job.scoring_weights.normalised()
    have = candidate.skills
    must = job.must_have()
    nice = job.nice_to_have()
    must_matched = [s for s in must if skill_key(s) in have]
    must_missing = [s for s in must if skill_key(s) not in have]
    nice_matched = [s for s in nice if skill_key(s) in have]
    must_part = len(must_matched) / len(must) if must else 1.0
    nice_part = len(nice_matched) / len(nice) if nice else 1.0

    # Relevant experience: roles whose title shares a word with the job title or that used
    # one of the job's skills; overlapping periods count once.
    job_keys = {skill_key(s) for s in must + nice}
    job_words = _title_words(job.title)
    spans: list[tuple[int, int]] = []
    for role in candidate.roles:
        if role.start_month is None or role.end_month is None:
            continue
        if role.skill_keys & job_keys or _title_words(role.title) & job_words:
            spans.append((role.start_month, role.end_month))
    relevant_years = _merged_years(spans)
    if not candidate.roles and candidate.total_years:
        relevant_years = candidate.total_years * 0.5  # undated history: half credit
    if job.min_years_experience > 0:
        experience_part = min(1.0, relevant_years / job.min_years_experience)
    else:
        experience_part = min(1.0, 0.6 + relevant_years / 5.0)

    # Title: best word overlap, recent roles first (older roles count 80%).
    title_overlap = 0.0
    if job_words:
        for index, role in enumerate(candidate.roles[:4]):
            overlap = len(_title_words(role.title) & job_words) / len(job_words)
            title_overlap = max(title_overlap, overlap * (1.0 if index == 0 else 0.8))
    else:
        title_overlap = 1.0
    wanted_level = seniority_of(job.title) or 2
    current = candidate.roles[0].title if candidate.roles else candidate.current_title
    level = seniority_of(current)
    if level is None:
        years = candidate.total_years
        level = 1 if years < 2 else 2 if years < 5 else 3 if years < 9 else 4
    gap = level - wanted_level
    seniority_part = 1.0 if 0 <= gap <= 1 else 0.8 if gap > 1 else 0.5 if gap == -1 else 0.15
    title_part = 0.6 * title_overlap + 0.4 * seniority_part

    required = EDUCATION_LEVELS[job.education_level]
    if required == 0:
        education_part = 1.0
    else:
        shortfall = required - candidate.education_level
        education_part = 1.0 if shortfall <= 0 else 0.5 if shortfall == 1 else 0.0

    similarity_part = min(1.0, max(0.0, similarity) / _SIMILARITY_SCALE)
    parts = {
        "must_have_skills": must_part,
        "nice_to_have_skills": nice_part,
        "experience": experience_part,
        "title_seniority": title_part,
        "education": education_part,
        "similarity": similarity_part,
    }
    total = sum(parts[key] * weights[key] for key in parts)
    fit_score = round(100.0 * total, 1)
    breakdown: dict[str, Any] = {
        "engine": ENGINE_VERSION,
        "parts": {key: _round(value) for key, value in parts.items()},
        "weights": {key: _round(value) for key, value in weights.items()},
        "contributions": {key: round(100 * parts[key] * weights[key], 1) for key in parts},
        "must_have_matched": must_matched,
        "must_have_missing": must_missing,
        "nice_to_have_matched": nice_matched,
        "nice_to_have_missing": [s for s in nice if s not in nice_matched],
        "relevant_years": round(relevant_years, 1),
        "required_years": job.min_years_experience,
        "title_overlap": _round(title_overlap),
        "seniority_wanted": wanted_level,
        "seniority_found": level,
        "education_level_found": _level_name(candidate.education_level),
        "education_level_required": job.education_level,
        "similarity_cosine": _round(similarity),
    }
    return FitResult(fit_score, breakdown, _summary(job, candidate, breakdown))


def _level_name(level: int) -> str:
    return next(name for name, value in EDUCATION_LEVELS.items() if value == level)


def _summary(job: JobProfile, candidate: CandidateProfile, b: dict[str, Any]) -> str:
    must = b["must_have_matched"] + b["must_have_missing"]
    parts: list[str] = []
    if must:
        text = f"Has {len(b['must_have_matched'])} of {len(must)} must-have skills"
        if b["must_have_missing"]:
            text += f" (missing: {', '.join(b['must_have_missing'])})"
        parts.append(text)
    nice = b["nice_to_have_matched"] + b["nice_to_have_missing"]
    if nice:
        parts.append(f"{len(b['nice_to_have_matched'])} of {len(nice)} nice-to-haves")
    years = f"{b['relevant_years']:g} years of relevant experience"
    if job.min_years_experience:
        years += f" ({job.min_years_experience:g} required)"
    parts.append(years)
    if candidate.roles and candidate.roles[0].title:
        parts.append(f"most recent role: {candidate.roles[0].title[:80]}")
    if b["education_level_found"] != "none":
        parts.append(f"highest degree: {b['education_level_found'].replace('_', ' ')}")
    return "; ".join(parts) + "."


def score_batch(job: JobProfile, candidates: Sequence[CandidateProfile | str]) -> list[FitResult]:
    """Score many candidates at once; a ``str`` entry is an error (unscorable resume)."""
    ok = [c for c in candidates if isinstance(c, CandidateProfile)]
    sims = similarities(job, [c.text for c in ok])
    results: list[FitResult] = []
    index = 0
    for candidate in candidates:
        if isinstance(candidate, str):
            results.append(FitResult(None, {"engine": ENGINE_VERSION}, "", candidate))
        else:
            results.append(score_profile(job, candidate, float(sims[index])))
            index += 1
    return results


def score_resume(job: JobProfile, candidate: CandidateProfile | str) -> FitResult:
    return score_batch(job, [candidate])[0]


def rank_results(results: Sequence[tuple[str, FitResult]]) -> list[tuple[int, str, FitResult]]:
    """Ranks 1..n: scored first by score (higher first), then more must-haves, then key;
    unscorable last."""

    def order(item: tuple[str, FitResult]) -> tuple[int, float, int, str]:
        key, result = item
        if result.fit_score is None:
            return (1, 0.0, 0, key)
        matched = len(result.breakdown.get("must_have_matched", ()))
        return (0, -result.fit_score, -matched, key)

    ordered = sorted(results, key=order)
    return [(rank, key, result) for rank, (key, result) in enumerate(ordered, start=1)]
