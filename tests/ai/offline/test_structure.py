"""Structure agent: sections, order, dates and gaps, hazards, headings, contact, length."""

from __future__ import annotations

from hireflow.ai import ReviewOutcome, ReviewSpec, review_offline
from hireflow.resumes.document import LayoutHazard
from tests.ai.resume_builder import ResumeDraft, Role
from tests.ai.samples import PAIRS

SPEC = ReviewSpec(
    target_role="Senior Backend Engineer", target_industry="technology", experience_level="senior"
)
BULLETS = (
    "Built a billing API in Python serving 2 million calls a day",
    "Cut deployment time 40% by automating releases with Docker",
)


def _rules(outcome: ReviewOutcome) -> list[str]:
    return [f.rule for f in outcome.feedback]


def test_gap_over_six_months_is_reported_with_a_line_to_add() -> None:
    draft = PAIRS[0].strong.with_(
        roles=[
            Role("Engineer", "B", "2018-03", None, BULLETS),
            Role("Engineer", "A", "2015-01", "2016-12", BULLETS),
        ]
    )
    outcome = review_offline(draft.build(), SPEC)
    gap = next(f for f in outcome.feedback if f.rule == "structure.gap")
    assert "14 months" in gap.feedback_text
    assert gap.suggested_text is not None and gap.suggested_text.startswith("2017-01 – 2018-02")
    assert gap.section is not None and gap.section.section_type == "experience"


def test_overlapping_roles_and_short_breaks_are_not_gaps() -> None:
    draft = PAIRS[0].strong.with_(
        roles=[
            Role("Engineer", "C", "2019-05", None, BULLETS),
            Role("Engineer", "B", "2016-01", "2019-01", BULLETS),
            Role("Engineer", "A", "2014-01", "2017-06", BULLETS),
        ]
    )
    assert "structure.gap" not in _rules(review_offline(draft.build(), SPEC))


def test_mixed_date_formats_get_converted_to_the_main_format() -> None:
    draft = PAIRS[0].strong.with_(
        roles=[
            Role("Engineer", "C", "2020-03", None, BULLETS, date_style="slash"),
            Role("Engineer", "B", "2017-01", "2020-02", BULLETS, date_style="month_name"),
            Role("Engineer", "A", "2015-01", "2016-12", BULLETS, date_style="month_name"),
        ]
    )
    resume = draft.build()
    outcome = review_offline(resume, SPEC)
    fixes = [f for f in outcome.feedback if f.rule == "structure.date_format"]
    assert [f.original_text for f in fixes] == ["03/2020"]
    assert fixes[0].suggested_text == "Mar 2020"
    start, end = fixes[0].position_start, fixes[0].position_end
    assert start is not None and end is not None
    assert resume.document.text[start:end] == "03/2020"


def test_each_layout_hazard_lowers_ats_score_and_is_reported() -> None:
    base = PAIRS[0].strong
    previous = review_offline(base.build(), SPEC).ats_score
    hazards: tuple[LayoutHazard, ...] = ()
    for kind in (
        "table",
        "multi_column",
        "image",
        "text_box",
        "header_footer_content",
        "unusual_heading",
        "scanned_page",
    ):
        hazards = (*hazards, LayoutHazard(kind, f"{kind} on page 1", 1))  # type: ignore[arg-type]
        outcome = review_offline(base.with_(hazards=hazards).build(), SPEC)
        assert outcome.ats_score is not None and previous is not None
        assert outcome.ats_score < previous, kind
        assert f"ats.{kind}" in _rules(outcome)
        previous = outcome.ats_score


def test_missing_contact_details_are_flagged_with_a_template_line() -> None:
    outcome = review_offline(PAIRS[0].strong.with_(email=None, phone=None).build(), SPEC)
    item = next(f for f in outcome.feedback if f.rule == "ats.contact")
    assert item.severity_level == 4
    assert "email" in item.feedback_text and "phone" in item.feedback_text
    assert item.suggested_text is not None and "[name@example.com]" in item.suggested_text


def test_out_of_order_sections_and_unusual_headings() -> None:
    draft = PAIRS[0].strong.with_(
        order=("contact", "education", "skills", "experience", "summary"),
        headings={
            "contact": "",
            "summary": "Summary",
            "experience": "My Journey",
            "education": "Education",
            "skills": "Skills",
            "certifications": "",
            "projects": "",
            "achievements": "",
            "other": "",
        },
    )
    outcome = review_offline(draft.build(), SPEC)
    order_items = [f for f in outcome.feedback if f.rule == "structure.order"]
    assert {i.section.section_type for i in order_items if i.section} >= {"experience", "summary"}
    heading = next(f for f in outcome.feedback if f.rule == "ats.heading")
    assert heading.original_text == "My Journey" and heading.suggested_text == "Experience"
    clean = review_offline(PAIRS[0].strong.build(), SPEC)
    assert outcome.formatting_score is not None and clean.formatting_score is not None
    assert outcome.formatting_score < clean.formatting_score


def test_required_sections_depend_on_level() -> None:
    no_summary = PAIRS[0].strong.with_(summary=None).build()
    senior = review_offline(no_summary, SPEC)
    entry = review_offline(no_summary, SPEC.model_copy(update={"experience_level": "entry"}))
    senior_item = next(f for f in senior.feedback if f.rule == "structure.missing_summary")
    entry_item = next(f for f in entry.feedback if f.rule == "structure.missing_summary")
    assert senior_item.feedback_type == "weakness" and entry_item.feedback_type == "suggestion"


def test_too_many_pages_for_the_level() -> None:
    long = ResumeDraft(
        summary="x " * 30, roles=[Role("Engineer", "A", "2015-01", None, BULLETS * 20)], pages=4
    )
    outcome = review_offline(long.build(), SPEC.model_copy(update={"experience_level": "mid"}))
    assert "structure.too_long" in _rules(outcome)
