"""The evidence model: where a requirement is shown decides how much it counts."""

from __future__ import annotations

from datetime import date

from hireflow.jobs.scoring import JobProfile, score_batch
from hireflow.jobs.scoring.engine import FitResult
from hireflow.jobs.scoring.inputs import profile_from_text

TODAY = date(2026, 11, 1)
ICU_JOB = JobProfile.model_validate(
    {
        "title": "ICU Registered Nurse",
        "requirements": [
            "Active RN license",
            "ICU / critical care experience",
            "BLS and ACLS certification",
        ],
        "preferred": ["CCRN", "Experience with CRRT"],
        "experience": "2+ years",
        "education": "BSN preferred",
    }
)
BACKEND_JOB = JobProfile.model_validate(
    {
        "title": "Backend Engineer",
        "requirements": ["Python", "PostgreSQL", "Kubernetes"],
        "experience": "3+ years",
    }
)


def _nurse(
    *, setting: str = "CVICU", header: str = "Jordan Avery, RN, BSN", extra: str = ""
) -> str:
    return f"""{header}
jordan@example.test | (555) 010-2000 | Denver, CO

EXPERIENCE
Staff Nurse, {setting} — St. Mary's Medical Center
Mar 2020 - Present
- Cared for 1-2 post-cardiac-surgery patients per shift, titrating vasoactive drips.
- Managed arterial lines, CRRT and IABP on night shift.

Registered Nurse, Telemetry — County Hospital
Jun 2018 - Feb 2020
- Delivered care to 5-6 patients on a telemetry floor.

EDUCATION
Bachelor of Science in Nursing, 2018

CERTIFICATIONS
BLS, ACLS, CCRN
{extra}"""


def _score(job: JobProfile, text: str) -> FitResult:
    return score_batch(job, [profile_from_text(text, today=TODAY)])[0]


def _item(result: FitResult, requirement: str) -> dict[str, object]:
    return next(i for i in result.breakdown["requirements"] if i["requirement"] == requirement)


def test_synonyms_and_abbreviations_meet_the_requirement_with_quotes() -> None:
    result = _score(ICU_JOB, _nurse())
    icu = _item(result, "ICU / critical care experience")
    assert icu["status"] == "met"
    assert "CVICU" in icu["evidence"][0]["quote"]  # type: ignore[index]
    assert icu["evidence"][0]["where"].startswith("Experience › Staff Nurse")  # type: ignore[index]
    licence = _item(result, "Active RN license")
    assert licence["status"] == "met" and licence["evidence"][0]["where"] == "Header credentials"  # type: ignore[index]
    assert result.breakdown["relevant_years"] >= 8
    assert result.fit_score is not None and result.fit_score > 85


def test_learning_lists_and_interests_earn_nothing() -> None:
    text = """Sam Lee
sam@example.test

EXPERIENCE
Help Desk Technician — Acme
Jan 2020 - Present
- Reset passwords and imaged laptops.

SKILLS I WANT TO LEARN
Python, PostgreSQL, Kubernetes

INTERESTS
Hiking, my pet ball python
"""
    result = _score(BACKEND_JOB, text)
    assert result.breakdown["must_have_matched"] == []
    python = _item(result, "Python")
    assert python["status"] == "missing"
    assert python["evidence"][0]["note"] == "listed as something to learn or an interest"  # type: ignore[index]
    assert result.fit_score is not None and result.fit_score < 30


def test_skills_list_is_weaker_than_role_bullets_and_stuffing_is_flagged() -> None:
    bullets = """Alex Kim
EXPERIENCE
Backend Engineer — Foo
Jan 2019 - Present
- Built Python services on PostgreSQL, deployed to Kubernetes.
"""
    listed = """Alex Kim
EXPERIENCE
Backend Engineer — Foo
Jan 2019 - Present
- Built internal services.

SKILLS
Python, PostgreSQL, Kubernetes
"""
    stuffed = listed.replace(
        "Python, PostgreSQL, Kubernetes",
        ", ".join(["Python", "PostgreSQL", "Kubernetes"] * 3 + [f"Tool{i}" for i in range(40)]),
    )
    scores = [_score(BACKEND_JOB, t) for t in (bullets, listed, stuffed)]
    assert _item(scores[0], "Python")["status"] == "met"
    assert _item(scores[1], "Python")["status"] == "partly"
    assert scores[0].fit_score > scores[1].fit_score > scores[2].fit_score  # type: ignore[operator]
    assert any("stuffing" in flag for flag in scores[2].breakdown["flags"])
    assert not scores[0].breakdown["flags"]


def test_homonyms_and_wrong_context_get_no_credit() -> None:
    zookeeper = """Riley Park
EXPERIENCE
Reptile Keeper — City Zoo
Jan 2016 - Present
- Fed and handled the python snakes and monitored the terrarium temperatures.
"""
    recruiter = """Riley Park
EXPERIENCE
Technical Recruiter — TalentCo
Jan 2016 - Present
- Recruited Python, PostgreSQL and Kubernetes engineers for fintech clients.
"""
    for text in (zookeeper, recruiter):
        result = _score(BACKEND_JOB, text)
        assert all(i["credit"] <= 0.1 for i in result.breakdown["requirements"]), text
        assert result.fit_score is not None and result.fit_score < 30
    fashion = JobProfile.model_validate(
        {"title": "Financial Analyst", "requirements": ["Financial modelling"]}
    )
    model = """Riley Park
EXPERIENCE
Fashion Model — Agency
Jan 2016 - Present
- Runway modelling and photo shoot modeling for designers.
"""
    assert _item(_score(fashion, model), "Financial modelling")["status"] == "missing"


def test_relevant_years_count_only_roles_of_the_job_family() -> None:
    changer = """Pat Doe
EXPERIENCE
Registered Nurse, MICU — General Hospital
Jan 2025 - Present
- Critical care nursing for ventilated patients.

Senior Accountant — Ledger LLP
Jan 2005 - Dec 2024
- Month-end close and reconciliations.

LICENSES
RN license; BLS; ACLS
"""
    result = _score(ICU_JOB, changer)
    assert 1.5 <= result.breakdown["relevant_years"] <= 2.1
    assert result.breakdown["parts"]["experience"] < 1.0


def test_missing_licence_weighs_heavily() -> None:
    with_licence = _score(ICU_JOB, _nurse())
    without = _score(
        ICU_JOB,
        _nurse(header="Jordan Avery").replace(
            "Registered Nurse, Telemetry", "Nurse Aide, Telemetry"
        ),
    )
    assert without.fit_score < with_licence.fit_score * 0.8  # type: ignore[operator]
    assert "Active RN license" in without.breakdown["must_have_missing"]
    assert "missing must-have credential" in without.breakdown["weighting"]


def test_name_swap_and_protected_lines_never_change_the_score() -> None:
    base = _nurse()
    variants = [
        base.replace("Jordan Avery", "Fatima Al-Sayed"),
        base.replace("Jordan Avery", "Ruby Swift").replace("Denver, CO", "1 Palace Road, London"),
        base.replace(
            "Bachelor of Science in Nursing, 2018",
            "Bachelor of Science in Nursing, Harvard University, 2018",
        ),
        base.replace("EXPERIENCE", "Date of birth: 1961-04-02\nGender: female\n\nEXPERIENCE"),
    ]
    expected = _score(ICU_JOB, base).fit_score
    for text in variants:
        assert _score(ICU_JOB, text).fit_score == expected
