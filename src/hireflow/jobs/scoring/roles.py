"""How much each of a candidate's dated roles counts for one job, and the years that follow.

A role counts by how close it is to the job: its title and bullets compared with the
posting's words (``terms``, IDF over the applicant pool), graded, so an adjacent role counts
in part; where the vocabulary places both the job and the role in a family it is blended in.
This recognises titles no list names ("JW Inside Wireman", "Senior Associate, Assurance")
from the work their bullets describe, for any occupation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from hireflow.jobs.scoring.evidence import CandidateProfile, RoleFacts
from hireflow.jobs.scoring.requirements import JobRequirements
from hireflow.jobs.scoring.spans import merged_months, time_weight
from hireflow.jobs.scoring.terms import acronyms, stem
from hireflow.jobs.scoring.vocabulary import phrase_key, vocabulary

_WORD_RE = re.compile(r"[a-z][a-z0-9+#]*", re.I)
_TITLE_STOP_WORDS = """
a an and the of for in at to with level senior sr junior jr lead staff principal head
intern trainee graduate entry i ii iii iv
"""
TITLE_STOP = frozenset(_TITLE_STOP_WORDS.split())
TALKING_FAMILIES = frozenset({"recruiting", "sales", "marketing"})
# A role's similarity to the posting, relative to the pool's best-fitting roles: below
# SIM_LOW it does not count, from SIM_FULL on it counts fully, linear between.
SIM_LOW, SIM_FULL = 0.25, 0.70
MIN_WEIGHT = 0.2  # a role counting less than this does not count (word noise)
SAME_FAMILY = 1.0  # a role the vocabulary puts in the job's own family counts at least this
QUALIFIED_FAMILY = 0.45  # the same, with a qualifier the job's title lacks in front
VOCAB_SHARE = 0.25  # where the vocabulary places job and role, its share of the weight


def vocab_weight(job: JobRequirements, role: RoleFacts) -> float | None:
    """The vocabulary's relatedness of the role's family to the job's (None: it cannot say)."""
    if job.family is None or not role.families:
        return None
    return max(_relatedness(f, role.families) for f in job.families | {job.family})


@lru_cache(maxsize=4096)
def _relatedness(family: str, others: frozenset[str]) -> float:
    vocab = vocabulary()
    return max(vocab.relatedness(family, f) for f in others)


def talking_role(job: JobRequirements, role: RoleFacts) -> bool:
    """A recruiting, sales or marketing role, for a job of another field: its lines name the
    field's words without doing the work ("Recruited ICU nurses", "Sold CNC tooling")."""
    if "recruiting" in role.families and job.family != "recruiting":
        pass  # a recruiter names the words of any field it hires for, sales included
    elif job.family in TALKING_FAMILIES or not role.families & TALKING_FAMILIES:
        return False
    known = vocab_weight(job, role)
    return known is None or known < 0.3


def role_weights(
    job: JobRequirements, candidate: CandidateProfile, similarities: Sequence[float], ref: float
) -> tuple[float, ...]:
    """Each role's weight for the job, 0..1 (``similarities``: of each role to the posting;
    ``ref``: the similarity of a fully fitting role in this pool)."""
    out: list[float] = []
    core = title_core(job.title)
    for index, role in enumerate(candidate.roles):
        sim = similarities[index] if index < len(similarities) else 0.0
        relative = sim / ref if ref > 0 else 0.0
        by_words = min(1.0, max(0.0, (relative - SIM_LOW) / (SIM_FULL - SIM_LOW)))
        if (  # the job's own title, with no word in front that makes it another one
            core
            and core <= title_stems(role.title)
            and not (role.qualifiers and role.qualifiers - title_terms(job.title))
        ):
            by_words = 1.0
        if talking_role(job, role):
            by_words *= 0.3
        known = vocab_weight(job, role)
        if known is None:
            weight = by_words
        elif known < 0.3:  # the vocabulary puts the role in another field: words count half
            weight = 0.5 * by_words
        elif known >= 1.0:  # the vocabulary names the role and the job one family
            # unless a word in front of the family phrase, not in the job's title, makes it
            # another title ("Data Store Manager" for a store manager): then words decide,
            # the family counting as adjacent at most.
            qualified = role.qualifiers and role.qualifiers - title_terms(job.title)
            weight = max(by_words, QUALIFIED_FAMILY if qualified else SAME_FAMILY)
        else:
            weight = max(by_words, VOCAB_SHARE * known + (1 - VOCAB_SHARE) * by_words)
        out.append(weight if weight >= MIN_WEIGHT else 0.0)
    return tuple(out)


def concept_years(
    candidate: CandidateProfile,
    weights: Sequence[float],
    concepts: tuple[str, ...],
    setting: bool,
) -> float:
    """Years in roles whose lines show the concepts; for a setting ("ICU"), only roles close
    to the job (a paramedic transporting ICU patients is not ICU nursing)."""
    wanted = set(concepts)
    spans: list[tuple[int, int, float]] = [
        (r.start_month, r.end_month, time_weight(r.title))
        for r, w in zip(candidate.roles, weights, strict=True)
        if r.start_month is not None
        and r.end_month is not None
        and r.concepts & wanted
        and (not setting or w >= 0.5)
    ]
    return merged_months(spans) / 12.0


def relevant_years(
    job: JobRequirements,
    candidate: CandidateProfile,
    weights: Sequence[float],
    concepts: frozenset[str],
) -> float:
    """Years in roles close to the job, each weighted by how close (graded)."""
    spans: list[tuple[int, int, float]] = []
    for role, weight in zip(candidate.roles, weights, strict=True):
        if role.start_month is None or role.end_month is None:
            continue
        if weight > 0:
            spans.append((role.start_month, role.end_month, weight * time_weight(role.title)))
    # Adjacent roles (weight < 0.8) support, but never make up more than half a year per
    # year asked: 24 years as a paramedic are not 7 years of nursing.
    near = merged_months([s for s in spans if s[2] >= 0.8]) / 12.0
    adjacent = max(0.0, merged_months(spans) / 12.0 - near)
    years = near + min(adjacent, 0.5 * job.min_years if job.min_years else 1.0)
    if not candidate.roles and candidate.total_years:
        years = candidate.total_years * 0.4  # undated history: partial credit
    return years


def without_roles(
    candidate: CandidateProfile, excluded: tuple[tuple[str, ...], ...]
) -> CandidateProfile:
    """The candidate as if the roles with an excluded title ("SDR") had no dates."""
    drop = [_excluded_title(role.title, excluded) for role in candidate.roles]
    if not any(drop):
        return candidate
    kept = tuple(
        replace(role, start_month=None, end_month=None) if gone else role
        for role, gone in zip(candidate.roles, drop, strict=True)
    )
    return replace(candidate, roles=kept)


@lru_cache(maxsize=8192)
def _excluded_title(title: str, excluded: tuple[tuple[str, ...], ...]) -> bool:
    key = phrase_key(title)
    words = " " + " ".join(key) + " "
    initials = "".join(w[0] for w in key if w not in TITLE_STOP)  # "sdr"
    return any(" " + " ".join(e) + " " in words or e == (initials,) for e in excluded)


@lru_cache(maxsize=4096)
def title_terms(title: str) -> frozenset[str]:
    """The job title's words, their stems and its initialisms ("Registered Nurse -
    Intensive Care Unit" → … "icu"): a role title's qualifier matches any."""
    words = title_words(title)
    return words | {stem(w) for w in words} | set(acronyms(title.replace(" - ", "\n")))


@lru_cache(maxsize=4096)
def title_words(title: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD_RE.findall(title)) - TITLE_STOP


# Words that say a title's holder is credentialed, which a resume's title often leaves out.
_CREDENTIAL_WORDS = frozenset({"registered", "licensed", "certified", "chartered"})
_CORE_END_RE = re.compile(r"\s[-–—|/]\s|[(,:|]")


@lru_cache(maxsize=4096)
def title_core(title: str) -> frozenset[str]:
    """The stems of a job title's own words, before any qualifier after a dash, a comma
    or a bracket and without credential words ("Registered Dental Hygienist (Full-Time)" →
    dental, hygienist); empty for a one-word core (too general to name a field alone)."""
    words = title_words(_CORE_END_RE.split(title, maxsplit=1)[0]) - _CREDENTIAL_WORDS
    return frozenset(stem(w) for w in words) if len(words) >= 2 else frozenset()


@lru_cache(maxsize=8192)
def title_stems(title: str) -> frozenset[str]:
    return frozenset(stem(w) for w in title_words(title))
