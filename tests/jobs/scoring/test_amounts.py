"""A money threshold a requirement asks ("budgets of $250K or more") against the amount its
evidence states: smaller, for the same period, is shown in part only."""

from __future__ import annotations

from datetime import date

from hireflow.jobs.scoring import JobProfile, score_batch
from hireflow.jobs.scoring.amounts import amounts, below_threshold, threshold
from hireflow.jobs.scoring.inputs import profile_from_text

TODAY = date(2026, 11, 1)
ASK = "Experience managing monthly paid-media budgets of $250K or more"


def test_amounts_are_read_as_people_write_them() -> None:
    assert amounts("environ 180 000 € par mois") == [180000.0]
    assert amounts("a US$3,4 M annual plan") == [3400000.0]
    assert amounts("$2,500,000 and $1.5M") == [2500000.0, 1500000.0]
    assert threshold(ASK) == (250000.0, "month")
    assert threshold("Experience with budgets") is None


def test_a_smaller_amount_for_the_same_period_is_below() -> None:
    assert below_threshold(ASK, "Ran $120K monthly on Meta and Google")
    assert not below_threshold(ASK, "Ran $400K monthly on Meta and Google")
    assert not below_threshold(ASK, "Owned a $2M annual budget")  # another period: unknown
    assert not below_threshold(ASK, "Ran paid social for three brands")  # no amount


def _resume(line: str) -> str:
    return f"Sam Lee\nsam@example.test\n\nEXPERIENCE\nPaid Media Manager — Acme\nJan 2018 - Present\n- {line}\n"


def test_evidence_below_the_amount_asked_is_partly_met() -> None:
    job = JobProfile.model_validate({"title": "Paid Media Manager", "requirements": [ASK]})
    small, large = score_batch(
        job,
        [
            profile_from_text(_resume("Managed monthly paid media budgets of $120K"), today=TODAY),
            profile_from_text(_resume("Managed monthly paid media budgets of $400K"), today=TODAY),
        ],
    )
    (small_line,) = [r for r in small.breakdown["requirements"] if r["requirement"] == ASK]
    (large_line,) = [r for r in large.breakdown["requirements"] if r["requirement"] == ASK]
    assert large_line["status"] == "met"
    assert small_line["status"] == "partly"
    assert "below the one asked" in small_line["note"]
    assert small_line["evidence"]  # the quote still shows what was found
