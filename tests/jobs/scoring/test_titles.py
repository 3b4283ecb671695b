"""Titles are weighed whole: a word in front of a family phrase the job's title lacks
("Data Store Manager" for a store manager) makes another title, which counts as far as its
lines back it; levels ("Assistant Store Manager") and the job's own words or initialisms
("ICU Registered Nurse" for "Registered Nurse - Intensive Care Unit") do not."""

from __future__ import annotations

from datetime import date

from hireflow.jobs.scoring import JobProfile
from hireflow.jobs.scoring.engine import job_requirements, score_profile
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.roles import role_weights
from hireflow.jobs.scoring.vocabulary import vocabulary

TODAY = date(2026, 11, 1)
STORE_JOB = JobProfile.model_validate(
    {"title": "Store Manager", "requirements": ["3+ years managing a retail store"]}
)


def _resume(title: str, line: str) -> str:
    return (
        f"Sam Lee\nsam@example.test\n\nEXPERIENCE\n{title} — Acme\nJan 2018 - Present\n- {line}\n"
    )


def test_qualifiers_are_the_words_in_front_of_the_family_phrase() -> None:
    vocab = vocabulary()
    assert vocab.head_qualifiers("Data Store Manager") == {"data"}
    assert vocab.head_qualifiers("Assistant Store Manager") == frozenset()
    assert vocab.head_qualifiers("Senior Store Manager, Footwear") == frozenset()
    # A header that is a phrase, not a title, has none.
    assert vocab.head_qualifiers("Travel ICU assignments via Bluegrass Travel Nursing") == set()


def test_a_homonym_title_is_not_the_jobs_family() -> None:
    reqs = job_requirements(STORE_JOB)
    data = profile_from_text(
        _resume("Data Store Manager", "Ran object-store replication across three clusters."),
        today=TODAY,
    )
    assistant = profile_from_text(
        _resume("Assistant Store Manager", "Ran object-store replication across three clusters."),
        today=TODAY,
    )
    assert not isinstance(data, str) and not isinstance(assistant, str)
    # No word similarity at all: only the vocabulary's family speaks.
    assert role_weights(reqs, data, [0.0], 0.3)[0] < 0.5
    assert role_weights(reqs, assistant, [0.0], 0.3)[0] == 1.0
    homonym, level = (
        score_profile(STORE_JOB, p, 0.0, role_similarity=[0.0]) for p in (data, assistant)
    )
    assert homonym.fit_score is not None and level.fit_score is not None
    assert homonym.fit_score < level.fit_score
    assert (
        homonym.breakdown["parts"]["title_seniority"] < level.breakdown["parts"]["title_seniority"]
    )
    assert homonym.breakdown["relevant_years"] < level.breakdown["relevant_years"]


def test_the_jobs_own_words_and_initialisms_are_no_qualifier() -> None:
    job = JobProfile.model_validate(
        {"title": "Registered Nurse - Intensive Care Unit", "requirements": ["Active RN license"]}
    )
    reqs = job_requirements(job)
    profile = profile_from_text(
        _resume("ICU Registered Nurse", "Cared for ventilated patients."), today=TODAY
    )
    assert not isinstance(profile, str)
    assert profile.roles[0].qualifiers == {"icu"}
    assert role_weights(reqs, profile, [0.0], 0.3)[0] == 1.0


def test_customer_success_is_its_own_family_next_to_sales() -> None:
    vocab = vocabulary()
    assert vocab.head_families("Customer Success Manager") == {"customer_success"}
    assert vocab.head_families("Account Executive") == {"sales"}
    assert 0 < vocab.relatedness("customer_success", "sales") < 1
    assert 0 < vocab.relatedness("sales", "customer_success") < 1
    # A call-centre "Customer Success Representative" is named by no family: its lines decide.
    assert "customer_success" not in vocab.head_families("Customer Success Representative")
