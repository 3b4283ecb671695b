"""The fit score (engine ``fit-3``): each requirement judged met / partly / missing from the
resume's evidence, with quotes and their place; parts weighted per job into 0..100.

Parts (each 0..1): must-have requirement lines, nice-to-have lines, years in roles close to
the job against the minimum, the recent role's closeness and seniority, education, and the
TF-IDF similarity of the credited resume text to the posting (IDF over the applicant pool).
How close a role is comes from its words against the posting's (``roles``, ``terms``), so
titles no vocabulary lists still count. A missing must-have licence lowers the score by a
capped amount. The engine is a pure
function of a ``JobProfile`` and ``CandidateProfile``s: no I/O, one result per candidate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from hireflow.jobs.scoring.amounts import below_threshold
from hireflow.jobs.scoring.evidence import CandidateProfile, Hit
from hireflow.jobs.scoring.profile import JobProfile
from hireflow.jobs.scoring.requirements import (
    JobRequirements,
    Requirement,
    education_level,
    families_of,
    family_of,
    parse_requirement,
    seniority_of,
)
from hireflow.jobs.scoring.roles import (
    concept_years,
    role_weights,
    talking_role,
    title_terms,
    title_words,
    without_roles,
)
from hireflow.jobs.scoring.roles import (
    relevant_years as relevant_years_of,
)
from hireflow.jobs.scoring.similarity import ROLE_REF, SIMILARITY_SCALE, similarities
from hireflow.jobs.scoring.terms import stems
from hireflow.jobs.scoring.vocabulary import vocabulary

ENGINE_VERSION = "fit-3"
MET, PARTLY = 0.8, 0.35
_GATE_PENALTY, _GATE_CAP = 0.15, 0.25  # per missing must-have licence; at most in all
_UNBACKED_WORDS = 0.4  # share of the word similarity kept with no role close to the job
_WORDS_ALSO_BELOW = 0.35  # a concept line naming less of its words: its words count too
_WORDS_SHARE = 0.5
_BELOW_ASKED = 0.5  # credit of evidence stating a smaller amount than the line asks
_HELD_IN_PART = 0.2  # a licence credited this much is pending, expired or partly shown
PART_LABELS = {
    "must_have_skills": "must-have requirements",
    "nice_to_have_skills": "nice-to-haves",
    "experience": "years in the job's field",
    "title_seniority": "recent role and level",
    "education": "education",
    "similarity": "wording overlap",
}


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


def job_requirements(job: JobProfile) -> JobRequirements:
    """The job's requirement lines parsed (the profile validated them already)."""
    requirements: list[Requirement] = []
    for required, lines in ((True, job.must_have()), (False, job.nice_to_have())):
        requirements.extend(parse_requirement(line, required=required) for line in lines)
    education = next((r for r in requirements if r.kind == "education" and r.required), None)
    if education is None and job.education_level != "none":
        education = parse_requirement(job.education_level, required=True)
        if education.kind != "education":
            education = None
    min_years = float(job.min_years_experience)
    if not min_years:
        min_years = max(
            (r.years for r in requirements if r.kind == "years" and not r.concepts and r.required),
            default=0.0,
        )
    # Education is its own part; a required "N years" line sets the minimum of the
    # experience part; a preferred one is judged as a line, against years in the field.
    scored = tuple(
        r
        for r in requirements
        if not (r.kind == "education" or (r.kind == "years" and not r.concepts and r.required))
    )
    return JobRequirements(
        title=job.title,
        family=family_of(job.title),
        families=families_of(job.title),
        requirements=scored,
        min_years=min_years,
        education=education,
        seniority=seniority_of(job.title),
    )


def _status(credit: float) -> str:
    return "met" if credit >= MET else "partly" if credit >= PARTLY else "missing"


def _quote(candidate: CandidateProfile, hit: Hit) -> dict[str, str]:
    unit = candidate.units[hit.unit]
    quote = unit.text[hit.start : hit.end].strip()
    if len(quote) > 160:
        quote = quote[:157].rstrip() + "…"
    item = {"quote": quote, "where": unit.where}
    if hit.reason:
        item["note"] = hit.reason
    return item


def _concept_credit(
    job: JobRequirements, candidate: CandidateProfile, concept: str, in_family: bool
) -> tuple[float, Hit | None, Hit | None]:
    """(credit, best credited hit, best uncredited hit) of one concept."""
    best: Hit | None = None
    best_credit = 0.0
    void: Hit | None = None
    for hit in candidate.hits.get(concept, ()):
        credit = hit.strength
        unit = candidate.units[hit.unit]
        source = unit.source
        if source in ("skills", "summary") and not in_family:
            credit *= 0.4  # a list with no role in the field to back it
        elif unit.role is not None and talking_role(job, candidate.roles[unit.role]):
            credit *= 0.15  # a recruiter or sales rep names what they recruit for or sell
        if credit > best_credit:
            best, best_credit = hit, credit
        elif credit == 0 and void is None:
            void = hit
    return best_credit, best, void


@lru_cache(maxsize=1024)
def _role_concepts(concepts: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """The concepts of a years line that a role's lines can show (not licences), and whether
    it names a setting ("2 years of ICU": the roles must show the unit, not only nursing)."""
    kinds = vocabulary().concepts
    shown = tuple(c for c in concepts if kinds[c].kind != "licence")
    return shown, any(kinds[c].kind == "setting" for c in shown)


def _judge(
    job: JobRequirements,
    requirement: Requirement,
    candidate: CandidateProfile,
    in_family: bool,
    family_years: float,
    weights: tuple[float, ...],
) -> dict[str, Any]:
    evidence: list[dict[str, str]] = []
    note = ""
    credit: float | None
    if requirement.kind in ("concept", "years"):
        credits: list[float] = []
        shown_hits: list[Hit] = []
        for concept in requirement.concepts:
            value, hit, void = _concept_credit(job, candidate, concept, in_family)
            credits.append(value)
            if hit is not None:
                shown_hits.append(hit)
                evidence.append(_quote(candidate, hit))
            elif void is not None:
                evidence.append(_quote(candidate, void))
        if requirement.match == "any" or len(credits) == 1:
            credit = max(credits, default=0.0)
        else:
            credit = sum(credits) / len(credits)
        if (
            shown_hits
            and credit > _BELOW_ASKED
            and all(
                below_threshold(requirement.text, candidate.units[h.unit].text) for h in shown_hits
            )
        ):  # "budgets of $250K or more", shown "180 000 € par mois": in part
            credit = _BELOW_ASKED
            note = "the amount shown is below the one asked"
        if not requirement.concepts:  # "2+ years of teaching preferred": years in the field
            credit = 0.0
        elif requirement.coverage < _WORDS_ALSO_BELOW:
            # The concepts name a small part of the line ("Bluebeam or tablet-based plan
            # reading" → reading): its own words may be shown where the concept is not, and
            # the broad concept alone does not meet the whole line ("a loan origination
            # system" → banking, shown by any compliance bullet of a bank).
            words, best = _keyword_credit(job, requirement, candidate)
            credit = _WORDS_SHARE * words + (1 - _WORDS_SHARE) * credit
            if best >= 0 and words > 0:
                unit = candidate.units[best]
                evidence.append({"quote": unit.text[:160], "where": unit.where})
        if requirement.kind == "years" and requirement.years:
            if requirement.excluded:  # "SDR/BDR time doesn't count": judge without them
                counted = without_roles(candidate, requirement.excluded)
                if counted is not candidate:
                    candidate = counted
                    family_years = relevant_years_of(
                        job, counted, weights, frozenset(requirement.concepts)
                    )
            # "2 years of ICU experience as an RN": years in roles whose own lines show the
            # work (a licence shows in the header, not in the roles, so it does not count
            # here). Years in the job's family stand in only when the line names nothing
            # the roles could show.
            shown_concepts, setting = _role_concepts(requirement.concepts)
            years = concept_years(candidate, weights, shown_concepts, setting)
            ratio = min(1.0, years / requirement.years)
            shown = min(credit, 1.0) * (0.3 + 0.7 * ratio) if years else min(credit, 0.3)
            in_field = min(1.0, family_years / requirement.years)
            # "3+ years of FP&A": years in the job's field count too; "2 years of ICU"
            # (a setting) must be shown in the roles themselves, not only in nursing.
            credit = shown if setting else max(shown, in_field)
            note = (
                f"{years:.1f} years in roles showing it, {family_years:.1f} in the job's field "
                f"({requirement.years:g} asked)"
            )
    elif requirement.kind == "keywords":
        credit, best = _keyword_credit(job, requirement, candidate)
        if best >= 0:
            unit = candidate.units[best]
            evidence.append({"quote": unit.text[:160], "where": unit.where})
        note = "not in the vocabulary: matched by its words"
    else:  # logistics: location, remote, shift — shown, never scored
        credit = None
        note = "not scored (location and availability are checked with the candidate)"
    return {
        "requirement": requirement.text,
        "kind": requirement.kind,
        "required": requirement.required,
        "status": "not scored" if credit is None else _status(credit),
        "credit": None if credit is None else round(credit, 3),
        "evidence": list({(e["quote"], e["where"]): e for e in evidence}.values())[:3],
        "note": note,
    }


def _keyword_credit(
    job: JobRequirements, requirement: Requirement, candidate: CandidateProfile
) -> tuple[float, int]:
    """(credit, best unit or -1) of a line the vocabulary does not know: the share of its
    words, or of the words of one alternative it lists, that one line of the resume shows,
    times that line's strength. A lone word of the job's title is no alternative ("audits")."""
    title = _title_stems(job.title)
    whole, *alternatives = requirement.alternatives or (requirement.keywords,)
    whole_set = frozenset(whole)
    options = [frozenset(a) for a in alternatives if len(a) >= 2 or a[0] not in title]
    licence = _is_gate(requirement)
    credit, best = 0.0, -1
    for index, words in enumerate(candidate.unit_words):
        unit = candidate.units[index]
        weight = unit.weight
        if licence and unit.source == "certifications":
            weight = 1.0  # a licence line in the licences section: where it belongs
        if weight <= credit:  # cannot beat the best line so far (its share is at most 1)
            continue
        common = whole_set & words
        if not common:
            continue
        if licence and _NOT_HELD_RE.search(unit.text):
            weight *= 0.3  # pending, expired, lapsed: held in part at most
        found = len(common) / len(whole_set)
        for option in options:
            share = len(option & words) / len(option)
            if share >= 0.5:
                found = max(found, share)
        if found >= 0.33 and found * weight > credit:
            credit, best = found * weight, index
    return credit, best


@lru_cache(maxsize=256)
def _title_stems(title: str) -> frozenset[str]:
    return frozenset(stems(title))


_NOT_GATE_RE = re.compile(
    r"willing|within \d+ (days|months)|able to obtain|obtain(ed)? within|in progress|or equivalent "
    r"experience|preferred|eligib",
    re.I,
)
_NOT_HELD_RE = re.compile(
    r"\b(expired|lapsed|inactive|pending|not yet|in progress|expected|applying|applied for|"
    r"eligible|exam (scheduled|date)|scheduled to (sit|take)|studying for|working towards?)\b",
    re.I,
)
_LICENCE_LINE_RE = re.compile(r"\b(licen[cs]e[ds]?|licensure|certified|certification)\b", re.I)
_GATE_WORDS_RE = re.compile(r"licen[cs]|certif|credential|registered|required|must", re.I)


@lru_cache(maxsize=1024)
def _is_gate(requirement: Requirement) -> bool:
    """A must-have credential the candidate must already hold (RN licence, CPA, …), also one
    the vocabulary does not know ("Active state dental licence", matched by its words)."""
    if not requirement.required or _NOT_GATE_RE.search(requirement.text):
        return False
    if requirement.kind == "keywords":
        # "Journeyman license (Master license also accepted)", "Professional Engineer (PE)
        # license, or …": the licence named before any aside or alternative
        head = re.sub(r"\([^)]*\)?", "", requirement.text).split(",", 1)[0]
        return bool(_LICENCE_LINE_RE.search(head)) and not education_level(requirement.text)
    if not requirement.concepts:
        return False
    kinds = {vocabulary().concepts[c].kind for c in requirement.concepts}
    if kinds == {"licence"}:
        return True
    return kinds <= {"licence", "certification"} and bool(_GATE_WORDS_RE.search(requirement.text))


def _education(job: JobRequirements, candidate: CandidateProfile) -> tuple[float, dict[str, Any]]:
    requirement = job.education
    if requirement is None:
        return 1.0, {}
    shortfall = requirement.level - candidate.education_level
    credit = 1.0 if shortfall <= 0 else 0.5 if shortfall == 1 else 0.0
    note = ""
    if requirement.fields and credit > 0:
        fields_found = {w[:5] for w in candidate.education_fields}
        match = any(
            all(w[:5] in fields_found for w in name.split())
            or f"={''.join(w[0] for w in name.split())}" in candidate.education_fields
            for name in requirement.fields
        )  # "BSEE" / "BS EE": the field by its initials
        if not match:
            credit *= 0.7 if requirement.related_field_ok else 0.5
            note = "degree level met, field of study not one named"
    where = [
        {"quote": u.text[:160], "where": u.where}
        for u in candidate.units
        if u.source == "education"
    ][:2]
    return credit, {
        "requirement": requirement.text,
        "kind": "education",
        "required": True,
        "status": _status(credit),
        "credit": round(credit, 3),
        "evidence": where,
        "note": note,
    }


@dataclass(frozen=True)
class _Prepared:
    """What one job contributes to every candidate's score, computed once per batch."""

    reqs: JobRequirements
    weights: dict[str, float]
    gates: tuple[bool, ...]
    concepts: frozenset[str]
    rounded_weights: dict[str, float]
    weighting: str  # how the parts are weighed, in words
    excluded: tuple[tuple[str, ...], ...] = ()  # roles a must-have years line does not count


def _prepare(job: JobProfile, parsed: JobRequirements | None = None) -> _Prepared:
    reqs = parsed or job_requirements(job)
    weights = job.scoring_weights.normalised()
    return _Prepared(
        reqs,
        weights,
        tuple(_is_gate(r) for r in reqs.requirements),
        frozenset(c for r in reqs.requirements for c in r.concepts),
        {key: round(value, 3) for key, value in weights.items()},
        _weighting(weights),
        tuple(e for r in reqs.requirements if r.required and r.years for e in r.excluded),
    )


def score_profile(
    job: JobProfile,
    candidate: CandidateProfile,
    similarity: float,
    prepared: _Prepared | None = None,
    role_similarity: Sequence[float] = (),
    refs: tuple[float, float] = (SIMILARITY_SCALE, ROLE_REF),
) -> FitResult:
    """Combine the parts for one candidate (similarities and the pool's references from
    ``similarities``)."""
    prepared = prepared or _prepare(job)
    reqs = prepared.reqs
    weights = prepared.weights
    concepts = prepared.concepts
    fits = role_weights(reqs, candidate, role_similarity, refs[1])
    in_family = any(w >= 0.5 for w in fits)
    relevant_years = relevant_years_of(reqs, candidate, fits, concepts)
    if prepared.excluded:  # the must-have years line's exclusions apply to the minimum too
        counted = without_roles(candidate, prepared.excluded)
        if counted is not candidate:
            relevant_years = relevant_years_of(reqs, counted, fits, concepts)
    judged = [
        _judge(reqs, r, candidate, in_family, relevant_years, fits) for r in reqs.requirements
    ]
    must = [j for j in judged if j["required"] and j["credit"] is not None]
    nice = [j for j in judged if not j["required"] and j["credit"] is not None]
    must_part = _mean(must)
    nice_part = _mean(nice) if nice else must_part  # nothing extra asked: must-haves decide
    if reqs.min_years > 0:
        experience_part = min(1.0, relevant_years / reqs.min_years)
    else:
        experience_part = min(1.0, 0.5 + relevant_years / 6.0)

    # Recent role: how close it is to the job (the best of the last three, earlier ones
    # less), and its level.
    fit = 0.0
    words = title_words(reqs.title)
    for index, (role, weight) in enumerate(zip(candidate.roles[:3], fits, strict=False)):
        overlap = len(title_words(role.title) & words) / len(words) if words else 0.0
        if role.qualifiers - title_terms(reqs.title):  # "Data Store Manager": not the title
            overlap *= 0.5
        fit = max(fit, max(weight, overlap) * (1.0 if index == 0 else 0.8))
    wanted_level = reqs.seniority or 2
    current = candidate.roles[0].title if candidate.roles else candidate.current_title
    level = seniority_of(current)
    if level is None:
        years = relevant_years or candidate.total_years
        level = 1 if years < 2 else 2 if years < 5 else 3 if years < 9 else 4
    gap = level - wanted_level
    seniority_part = 1.0 if 0 <= gap <= 1 else 0.8 if gap > 1 else 0.5 if gap == -1 else 0.15
    title_part = 0.7 * fit + 0.3 * seniority_part

    education_part, education_item = _education(reqs, candidate)
    if education_item:
        judged.append(education_item)
    # Words count as far as a role close to the job backs them (a recruiter's lines name
    # the licences and units they recruit for).
    backing = min(1.0, _UNBACKED_WORDS + max(fits, default=0.0))
    similarity_part = min(1.0, max(0.0, similarity) / refs[0]) * backing
    parts = {
        "must_have_skills": must_part,
        "nice_to_have_skills": nice_part,
        "experience": experience_part,
        "title_seniority": title_part,
        "education": education_part,
        "similarity": similarity_part,
    }
    total = sum(parts[key] * weights[key] for key in parts)
    # A must-have licence not shown lowers the score by a capped amount (half for one
    # pending, expired or only partly shown), however many there are.
    missing_credentials = [
        j for j, gate in zip(judged, prepared.gates, strict=False) if gate and j["status"] != "met"
    ]
    penalty = sum(
        _GATE_PENALTY * (1.0 if float(j["credit"] or 0) < _HELD_IN_PART else 0.5)
        for j in missing_credentials
    )
    factor = 1.0 - min(_GATE_CAP, penalty)
    fit_score = round(100.0 * total * factor, 1)
    breakdown: dict[str, Any] = {
        "engine": ENGINE_VERSION,
        "parts": {key: round(value, 3) for key, value in parts.items()},
        "weights": dict(prepared.rounded_weights),
        "contributions": {key: round(100 * parts[key] * weights[key], 1) for key in parts},
        "weighting": _with_gates(
            prepared.weighting, factor, [j["requirement"] for j in missing_credentials]
        ),
        "requirements": judged,
        "must_have_matched": [j["requirement"] for j in must if j["status"] == "met"],
        "must_have_partly": [j["requirement"] for j in must if j["status"] == "partly"],
        "must_have_missing": [j["requirement"] for j in must if j["status"] == "missing"],
        "nice_to_have_matched": [j["requirement"] for j in nice if j["status"] == "met"],
        "nice_to_have_missing": [j["requirement"] for j in nice if j["status"] != "met"],
        "job_family": reqs.family,
        "relevant_years": round(relevant_years, 1),
        "required_years": reqs.min_years,
        "seniority_wanted": wanted_level,
        "seniority_found": level,
        "education_level_found": candidate.education_level,
        "similarity_cosine": round(similarity, 3),
        "flags": list(candidate.flags),
    }
    return FitResult(fit_score, breakdown, _summary(reqs, candidate, breakdown))


def _mean(items: list[dict[str, Any]]) -> float:
    """Mean credit; lines the vocabulary does not know count half as much."""
    if not items:
        return 1.0
    weights = [0.5 if j["kind"] == "keywords" else 1.0 for j in items]
    total = sum(float(j["credit"]) * w for j, w in zip(items, weights, strict=True))
    return total / sum(weights)


def _weighting(weights: dict[str, float]) -> str:
    parts = ", ".join(
        f"{PART_LABELS[k]} {round(100 * v)}%"
        for k, v in sorted(weights.items(), key=lambda i: -i[1])
        if v
    )
    return f"Score = weighted sum of {parts}."


def _with_gates(text: str, factor: float, missing: list[str]) -> str:
    if missing:
        text += (
            f" Multiplied by {factor:.2f} for missing must-have credential(s): "
            f"{'; '.join(missing)}."
        )
    return text


def _summary(job: JobRequirements, candidate: CandidateProfile, b: dict[str, Any]) -> str:
    must = b["must_have_matched"] + b["must_have_partly"] + b["must_have_missing"]
    parts: list[str] = []
    if must:
        text = f"Meets {len(b['must_have_matched'])} of {len(must)} must-haves"
        extra = []
        if b["must_have_partly"]:
            extra.append(f"partly: {', '.join(b['must_have_partly'])}")
        if b["must_have_missing"]:
            extra.append(f"missing: {', '.join(b['must_have_missing'])}")
        parts.append(text + (f" ({'; '.join(extra)})" if extra else ""))
    field_name = vocabulary().families[job.family].label if job.family else "relevant"
    years = f"{b['relevant_years']:g} years in {field_name} roles"
    if job.min_years:
        years += f" ({job.min_years:g} required)"
    parts.append(years)
    if candidate.roles and candidate.roles[0].title:
        recent = candidate.roles[0]
        shown = f"{recent.written} ({recent.title})" if recent.written else recent.title
        parts.append(f"most recent role: {shown[:100]}")
    parts.extend(candidate.flags)
    return "; ".join(parts) + "."


def score_batch(
    job: JobProfile,
    candidates: Sequence[CandidateProfile | str],
    pool: Sequence[CandidateProfile | str] = (),
) -> list[FitResult]:
    """Score many candidates at once; a ``str`` entry is an error (unscorable resume).

    Word similarity learns which words are common from the candidates and ``pool`` (other
    applicants of the job, not scored here): a candidate scored alone with the job's other
    applicants as its pool gets the score it would get scored with them."""
    prepared = _prepare(job)
    ok = [c for c in candidates if isinstance(c, CandidateProfile)]
    others = [c for c in pool if isinstance(c, CandidateProfile)]
    sims = similarities(job, [*ok, *others])
    refs = (sims.document_ref, sims.role_ref)
    results: list[FitResult] = []
    index = 0
    for candidate in candidates:
        if isinstance(candidate, str):
            results.append(FitResult(None, {"engine": ENGINE_VERSION}, "", candidate))
        else:
            similarity = float(sims.documents[index])
            roles = sims.roles[index].tolist()
            results.append(score_profile(job, candidate, similarity, prepared, roles, refs))
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
