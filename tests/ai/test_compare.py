"""Comparing two reviews of a resume: deltas and resolved/new/persisting feedback."""

from __future__ import annotations

from dataclasses import replace

from hireflow.ai import compare_reviews, review_offline
from tests.ai.samples import PAIRS


def test_fixing_a_bullet_resolves_its_feedback_and_raises_the_score() -> None:
    case = PAIRS[0]
    before = case.weak
    role = before.roles[0]
    fixed_bullet = "Owned the backend code for 3 payment services, cutting errors 30%"
    after = before.with_(
        roles=[replace(role, bullets=(fixed_bullet, *role.bullets[1:])), *before.roles[1:]]
    )
    old = review_offline(before.build(), case.spec)
    new = review_offline(after.build(), case.spec)
    comparison = compare_reviews(old, new)
    deltas = {d.name: d for d in comparison.score_deltas}
    assert deltas["content"].delta is not None and deltas["content"].delta > 0
    assert deltas["overall"].delta == new.overall_score - old.overall_score
    resolved = [f.original_text for f in comparison.resolved]
    assert "Responsible for backend code" in resolved
    persisting = [f.original_text for f in comparison.persisting]
    assert "Helped with testing" in persisting
    assert all(f.original_text != "Helped with testing" for f in comparison.new)


def test_same_review_has_nothing_new_or_resolved() -> None:
    case = PAIRS[3]
    outcome = review_offline(case.weak.build(), case.spec)
    comparison = compare_reviews(outcome, outcome)
    assert comparison.resolved == [] and comparison.new == []
    assert len(comparison.persisting) == len(outcome.feedback)
    assert all(d.delta == 0 for d in comparison.score_deltas)


def test_scores_missing_on_one_side_have_no_delta() -> None:
    case = PAIRS[0]
    resume = case.weak.build()
    full = review_offline(resume, case.spec)
    quick = review_offline(resume, case.spec.model_copy(update={"review_type": "quick_scan"}))
    deltas = {d.name: d for d in compare_reviews(full, quick).score_deltas}
    assert deltas["ats"].new is None and deltas["ats"].delta is None
