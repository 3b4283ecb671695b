"""Round 7: years dated by a degree, and dotted initialisms."""

from __future__ import annotations

from datetime import date

from hireflow.jobs.scoring import JobProfile, score_batch
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.requirements import parse_requirement
from hireflow.jobs.scoring.terms import stems

TODAY = date(2026, 11, 1)


def test_years_after_a_degree_are_years_not_an_education_requirement() -> None:
    requirement = parse_requirement("2+ years of post-master's clinical experience")
    assert requirement.kind == "years"
    assert requirement.years == 2
    assert parse_requirement("Master's degree in public health").kind == "education"


RESUME = """Jordan Avery
CREDENTIALS
{credential}, Ohio (active)

EXPERIENCE
Outpatient Therapist — Lakeside Counseling
Jan 2019 - Present
- Individual and group therapy for an adult caseload.

EDUCATION
{degree}, Ohio State University, 2018
"""


def test_dotted_initialisms_meet_the_undotted_requirement() -> None:
    job = JobProfile.model_validate(
        {
            "title": "Outpatient Therapist",
            "description": "Adult outpatient therapy.",
            "must_have_skills": ["MSW program graduate"],
        }
    )
    dotted = RESUME.format(credential="L.C.S.W.", degree="M.S.W.")
    plain = RESUME.format(credential="LCSW", degree="MSW")
    results = score_batch(
        job, [profile_from_text(dotted, today=TODAY), profile_from_text(plain, today=TODAY)]
    )
    items = [{i["requirement"]: i for i in r.breakdown["requirements"]} for r in results]
    name = "MSW program graduate"
    assert items[0][name]["credit"] == items[1][name]["credit"] > 0
    assert "M.S.W." in items[0][name]["evidence"][0]["quote"]


def test_british_and_american_spellings_stem_alike() -> None:
    assert stems("licence licenced centre programme") == stems("license licensed center program")
    job = JobProfile.model_validate(
        {
            "title": "Outpatient Therapist",
            "description": "Adult outpatient therapy.",
            "must_have_skills": ["Active Ohio therapist licence"],
        }
    )
    text = RESUME.format(credential="Therapist License", degree="MSW")
    result = score_batch(job, [profile_from_text(text, today=TODAY)])[0]
    item = result.breakdown["requirements"][0]
    assert item["status"] == "met"
    assert "License" in item["evidence"][0]["quote"]
