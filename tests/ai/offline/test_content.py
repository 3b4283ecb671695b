"""Base agent: bullet checks and concrete rewrites of summaries and long bullets."""

from __future__ import annotations

from hireflow.ai import FeedbackItem, ReviewSpec, review_offline
from tests.ai.resume_builder import ResumeDraft, Role

SPEC = ReviewSpec(
    target_role="Marketing Manager", target_industry="marketing", experience_level="mid"
)


def _content_items(draft: ResumeDraft, rule: str) -> list[FeedbackItem]:
    outcome = review_offline(draft.build(), SPEC)
    return [f for f in outcome.feedback if f.rule == rule]


def _draft(summary: str | None, *bullets: str) -> ResumeDraft:
    return ResumeDraft(
        summary=summary,
        roles=[Role("Marketing Manager", "Acme", "2021-02", None, bullets)],
        skills=["SEO", "Content"],
        education=["BA Communications — 2017"],
        years_experience=7,
    )


def test_cliches_are_removed_and_the_candidates_words_kept() -> None:
    item = _content_items(
        _draft(
            "I am a passionate and detail-oriented marketing professional with experience in "
            "digital campaigns.",
            "Grew signups 20% in 6 months",
        ),
        "content.buzzwords",
    )[0]
    assert item.suggested_text == (
        "Marketing professional with experience in digital campaigns; [one result with a number]."
    )
    assert "passionate" in item.feedback_text and "detail-oriented" in item.feedback_text


def test_summary_made_only_of_cliches_gets_a_draft_from_the_resume() -> None:
    item = _content_items(
        _draft(
            "Results-driven, hard-working team player who is passionate about marketing.",
            "Grew signups 20%",
        ),
        "content.buzzwords",
    )[0]
    assert item.suggested_text == (
        "Marketing Manager with 7 years of experience in SEO, Content; [best result with a number]."
    )


def test_long_bullet_rewrite_is_cut_at_a_clause() -> None:
    long_bullet = (
        "Campaign performance reporting and analysis for leadership on a weekly "
        "basis using dashboards that the team built together with the data group, "
        "which helped leadership understand trends and decide on budget moves"
    )
    item = _content_items(_draft(None, long_bullet), "content.action_verb")[0]
    assert item.suggested_text == (
        "Led campaign performance reporting and analysis for "
        "leadership on a weekly basis, resulting in [metric]"
    )


def test_repeated_openers_get_alternative_verbs() -> None:
    items = _content_items(
        _draft(
            None,
            "Managed a $2M budget across 4 channels",
            "Managed the 2023 website redesign for 3 brands",
            "Managed 5 agencies delivering 40 campaigns a year",
        ),
        "content.repetition",
    )
    assert [i.suggested_text for i in items] == [
        "Directed the 2023 website redesign for 3 brands",
        "Oversaw 5 agencies delivering 40 campaigns a year",
    ]


def test_japanese_bullet_without_numbers_gets_a_japanese_slot() -> None:
    draft = ResumeDraft(
        language="ja",
        summary="法人営業として7年の経験。",
        roles=[
            Role(
                "法人営業", "株式会社A", "2019-04", None, ("新規顧客の開拓を担当",), date_style="ja"
            )
        ],
        skills=["CRM"],
        education=["大学"],
    )
    outcome = review_offline(draft.build(), SPEC)
    item = next(f for f in outcome.feedback if f.rule == "content.quantify")
    assert item.suggested_text == "新規顧客の開拓を担当（[成果: 数値]）。"
    assert "数値" in item.feedback_text


def test_no_bullets_is_a_weakness_with_a_bullet_template() -> None:
    draft = ResumeDraft(summary="Marketing manager.", roles=[], skills=["SEO"], education=["BA"])
    item = _content_items(draft, "content.no_bullets")[0]
    assert item.severity_level == 4 and item.suggested_text is not None
    assert "[metric]" in item.suggested_text
