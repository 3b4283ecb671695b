"""Resumes with little or no content get low scores and clear feedback, never a crash."""

from __future__ import annotations

import pytest

from hireflow.ai import ReviewSpec, review_offline
from hireflow.resumes.document import (
    ExtractedDocument,
    ParsedResume,
    ResumeFields,
    ResumeSection,
)


def _resume(text: str, sections: tuple[ResumeSection, ...] = ()) -> ParsedResume:
    document = ExtractedDocument(
        text=text,
        kind="txt",
        mime_type="text/plain",
        page_count=0,
        page_offsets=(0,),
        word_count=len(text.split()),
        language="unknown",
    )
    return ParsedResume(document=document, sections=sections, fields=ResumeFields())


@pytest.mark.parametrize("review_type", ["comprehensive", "quick_scan", "ats_check"])
@pytest.mark.parametrize("text", ["", "   \n\n", "Just a few words", "履歴書"])
def test_near_empty_resumes_score_low(text: str, review_type: str) -> None:
    outcome = review_offline(_resume(text), ReviewSpec(review_type=review_type))  # type: ignore[arg-type]
    assert outcome.overall_score <= 30, outcome.detailed_scores
    assert outcome.feedback and outcome.executive_summary
    if review_type != "quick_scan":
        assert any(f.rule == "ats.no_text" for f in outcome.feedback)


def test_section_offsets_without_headings_are_handled() -> None:
    text = "• Responsible for reporting\n• Cut costs 20% by renegotiating 4 contracts"
    section = ResumeSection("experience", None, text, 0, len(text), 1, 1, 1, 40)
    outcome = review_offline(_resume(text, (section,)), ReviewSpec())
    weak = next(f for f in outcome.feedback if f.rule == "content.weak_phrase")
    assert weak.original_text == "Responsible for reporting"
    assert weak.position_start == 2
    assert weak.suggested_text == "Owned reporting, resulting in [metric]"
    headings = [f for f in outcome.feedback if f.rule == "ats.heading"]
    assert headings and "no heading" in headings[0].feedback_text
