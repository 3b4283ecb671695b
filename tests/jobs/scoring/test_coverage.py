"""A requirement line whose vocabulary concepts name only a small part of it is not met by
the concept alone: the line's own words must be shown too."""

from __future__ import annotations

from datetime import date

from hireflow.jobs.scoring import JobProfile, score_batch
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.posting import parse_posting
from hireflow.jobs.scoring.requirements import parse_requirement

TODAY = date(2026, 11, 1)
LINE = (
    "Solid knowledge of conventional, FHA, VA and USDA guidelines and of TRID, RESPA, "
    "ECOA/fair lending and HMDA"
)
POSTING = f"""Loan Officer

Requirements
- {LINE}
"""


def _resume(line: str) -> str:
    return f"""Pat Doe
pat@example.test

EXPERIENCE
Branch Manager — County Bank
Feb 2021 - Present
- {line}
"""


def _credit(line: str) -> float:
    job = JobProfile.model_validate(parse_posting(POSTING).as_job_fields())
    result = score_batch(job, [profile_from_text(_resume(line), today=TODAY)])[0]
    (judged,) = [r for r in result.breakdown["requirements"] if r["requirement"] == LINE]
    return float(judged["credit"])


def test_a_broad_concept_alone_does_not_meet_a_line_it_names_little_of() -> None:
    # The line is about mortgage rules; the broad banking concept ("lending") is not its own.
    assert parse_requirement(LINE).concepts == ("mortgage_lending",)
    broad = _credit("BSA/AML, Reg CC and Reg E compliance for the branch")
    assert broad < 0.8  # not met: nothing of the guidelines the line lists
    shown = _credit("Bank lending: conventional, FHA, VA and USDA loans under TRID, RESPA and HMDA")
    assert shown > broad
