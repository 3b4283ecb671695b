"""fit-3 for occupations its vocabulary does not know: roles count by the work their lines
describe (word similarity to the posting, IDF over the pool), licences lower the score by a
capped amount, and names never reach the score, also in a pool."""

from __future__ import annotations

from datetime import date

from hireflow.jobs.scoring import JobProfile, score_batch
from hireflow.jobs.scoring.engine import FitResult, job_requirements
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.posting import parse_posting
from hireflow.jobs.scoring.roles import role_weights
from hireflow.jobs.scoring.terms import stem

TODAY = date(2026, 11, 1)
POSTING = """Orchard Irrigation Technician

What you'll do
- Install, flush and repair drip irrigation lines, emitters and valves across 900 acres
- Test backflow preventers and maintain booster pumps and filter stations
- Program irrigation controllers and read soil moisture sensors

Requirements
- 2+ years maintaining drip irrigation systems
- Backflow tester certification
- Experience with irrigation controllers
"""
FILLER_ROLES = (
    ("Barista", "Pulled espresso shots and trained new baristas on latte art."),
    ("Cashier", "Ran the register, balanced the till and stocked shelves."),
    ("Line Cook", "Prepped sauces and ran the grill station on busy weekends."),
    ("Bank Teller", "Processed deposits and helped customers open savings accounts."),
    ("Receptionist", "Answered phones, booked appointments and greeted visitors."),
    ("Delivery Driver", "Delivered parcels on a 120-stop route and scanned packages."),
    ("Copywriter", "Wrote product pages and email newsletters for an online shop."),
    ("Warehouse Picker", "Picked and packed orders with a handheld scanner."),
)


def _resume(name: str, title: str, line: str, start: str = "Jan 2017") -> str:
    return f"""{name}
{name.split()[0].lower()}@example.test | (555) 010-3000

EXPERIENCE
{title} — Valley Farms
{start} - Present
- {line}
"""


def _pool(*texts: str) -> list[FitResult]:
    job = JobProfile.model_validate(parse_posting(POSTING).as_job_fields())
    fillers = [_resume(f"Pat Doe{i}", t, line) for i, (t, line) in enumerate(FILLER_ROLES)]
    profiles = [profile_from_text(t, today=TODAY) for t in (*texts, *fillers)]
    return score_batch(job, profiles)


def test_a_title_no_list_names_counts_by_the_work_its_lines_describe() -> None:
    fitter = _resume(
        "Sam Ortiz",
        "Water Systems Hand",
        "Flushed and repaired drip irrigation lines and valves; tested backflow preventers; "
        "programmed irrigation controllers and serviced booster pumps.",
    )
    adjacent = _resume(
        "Lee Park",
        "Landscape Crew Member",
        "Mowed lawns, planted shrubs and fixed a few sprinkler valves.",
    )
    unrelated = _resume("Kim Wu", "Barista", "Pulled espresso shots for a busy cafe.")
    fit, near, far = _pool(fitter, adjacent, unrelated)[:3]
    assert fit.breakdown["job_family"] is None  # the vocabulary knows no such job
    assert fit.breakdown["relevant_years"] >= 9
    assert far.breakdown["relevant_years"] == 0
    assert fit.fit_score is not None and near.fit_score is not None and far.fit_score is not None
    assert fit.fit_score > near.fit_score > far.fit_score


def test_role_weights_are_graded_by_similarity() -> None:
    job = JobProfile.model_validate(parse_posting(POSTING).as_job_fields())
    profile = profile_from_text(
        _resume("Sam Ortiz", "Irrigation Tech", "Repaired drip irrigation valves."), today=TODAY
    )
    assert not isinstance(profile, str)
    reqs = job_requirements(job)
    assert role_weights(reqs, profile, [0.0], 0.3) == (0.0,)
    assert 0.2 < role_weights(reqs, profile, [0.15], 0.3)[0] < 1.0  # adjacent: in part
    assert role_weights(reqs, profile, [0.3], 0.3) == (1.0,)


def test_stems_join_the_forms_of_a_word() -> None:
    assert stem("installing") == stem("installation") == stem("installer") == stem("install")
    assert stem("nurse") == stem("nursing")
    assert stem("mgr") == stem("manager")


def test_missing_licences_lower_the_score_by_a_capped_amount() -> None:
    job = JobProfile.model_validate(
        {
            "title": "ICU Registered Nurse",
            "requirements": ["Active RN license", "BLS certification required", "CCRN required"],
        }
    )
    text = """Jordan Avery
EXPERIENCE
Staff Nurse, ICU — St. Mary's
Mar 2018 - Present
- Cared for ventilated ICU patients.
"""
    result = score_batch(job, [profile_from_text(text, today=TODAY)])[0]
    missing = result.breakdown["must_have_missing"]
    assert len(missing) >= 2
    # 15 points in 100 per licence, 25 at most: never a compounding ×0.7 per licence.
    assert "Multiplied by 0.75" in result.breakdown["weighting"]


NICKNAMED = """{name}
Fresno CA — {mail}@example.com — 559 555 0158

Career path: six years on farm water crews, drip irrigation and pump work.

EXPERIENCE
Water Systems Hand | Valley Farms, Fresno CA | 03/2019 - now
  - Repaired drip irrigation lines and tested backflow preventers
"""


def test_name_swap_in_a_pool_changes_no_score() -> None:
    """Nicknames in quotes or brackets, an upper-case header: the name reaches no unit."""
    first = NICKNAMED.format(name='Ignatius "Iggy" Mbeki', mail="iggy")
    second = NICKNAMED.format(name="ANA (PEGGY) LEE-WONG", mail="ana")
    profile = profile_from_text(first, today=TODAY)
    assert not isinstance(profile, str)
    assert not any(w in u.text for u in profile.units for w in ("Ignatius", "Iggy", "Mbeki"))
    scores = [
        [(r.fit_score, r.breakdown["similarity_cosine"]) for r in _pool(text)]
        for text in (first, second)
    ]
    assert scores[0] == scores[1]


def test_a_licence_no_vocabulary_names_is_still_a_capped_gate() -> None:
    posting = POSTING.replace(
        "- Backflow tester certification\n",
        "- Backflow tester certification\n- Active Fresno County pesticide applicator license\n",
    )
    job = JobProfile.model_validate(parse_posting(posting).as_job_fields())
    body = """{name}
EXPERIENCE
Water Systems Hand — Valley Farms
Jan 2017 - Present
- Repaired drip irrigation lines and valves; tested backflow preventers.

LICENSES
{licence}
"""
    licences = {
        "held": "Pesticide applicator license, Fresno County (active)",
        "pending": "Pesticide applicator license, Fresno County (exam scheduled 2027)",
        "none": "Forklift operator card",
    }
    fillers = [_resume(f"Pat Doe{i}", t, line) for i, (t, line) in enumerate(FILLER_ROLES)]
    texts = [body.format(name=f"Sam {k.title()}", licence=v) for k, v in licences.items()]
    results = score_batch(job, [profile_from_text(t, today=TODAY) for t in (*texts, *fillers)])
    held, pending, none = results[:3]
    line = "Active Fresno County pesticide applicator license"
    assert line in held.breakdown["must_have_matched"]
    assert "Multiplied" not in held.breakdown["weighting"]
    assert "Multiplied by 0.85" in none.breakdown["weighting"]  # one licence: 15 in 100
    assert "Multiplied by 0.93" in pending.breakdown["weighting"]  # pending: half of it
    assert held.fit_score is not None and pending.fit_score is not None
    assert none.fit_score is not None and held.fit_score > pending.fit_score > none.fit_score


def test_an_expired_licence_is_named_but_fails_the_gate() -> None:
    job = JobProfile.model_validate(
        {"title": "Registered Nurse", "requirements": ["Active RN license"]}
    )
    body = """Jordan Avery
EXPERIENCE
Staff Nurse, Med-Surg — County Hospital
Mar 2015 - Present
- Cared for 5-6 med-surg patients per shift.

LICENSES
{licence}
"""
    active, expired = (
        score_batch(job, [profile_from_text(body.format(licence=text), today=TODAY)])[0]
        for text in ("RN license, Ohio (active)", "RN license, Ohio (expired 2023)")
    )
    assert "Multiplied" not in active.breakdown["weighting"]
    # Named, so it is not missing; not held, so the gate's whole penalty applies.
    assert "Multiplied by 0.85" in expired.breakdown["weighting"]
    assert 0 < expired.breakdown["requirements"][0]["credit"] < 0.2
    note = expired.breakdown["requirements"][0]["evidence"][0]["note"]
    assert note == "expired or lapsed"


def test_pay_benefits_and_eeo_lines_are_not_requirements() -> None:
    posting = parse_posting(
        "Store Lead\n\nRequirements\n- Inventory control experience\n\nNice to have\n"
        "- Spanish\n\nPay and benefits\n- $48-$58 per hour\n- Medical, dental and vision\n"
    )
    assert posting.must_have_skills == ["Inventory control experience"]
    assert posting.nice_to_have_skills == ["Spanish"]
    footer = parse_posting(
        "Store Lead\n\nNice to have\n- Spanish\n\nLocation: remote, anywhere in the US\n"
        "Pay: $88,000 base + variable,\nequity, home office stipend.\n\n"
        "Acme is an equal opportunity employer.\n"
    )
    assert footer.nice_to_have_skills == ["Spanish"]
    kept = parse_posting("Coordinator\n\nRequirements\nBenefits administration experience\n")
    assert kept.must_have_skills == ["Benefits administration experience"]


def test_a_recruiters_lines_earn_little_for_a_sales_job() -> None:
    job = JobProfile.model_validate(
        parse_posting(
            "Account Manager\n\nRequirements\n- Experience with renewals and churn targets\n"
            "- Salesforce\n"
        ).as_job_fields()
    )
    doer = profile_from_text(
        "Pat Lee\npat@example.com\n\nExperience\nAccount Manager, Acme Inc, 2020 - present\n"
        "- Own renewals for 40 accounts against churn targets in Salesforce\n",
        today=date(2026, 11, 1),
    )
    recruiter = profile_from_text(
        "Kim Poe\nkim@example.com\n\nExperience\nSenior Recruiter, Talentco Inc, 2020 - present\n"
        "- Source candidates with renewals and churn targets; screen for Salesforce\n",
        today=date(2026, 11, 1),
    )
    doer_result, recruiter_result = score_batch(job, [doer, recruiter])
    assert doer_result.fit_score is not None and recruiter_result.fit_score is not None
    assert doer_result.fit_score > recruiter_result.fit_score + 20
