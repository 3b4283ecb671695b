"""Shared fixtures of the scoring tests: a posting no tune set holds, English filler
applicants to make a pool, and short ways to read a resume's profile, concepts and scores."""

from __future__ import annotations

from datetime import date

from hireflow.jobs.scoring import FitResult, JobProfile, score_batch
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.posting import parse_posting
from hireflow.jobs.scoring.profile import CandidateProfile

TODAY = date(2026, 11, 1)
# An occupation no tune set holds, so a test checks the general reading, not a list.
POSTING = """Warehouse Supervisor

What you'll do
- Supervise a team of 12 warehouse workers across two shifts
- Own the inventory counts, purchase orders and supplier deliveries
- Prepare the monthly budget and cost reports

Requirements
- 3+ years supervising a warehouse team
- Experience with inventory control and purchase orders
"""
ENGLISH_FILLERS = (
    ("Barista", "Pulled espresso shots and trained new baristas on latte art."),
    ("Cashier", "Ran the register, balanced the till and stocked shelves."),
    ("Line Cook", "Prepped sauces and ran the grill station on busy weekends."),
    ("Receptionist", "Answered phones, booked appointments and greeted visitors."),
    ("Delivery Driver", "Delivered parcels on a 120-stop route and scanned packages."),
    ("Copywriter", "Wrote product pages and email newsletters for an online shop."),
    ("Bank Teller", "Processed deposits and helped customers open savings accounts."),
    ("Warehouse Picker", "Picked and packed orders with a handheld scanner."),
)


def filler(index: int, title: str, line: str) -> str:
    """A one-role English resume outside the posting's field."""
    return (
        f"Pat Doe{index}\npat{index}@example.test\n\nEXPERIENCE\n{title} — Acme\n"
        f"Jan 2018 - Present\n- {line}\n"
    )


def scores(text: str, fillers: int = len(ENGLISH_FILLERS)) -> list[FitResult]:
    """``text`` scored against POSTING in a pool with the first ``fillers`` fillers."""
    job = JobProfile.model_validate(parse_posting(POSTING).as_job_fields())
    pool = [filler(i, t, line) for i, (t, line) in enumerate(ENGLISH_FILLERS[:fillers])]
    profiles = [profile_from_text(t, today=TODAY) for t in (text, *pool)]
    return score_batch(job, profiles)


def profile_of(text: str) -> CandidateProfile:
    profile = profile_from_text(text, today=TODAY)
    assert isinstance(profile, CandidateProfile), profile
    return profile


def concepts(text: str) -> set[str]:
    """The vocabulary's concepts found in ``text``."""
    from hireflow.jobs.scoring.vocabulary import vocabulary

    return {m.concept for m in vocabulary().find_concepts(text)}
