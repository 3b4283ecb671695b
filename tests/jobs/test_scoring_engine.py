"""The fit scoring engine: breakdown, synonyms, fairness, unscorable resumes, weights."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from hireflow.jobs.scoring import JobProfile, ScoringWeights, rank_results, score_batch
from hireflow.jobs.scoring.engine import score_resume
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.vocabulary import vocabulary
from tests.jobs.helpers import JOB, resume_text

TODAY = date(2026, 11, 1)
PROFILE = JobProfile.model_validate(JOB)


def _score(text: str, job: JobProfile = PROFILE) -> float | None:
    return score_resume(job, profile_from_text(text, today=TODAY)).fit_score


def test_breakdown_lists_matched_and_missing_skills() -> None:
    text = resume_text(skills="Python, Docker", duties="Wrote Python services in Docker.")
    result = score_resume(PROFILE, profile_from_text(text, today=TODAY))
    b = result.breakdown
    assert b["must_have_matched"] == ["python", "docker"]
    assert b["must_have_missing"] == ["postgres"]
    assert set(b["parts"]) == {
        "must_have_skills",
        "nice_to_have_skills",
        "experience",
        "title_seniority",
        "education",
        "similarity",
    }
    assert abs(sum(b["contributions"].values()) - result.fit_score) < 0.5
    assert "missing: postgres" in result.summary
    assert 0 <= result.fit_score <= 100


@pytest.mark.parametrize(
    ("written", "concept"),
    [
        ("postgres", "postgresql"),
        ("k8s", "kubernetes"),
        ("golang", "golang"),
        ("Node JS", "nodejs"),
        ("nodejs", "nodejs"),
        ("REACTJS", "react"),
        ("python3", "python"),
    ],
)
def test_skills_match_through_aliases_and_spelling(written: str, concept: str) -> None:
    assert [m.concept for m in vocabulary().find_concepts(written)] == [concept]


def test_job_and_resume_aliases_meet() -> None:
    job = PROFILE.model_copy(update={"must_have_skills": ["Postgres", "K8S", "Golang"]})
    text = resume_text(skills="PostgreSQL, Kubernetes, Go", duties="Ran Go services.")
    result = score_resume(job, profile_from_text(text, today=TODAY))
    assert result.breakdown["must_have_missing"] == []


def test_fairness_names_addresses_schools_never_change_the_score() -> None:
    base = resume_text()
    variants = [
        resume_text(name="Fatima Al-Sayed"),
        resume_text(name="John Smith", address="1 Palace Road, Mayfair, London"),
        resume_text(school="Harvard University"),
        resume_text(school="Unknown Community College", address="Rural Route 9, Nowhere"),
        base.replace("SUMMARY", "Date of birth: 1961-04-02\nGender: female\n\nSUMMARY"),
    ]
    expected = _score(base)
    assert expected is not None
    for text in variants:
        assert _score(text) == expected


def test_a_name_that_is_a_skill_earns_nothing() -> None:
    job = PROFILE.model_copy(update={"must_have_skills": ["Ruby", "Swift", "Python"]})
    plain = _score(resume_text(name="Alex Morgan"), job)
    named = _score(resume_text(name="Ruby Swift"), job)
    assert plain == named
    result = score_resume(job, profile_from_text(resume_text(name="Ruby Swift"), today=TODAY))
    assert result.breakdown["must_have_missing"] == ["Ruby", "Swift"]  # keyword lines


def test_unscorable_resume_has_an_error_not_a_zero() -> None:
    for text in ("", "   ", None):
        result = score_resume(PROFILE, profile_from_text(text, today=TODAY))
        assert result.fit_score is None and result.error
    ranked = rank_results(
        [
            ("empty", score_resume(PROFILE, profile_from_text("", today=TODAY))),
            ("weak", score_batch(PROFILE, [profile_from_text(resume_text(), today=TODAY)])[0]),
        ]
    )
    assert [key for _, key, _ in ranked] == ["weak", "empty"]


def test_stronger_candidate_scores_higher() -> None:
    strong = resume_text(start="Jan 2015")
    junior = resume_text(title="Junior Developer", start="Jan 2025", skills="Python")
    designer = resume_text(
        title="Graphic Designer", skills="Figma", duties="Designed posters.", start="Jan 2015"
    )
    scores = [_score(t) for t in (strong, junior, designer)]
    assert scores[0] > scores[1] > scores[2]  # type: ignore[operator]


def test_weights_are_per_job_and_validated() -> None:
    skills_only = PROFILE.model_copy(
        update={
            "scoring_weights": ScoringWeights(
                must_have_skills=1,
                nice_to_have_skills=0,
                experience=0,
                title_seniority=0,
                education=0,
                similarity=0,
            )
        }
    )
    assert _score(resume_text(), skills_only) == 100.0
    with pytest.raises(ValidationError):
        ScoringWeights(
            must_have_skills=0,
            nice_to_have_skills=0,
            experience=0,
            title_seniority=0,
            education=0,
            similarity=0,
        )
    with pytest.raises(ValidationError):
        JobProfile.model_validate({**JOB, "education_level": "kindergarten"})


def test_batch_and_single_scores_agree() -> None:
    texts = [resume_text(), resume_text(skills="Python"), resume_text(start="Jan 2024")]
    profiles = [profile_from_text(t, today=TODAY) for t in texts]
    batch = [r.fit_score for r in score_batch(PROFILE, profiles)]
    single = [score_resume(PROFILE, p).fit_score for p in profiles]
    assert batch == single
