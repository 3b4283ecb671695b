"""Bullet rewrites restructure the sentence and keep a [metric] slot where a number is missing."""

from __future__ import annotations

import pytest

from hireflow.ai.offline.rewrites import (
    past_tense,
    rewrite_passive_opening,
    rewrite_weak,
    starts_with_action,
    weak_phrase,
)


@pytest.mark.parametrize(
    ("bullet", "expected"),
    [
        ("Responsible for managing a team of 5", "Managed a team of 5"),
        ("Responsible for the website", "Owned the website, resulting in [metric]"),
        (
            "Helped with migrating the database to PostgreSQL",
            "Migrated the database to PostgreSQL, resulting in [metric]",
        ),
        ("Helped to reduce cloud costs by 10%", "Reduced cloud costs by 10%"),
        ("Duties included answering 50 calls a day", "Answered 50 calls a day"),
        (
            "In charge of the onboarding program",
            "Led the onboarding program, resulting in [metric]",
        ),
        ("I was responsible for leading 3 audits", "Led 3 audits"),
        ("Worked on planning the 2023 roadmap.", "Planned the 2023 roadmap"),
    ],
)
def test_weak_openers_are_restructured(bullet: str, expected: str) -> None:
    assert weak_phrase(bullet) is not None
    assert rewrite_weak(bullet) == expected


def test_japanese_weak_phrases_get_a_result_slot() -> None:
    rewrite = rewrite_weak("新規事業の立ち上げに携わった")
    assert rewrite == "新規事業の立ち上げを推進し、[成果: 数値]を実現。"
    with_number = rewrite_weak("3社との交渉に携わった")
    assert with_number is not None and "[成果: 数値]" not in with_number


@pytest.mark.parametrize(
    ("word", "past"),
    [
        ("managing", "Managed"),
        ("leading", "Led"),
        ("planning", "Planned"),
        ("building", "Built"),
        ("reduce", "Reduced"),
        ("apply", "Applied"),
        ("design", "Designed"),
    ],
)
def test_past_tense(word: str, past: str) -> None:
    assert past_tense(word) == past


def test_first_person_and_gerund_openings() -> None:
    assert (
        rewrite_passive_opening("I built the billing system")
        == "Built the billing system, resulting in [metric]"
    )
    assert rewrite_passive_opening("Managing 4 warehouses") == "Managed 4 warehouses"
    assert rewrite_passive_opening("Led the team") is None


@pytest.mark.parametrize(
    ("bullet", "is_action"),
    [
        ("Led a team of 6", True),
        ("Spearheaded a pricing change", True),
        ("Streamlined intake", True),
        ("Team player with energy", False),
        ("Experienced in Java", False),
        ("Responsible for code", False),
    ],
)
def test_action_verb_detection(bullet: str, is_action: bool) -> None:
    assert starts_with_action(bullet) is is_action
