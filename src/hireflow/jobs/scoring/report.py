"""A resume measured against one job's requirement lines, for a review requested for an
application: the same engine, evidence and statuses as the applicant's fit score."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from hireflow.jobs.scoring.engine import score_resume
from hireflow.jobs.scoring.evidence import Unscorable, candidate_profile
from hireflow.jobs.scoring.profile import JobProfile
from hireflow.resumes.document import ParsedResume

JOB_FIELDS = (
    "title",
    "must_have_skills",
    "nice_to_have_skills",
    "min_years_experience",
    "education_level",
)


def requirements_report(
    parsed: ParsedResume, job: Mapping[str, Any], *, today: date | None = None
) -> dict[str, Any]:
    """Each requirement of ``job`` (the fields of ``JOB_FIELDS``) met / partly / missing in
    the resume, with quotes and their place; ``error`` when the resume cannot be read."""
    profile = JobProfile.model_validate({k: job[k] for k in JOB_FIELDS if k in job})
    report: dict[str, Any] = {
        "job_id": job.get("job_id"),
        "application_id": job.get("application_id"),
        "job_title": profile.title,
    }
    try:
        candidate = candidate_profile(parsed, today=today)
    except Unscorable as exc:
        return {**report, "error": str(exc)}
    result = score_resume(profile, candidate)
    breakdown = result.breakdown
    return {
        **report,
        "engine": breakdown.get("engine"),
        "fit_score": result.fit_score,
        "summary": result.summary,
        "weighting": breakdown.get("weighting"),
        "met": breakdown.get("must_have_matched", []),
        "partly": breakdown.get("must_have_partly", []),
        "missing": breakdown.get("must_have_missing", []),
        "nice_to_have_met": breakdown.get("nice_to_have_matched", []),
        "nice_to_have_missing": breakdown.get("nice_to_have_missing", []),
        "relevant_years": breakdown.get("relevant_years"),
        "required_years": breakdown.get("required_years"),
        "requirements": [
            {
                "requirement": item["requirement"],
                "required": item["required"],
                "status": item["status"],
                "evidence": item["evidence"],
                "note": item["note"],
            }
            for item in breakdown.get("requirements", [])
        ],
    }


def feedback_of(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Review feedback items naming the job's requirements: missing must-haves (weakness),
    partly shown ones (improvement) and met ones (strength), with the quoted evidence."""
    title = report.get("job_title") or "this job"
    items: list[dict[str, Any]] = []
    for item in report.get("requirements", []):
        if item["status"] == "not scored":
            continue
        quote = item["evidence"][0]["quote"] if item["evidence"] else None
        must = "must-have" if item["required"] else "nice-to-have"
        if item["status"] == "missing":
            kind, severity = "weakness", 4 if item["required"] else 2
            text = (
                f"{title}: {must} requirement not shown: {item['requirement']}. If you have it, "
                "show it in the bullets of a dated role (or in Certifications for a licence)."
            )
        elif item["status"] == "partly":
            kind, severity = "improvement", 3 if item["required"] else 2
            note = f" ({item['note']})" if item["note"] else ""
            text = (
                f"{title}: {must} requirement only partly shown: {item['requirement']}{note}. "
                "Back it with concrete work in a dated role."
            )
        else:
            kind, severity = "strength", 1
            text = f"{title}: {must} requirement met: {item['requirement']}."
        items.append(
            {
                "feedback_type": kind,
                "category": "content",
                "severity_level": severity,
                "feedback_text": text[:2000],
                "original_text": quote,
                "requirement": item["requirement"],
                "status": item["status"],
            }
        )
    return items
