"""fit-3 rules, each for the general case: a role's family is its title's head phrase, a
setting's years must be shown in roles of the job's family, adjacent careers and student
roles count little, a line's exclusions drop those roles' time, headings inside a role end
it, a degree still in progress is not held, and the vocabulary spans more trades."""

from __future__ import annotations

from datetime import date

import pytest

from hireflow.jobs.scoring import JobProfile, score_batch
from hireflow.jobs.scoring.engine import FitResult
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.requirements import describe, excluded_titles, parse_requirement
from hireflow.jobs.scoring.vocabulary import vocabulary

TODAY = date(2026, 11, 1)
ICU = JobProfile.model_validate(
    {
        "title": "ICU Registered Nurse",
        "requirements": ["Active RN license", "Minimum 2 years of ICU experience as an RN"],
        "experience": "2+ years",
    }
)


def _score(job: JobProfile, *texts: str) -> list[FitResult]:
    return score_batch(job, [profile_from_text(t, today=TODAY) for t in texts])


def _line(result: FitResult, start: str) -> dict[str, object]:
    return next(r for r in result.breakdown["requirements"] if r["requirement"].startswith(start))


def _resume(header: str, roles: str, extra: str = "") -> str:
    return f"{header}\nsam@example.test\n\nEXPERIENCE\n{roles}\n{extra}"


def test_head_phrase_of_the_title_decides_the_family() -> None:
    vocab = vocabulary()
    assert vocab.head_families("Senior Nurse Recruiter") == {"recruiting"}
    assert vocab.head_families("Registered Nurse, Medical ICU") == {"nursing"}
    recruiter = _resume(
        "Renee Fairbanks",
        "Senior Nurse Recruiter — MedStaff — 2018 - Present\n"
        "- Recruit ICU RNs and CCRN-certified travel nurses for 40 hospitals\n"
        "- Verify RN licenses, ACLS cards and CCRN certifications for every placement\n"
        "- Screen candidates on ventilator and CRRT experience",
    )
    nurse = _resume(
        "Sam Lee, RN",
        "Staff Nurse, Medical ICU — Lakeside Hospital — 2019 - Present\n"
        "- Care for ventilated patients on vasoactive drips",
    )
    recruiter_result, nurse_result = _score(ICU, recruiter, nurse)
    assert _line(recruiter_result, "Minimum 2 years")["status"] == "missing"
    assert _line(nurse_result, "Minimum 2 years")["status"] == "met"
    assert recruiter_result.fit_score is not None and nurse_result.fit_score is not None
    assert recruiter_result.fit_score < 30 < nurse_result.fit_score


def test_setting_years_need_roles_of_the_family_and_licence_alone_does_not_count() -> None:
    paramedic = _resume(
        "Wade Thornbury, RN",
        "Registered Nurse, ICU — Valley Hospital — Feb 2026 - Present\n"
        "- New-to-ICU RN completing orientation\n\n"
        "Critical Care Paramedic — LifeFlight — 2011 - 2025\n"
        "- Interfacility transport of ICU patients on vents and drips",
    )
    med_surg = _resume(
        "Pat Doe, RN, BSN",
        "Registered Nurse, Med-Surg — County Hospital — 2012 - Present\n"
        "- 5-6 patients per shift on a medical-surgical floor",
    )
    seasoned = _resume(
        "Lee Park, RN",
        "Staff Nurse, CVICU — Heart Institute — 2019 - Present\n- Impella and IABP care",
    )
    paramedic_r, med_surg_r, seasoned_r = _score(ICU, paramedic, med_surg, seasoned)
    assert _line(med_surg_r, "Minimum 2 years")["status"] == "missing"  # the header RN
    assert _line(paramedic_r, "Minimum 2 years")["status"] != "met"  # months, not 14 years
    assert _line(seasoned_r, "Minimum 2 years")["status"] == "met"
    # 14 years as a paramedic (adjacent family) add at most half the minimum.
    assert paramedic_r.breakdown["relevant_years"] <= 0.8 + 1.0


def test_student_roles_count_a_quarter() -> None:
    extern = _resume(
        "Ana Ruiz, RN, BSN",
        "Student Nurse Extern, ICU — Harrow Hospital — 2023 - 2026\n"
        "- Cared for ICU patients under a preceptor",
    )
    (result,) = _score(ICU, extern)
    assert _line(result, "Minimum 2 years")["status"] != "met"


def test_a_lines_exclusions_drop_those_roles_time() -> None:
    assert excluded_titles("3+ years closing B2B SaaS (SDR/BDR time doesn't count)") == (
        ("sdr",),
        ("bdr",),
    )
    job = JobProfile.model_validate(
        {
            "title": "Account Executive",
            "requirements": [
                "3+ years of quota-carrying B2B SaaS sales (SDR/BDR time doesn't count)"
            ],
        }
    )
    sdr = _resume(
        "Kim Ode",
        "Senior Sales Development Representative — Quill SaaS — 2020 - Present\n"
        "- Booked meetings for B2B SaaS account executives; 130% of meeting quota",
    )
    ae = _resume(
        "Lou Ode",
        "Account Executive — Quill SaaS — 2020 - Present\n"
        "- Closed new B2B SaaS business; 120% of a $600K quota",
    )
    sdr_r, ae_r = _score(job, sdr, ae)
    assert sdr_r.fit_score is not None and ae_r.fit_score is not None
    assert sdr_r.fit_score < ae_r.fit_score
    assert sdr_r.breakdown["relevant_years"] < 1.0 <= ae_r.breakdown["relevant_years"]


def test_a_heading_inside_a_role_ends_it_and_english_learner_is_not_a_learn_list() -> None:
    job = JobProfile.model_validate(
        {
            "title": "High School Math Teacher",
            "requirements": ["Single Subject Teaching Credential", "EL Authorization (CLAD)"],
        }
    )
    text = _resume(
        "Hannah Oak",
        "Math Teacher — Delta High School — 2020 - Present\n- Algebra II and Precalculus\n\n"
        "Student Teacher — Folsom High School — Spring 2020\n\nCREDENTIALS\n"
        "California Single Subject Teaching Credential in Mathematics (Clear)\n"
        "English Learner Authorization (CLAD)",
    )
    (result,) = _score(job, text)
    assert result.breakdown["must_have_missing"] == []
    credential = _line(result, "Single Subject")
    assert credential["status"] == "met"
    assert credential["evidence"][0]["where"] == "Credentials"  # type: ignore[index]


def test_a_degree_in_progress_is_not_held() -> None:
    job = JobProfile.model_validate({"title": "Financial Analyst", "education": "master"})
    text = _resume(
        "Rae Finch",
        "Financial Analyst — Acme — 2021 - Present\n- Monthly budget variance analysis",
        "\nEDUCATION\nMBA, Bluffs School of Business — in progress, expected 2027\n",
    )
    (result,) = _score(job, text)
    assert result.breakdown["education_level_found"] < 4


@pytest.mark.parametrize(
    ("line", "understood"),
    [
        ("Active pharmacist license", "licence Pharmacist licence"),
        ("PTCB certification (CPhT)", "certification Pharmacy technician certification"),
        ("Sterile compounding (USP 797)", "skill Compounding (sterile / non-sterile)"),
        ("Journeyman electrician license", "licence Electrician licence"),
        ("EPA 608 certification", "certification EPA 608 refrigerant certification"),
        ("5-axis experience", "skill 4/5-axis machining"),
        ("Mastercam or Fusion 360 CAM", "skill CAM programming (Mastercam, Fusion 360)"),
        ("Proficient with precision measuring instruments", "skill Precision measuring"),
    ],
)
def test_vocabulary_reaches_more_trades(line: str, understood: str) -> None:
    assert describe(parse_requirement(line)).startswith(understood)


def test_roles_under_an_unusual_heading_still_count() -> None:
    job = JobProfile.model_validate(
        {"title": "High School Math Teacher", "requirements": ["Algebra II"], "experience": "3"}
    )
    text = (
        "Gia Montes\ngia@example.test\n\nTeaching\n"
        "Math Teacher, Riverbend HS — Aug 2019 – present\n- Alg 2 and Pre-Calc sections\n"
    )
    (result,) = _score(job, text)
    assert result.breakdown["relevant_years"] >= 5
    assert _line(result, "Algebra II")["evidence"][0]["where"].startswith(  # type: ignore[index]
        "Experience › Math Teacher"
    )
