"""The offline engine: deterministic, explainable, ranks better resumes higher."""

from __future__ import annotations

import pytest

from hireflow.ai import OVERALL_WEIGHTS, ReviewOutcome, ReviewSpec, review_offline
from tests.ai.samples import PAIRS, PairCase


def _stable(outcome: ReviewOutcome) -> dict[str, object]:
    return outcome.model_dump(exclude={"processing_time_ms", "agent_timings_ms"})


@pytest.mark.parametrize("case", PAIRS, ids=lambda c: c.name)
def test_same_input_gives_identical_output(case: PairCase) -> None:
    resume = case.weak.build()
    first, second = review_offline(resume, case.spec), review_offline(resume, case.spec)
    assert _stable(first) == _stable(second)
    assert first.model_dump_json(
        exclude={"processing_time_ms", "agent_timings_ms"}
    ) == second.model_dump_json(exclude={"processing_time_ms", "agent_timings_ms"})


@pytest.mark.parametrize("case", PAIRS, ids=lambda c: c.name)
def test_clearly_better_resume_ranks_higher(case: PairCase) -> None:
    strong = review_offline(case.strong.build(), case.spec)
    weak = review_offline(case.weak.build(), case.spec)
    assert strong.overall_score >= weak.overall_score + 25, (
        strong.overall_score,
        weak.overall_score,
    )
    assert strong.content_score is not None and weak.content_score is not None
    assert strong.content_score > weak.content_score
    assert strong.ats_score is not None and weak.ats_score is not None
    assert strong.ats_score > weak.ats_score
    assert strong.detailed_scores["appeal"]["score"] > weak.detailed_scores["appeal"]["score"]


def test_at_least_eight_pairs_across_industries_and_levels() -> None:
    assert len(PAIRS) >= 8
    assert len({c.spec.target_industry for c in PAIRS}) >= 6
    assert {c.spec.experience_level for c in PAIRS} == {"entry", "mid", "senior", "executive"}
    assert any(c.strong.language == "ja" for c in PAIRS)


@pytest.mark.parametrize("case", PAIRS, ids=lambda c: c.name)
def test_every_score_is_explained_and_every_position_points_into_the_text(
    case: PairCase,
) -> None:
    for draft in (case.strong, case.weak):
        resume = draft.build()
        outcome = review_offline(resume, case.spec)
        text = resume.document.text
        orders = {s.order: s.section_type for s in resume.sections}
        weights = outcome.detailed_scores["overall"]["weights"]
        assert set(weights) == set(OVERALL_WEIGHTS)
        for key in weights:
            detail = outcome.detailed_scores[key]
            assert 0 <= detail["score"] <= 100
            assert detail["sub_scores"], key
            for sub in detail["sub_scores"]:
                assert 0 < sub["weight"] <= 1 and sub["rationale"]
                for ev in sub.get("evidence", []):
                    if "start" in ev:
                        assert 0 <= ev["start"] <= ev["end"] <= len(text)
        for item in outcome.feedback:
            if item.position_start is not None:
                assert item.position_end is not None
                assert 0 <= item.position_start < item.position_end <= len(text)
                if item.original_text and item.rule.startswith("content."):
                    assert text[item.position_start : item.position_end] == item.original_text
            if item.section is not None:
                assert orders[item.section.order] == item.section.section_type
            if item.feedback_type in (
                "weakness",
                "suggestion",
                "improvement",
            ) and item.rule.startswith("content."):
                assert item.suggested_text, item.rule


def test_summary_is_specific_and_two_to_four_sentences() -> None:
    case = PAIRS[0]
    outcome = review_offline(case.weak.build(), case.spec)
    summary = outcome.executive_summary
    assert "Senior Backend Engineer" in summary and str(outcome.overall_score) in summary
    sentences = [s for s in summary.replace("/100.", "/100|").split(". ") if s.strip()]
    assert 2 <= len(sentences) <= 4
    assert "Kubernetes" in summary or "Python" in summary  # names the missing skills


def test_japanese_resume_gets_japanese_summary_unless_asked_otherwise() -> None:
    case = next(c for c in PAIRS if c.strong.language == "ja")
    resume = case.strong.build()
    assert "総合" in review_offline(resume, case.spec).executive_summary
    english = case.spec.model_copy(update={"language": "en"})
    assert "scores" in review_offline(resume, english).executive_summary


def test_quick_scan_runs_base_agent_only_with_fewer_items() -> None:
    case = PAIRS[0]
    resume = case.weak.build()
    full = review_offline(resume, case.spec)
    quick = review_offline(resume, case.spec.model_copy(update={"review_type": "quick_scan"}))
    assert quick.overall_score == quick.content_score
    assert quick.ats_score is None and quick.formatting_score is None
    assert len(quick.feedback) < len(full.feedback) and len(quick.feedback) <= 8
    assert {f.agent for f in quick.feedback} == {"base_agent"}
    assert set(quick.agent_timings_ms) == {"base_agent"}


def test_ats_check_reports_ats_only() -> None:
    case = PAIRS[0]
    spec = case.spec.model_copy(update={"review_type": "ats_check"})
    outcome = review_offline(case.weak.build(), spec)
    assert outcome.overall_score == outcome.ats_score
    assert outcome.content_score is None and outcome.formatting_score is None
    assert outcome.feedback and {f.category for f in outcome.feedback} == {"ats"}


def test_outcome_maps_onto_review_results_columns() -> None:
    outcome = review_offline(PAIRS[1].strong.build(), PAIRS[1].spec)
    assert outcome.ai_model_used == "offline-engine-v1"
    assert outcome.fallback_reason is None and outcome.agent_usage == []
    assert outcome.processing_notes() is None
    assert set(outcome.result_columns()) == {
        "overall_score",
        "ats_score",
        "content_score",
        "formatting_score",
        "executive_summary",
        "detailed_scores",
        "ai_model_used",
        "processing_time_ms",
    }
    for item in outcome.feedback:
        row = item.columns()
        assert set(row) == {
            "feedback_type",
            "category",
            "feedback_text",
            "severity_level",
            "original_text",
            "suggested_text",
            "confidence_score",
            "position_start",
            "position_end",
        }
        assert row["feedback_type"] in (
            "strength",
            "weakness",
            "suggestion",
            "error",
            "improvement",
        )
        assert row["category"] in (
            "content",
            "formatting",
            "keywords",
            "grammar",
            "structure",
            "ats",
        )
        assert 1 <= row["severity_level"] <= 5 and 0 <= row["confidence_score"] <= 100


def test_no_target_role_still_reviews_against_the_generic_profile() -> None:
    outcome = review_offline(PAIRS[0].strong.build(), ReviewSpec())
    assert outcome.detailed_scores["appeal_detail"]["industry"] == "generic"
    assert "the target role" in outcome.executive_summary
