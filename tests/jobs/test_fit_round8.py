"""Round 8: deadlines are not years asked, degrees written by their field's initials, and a
licence named before its abbreviation is a gate."""

from __future__ import annotations

from datetime import date

from hireflow.jobs.scoring import JobProfile, score_batch
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.posting import parse_posting
from hireflow.jobs.scoring.requirements import parse_requirement, years_in

TODAY = date(2026, 11, 1)


def test_a_deadline_is_not_years_of_experience() -> None:
    line = "Surveyor Intern (SIT) certificate with the ability to obtain a licence within two years"
    assert years_in(line) is None
    assert parse_requirement(line).kind != "years"
    assert years_in("3+ years of field experience, licence within two years") == 3
    posting = parse_posting(
        f"Land Surveyor\n\nRequirements\n- 3+ years of field surveying experience\n- {line}\n"
    )
    assert line in posting.must_have_skills
    assert posting.min_years_experience == 3


RESUME = """Jordan Avery

EXPERIENCE
Design Engineer — Lakeside Works
Jan 2019 - Present
- Design of pumps and gearboxes.

EDUCATION
{degree}, Ohio State University, 2018
"""


def test_a_degree_written_with_its_fields_initials_meets_the_named_field() -> None:
    job = JobProfile.model_validate(
        {
            "title": "Design Engineer",
            "description": "Mechanical design.",
            "education_level": "Bachelor of Science in Mechanical Engineering",
        }
    )
    texts = [
        RESUME.format(degree="B.S. Mechanical Engineering"),
        RESUME.format(degree="BSME"),
        RESUME.format(degree="BS ME"),
        RESUME.format(degree="B.A. History"),
    ]
    results = score_batch(job, [profile_from_text(t, today=TODAY) for t in texts])
    education = [r.breakdown["parts"]["education"] for r in results]
    assert education[0] == education[1] == education[2] == 1.0
    assert education[3] < 1.0


def test_a_goal_naming_a_compact_degree_is_not_the_degree() -> None:
    job = JobProfile.model_validate(
        {
            "title": "Design Engineer",
            "description": "Mechanical design.",
            "education_level": "Bachelor of Science in Mechanical Engineering",
        }
    )
    text = RESUME.format(degree="B.A. History") + "Possibly start a part-time BSME\n"
    (result,) = score_batch(job, [profile_from_text(text, today=TODAY)])
    assert result.breakdown["parts"]["education"] < 1.0


def test_a_licence_named_before_its_abbreviation_and_an_alternative_is_a_gate() -> None:
    from hireflow.jobs.scoring.engine import _is_gate

    line = "Professional Surveyor (PS) license, or Surveyor Intern (SIT) certification"
    assert _is_gate(parse_requirement(line))
    assert _is_gate(parse_requirement("Journeyman license (Master license also accepted)"))
    assert not _is_gate(parse_requirement("Design of pumps (licensed software) and gearboxes"))


def test_a_licence_written_out_meets_its_alternative_named_in_capitals() -> None:
    line = "Surveyor Intern (SIT) certification or Professional Surveyor (PS) licence at hire"
    job = JobProfile.model_validate(
        {
            "title": "Field Surveyor",
            "description": "Boundary and topographic surveys.",
            "must_have_skills": [line],
        }
    )
    holder = "Jordan Avery\n\nLICENSES\nProfessional Surveyor - Ohio (active, 2022)\n\n" + (
        RESUME.format(degree="B.S. Geomatics")
    )
    (result,) = score_batch(job, [profile_from_text(holder, today=TODAY)])
    (item,) = [i for i in result.breakdown["requirements"] if i["requirement"] == line]
    assert item["status"] == "met"


def test_a_job_with_no_nice_to_haves_gives_no_free_credit_for_them() -> None:
    job = JobProfile.model_validate(
        {
            "title": "Design Engineer",
            "description": "Mechanical design.",
            "must_have_skills": ["Design of pumps and gearboxes"],
        }
    )
    text = RESUME.format(degree="B.A. History").replace("pumps and gearboxes", "fences")
    (result,) = score_batch(job, [profile_from_text(text, today=TODAY)])
    parts = result.breakdown["parts"]
    assert parts["nice_to_have_skills"] == parts["must_have_skills"] < 0.5
