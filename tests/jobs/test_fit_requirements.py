"""Requirements as people write them: lines, education, years, postings, job files."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hireflow.jobs.scoring import JobProfile, job_requirements
from hireflow.jobs.scoring.posting import parse_posting
from hireflow.jobs.scoring.requirements import (
    RequirementError,
    family_of,
    parse_education,
    parse_requirement,
    seniority_of,
)
from hireflow.jobs.scoring.vocabulary import vocabulary


@pytest.mark.parametrize(
    ("line", "kind", "concepts"),
    [
        ("Active RN license", "concept", ("rn_license",)),
        ("ICU / critical care experience", "concept", ("icu",)),
        ("BLS and ACLS certification", "concept", ("bls", "acls")),
        ("3+ years of FP&A experience", "years", ("fpa",)),
        ("ServSafe Manager certification", "concept", ("food_safety",)),
        ("Forklift certified", "concept", ("forklift",)),
        ("Salesforce or HubSpot CRM", "concept", ("crm",)),
        ("State teaching certificate in mathematics", "concept", ("teaching_license",)),
        ("G-code programming on Haas mills", "concept", ("cnc",)),
        ("Able to work night shifts and weekends", "logistics", ()),
    ],
)
def test_requirement_lines_are_read_into_concepts(
    line: str, kind: str, concepts: tuple[str, ...]
) -> None:
    requirement = parse_requirement(line)
    assert requirement.kind == kind
    assert requirement.concepts == concepts


def test_or_means_any_and_and_means_all() -> None:
    assert parse_requirement("Python or Go").match == "any"
    assert parse_requirement("BLS and ACLS").match == "all"


def test_years_are_read_as_written() -> None:
    assert parse_requirement("3+ years of experience").years == 3
    assert parse_requirement("at least five years in operations").years == 5
    assert parse_requirement("2-4 yrs of ICU").years == 2


def test_free_text_education() -> None:
    finance = parse_education(
        "Bachelor's degree in Finance, Accounting, Economics or a related field"
    )
    assert finance is not None and finance.level == 3
    assert set(finance.fields) >= {"finance", "accounting", "economics"}
    assert finance.related_field_ok
    bsn = parse_education("BSN required")
    assert bsn is not None and bsn.level == 3 and "nursing" in bsn.fields
    assert parse_education("High school diploma or GED").level == 1  # type: ignore[union-attr]
    assert parse_education("bachelor").level == 3  # type: ignore[union-attr]
    assert parse_education("none") is None


def test_unreadable_requirement_names_the_field() -> None:
    with pytest.raises(RequirementError, match="must_have_skills\\[1\\]"):
        parse_requirement("!!!", field_name="must_have_skills[1]")
    with pytest.raises(RequirementError, match="cannot tell what"):
        parse_requirement("the of and with", field_name="x")
    with pytest.raises(ValidationError, match="education_level"):
        JobProfile.model_validate({"title": "Nurse", "education_level": "kindergarten"})
    with pytest.raises(ValidationError, match="min_years_experience"):
        JobProfile.model_validate({"title": "Nurse", "min_years_experience": "lots"})


def test_job_file_as_people_write_it() -> None:
    job = JobProfile.model_validate(
        {
            "title": "FP&A Analyst",
            "requirements": "Advanced Excel\nFinancial modelling\nBudgeting and forecasting",
            "preferred": ["CPA or CFA"],
            "education": "Bachelor's degree in Finance, Accounting, Economics or a related field",
            "experience": "3+ years",
        }
    )
    assert job.education_level == "bachelor"
    assert job.min_years_experience == 3
    assert job.must_have_skills[0].startswith("Bachelor's degree in Finance")
    parsed = job_requirements(job)
    assert parsed.family == "finance"
    assert parsed.education is not None and parsed.education.level == 3
    assert [r.text for r in parsed.requirements] == [
        "Advanced Excel",
        "Financial modelling",
        "Budgeting and forecasting",
        "CPA or CFA",
    ]


POSTING = """Registered Nurse - Medical ICU (Nights)
Location: Denver, CO
Schedule: 3x12 night shifts

About the role
Join our 24-bed MICU team caring for critically ill adults.

Requirements
- Active Colorado or compact RN license
- 2+ years of ICU / critical care experience
- BLS and ACLS
- BSN or ADN with BSN in progress

Preferred
- CCRN
- Experience with CRRT
"""


def test_pasted_posting_is_understood() -> None:
    posting = parse_posting(POSTING)
    assert posting.title == "Registered Nurse - Medical ICU (Nights)"
    assert posting.location == "Denver, CO"
    assert posting.shift == "3x12 night shifts"
    assert "BLS and ACLS" in posting.must_have_skills
    assert posting.nice_to_have_skills == ["CCRN", "Experience with CRRT"]
    assert posting.education_level == "bachelor"
    job = JobProfile.model_validate(posting.as_job_fields())
    assert job_requirements(job).family == "nursing"


def test_titles_map_to_families_and_levels() -> None:
    assert family_of("Senior Financial Analyst, FP&A") == "finance"
    assert family_of("Staff Nurse, CVICU") == "nursing"
    assert family_of("Warehouse Operations Manager") == "operations"
    assert family_of("Head Chef") == "hospitality"
    assert family_of("High School Math Teacher") == "education"
    assert seniority_of("Staff Nurse") is None
    assert seniority_of("Staff Software Engineer") == 4
    assert seniority_of("Senior Accountant") == 3


def test_vocabulary_spans_industries() -> None:
    vocab = vocabulary()
    assert {"nursing", "finance", "sales", "operations", "hospitality", "education"} <= set(
        vocab.families
    )
    assert {"manufacturing", "software"} <= set(vocab.families)
    kinds = {c.kind for c in vocab.concepts.values()}
    assert {"skill", "licence", "certification", "setting", "degree"} <= kinds
    found = [m.concept for m in vocab.find_concepts("MICU, CVICU and SICU; Med-Surg; FP&A; S&OP")]
    assert found == ["icu", "icu", "icu", "med_surg", "fpa", "demand_planning"]
