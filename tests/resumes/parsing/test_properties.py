"""Invariants of parsing on arbitrary resume-like text."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from hireflow.resumes.document import SECTION_TYPES
from hireflow.resumes.extraction import RESUME_ERRORS, extract_document
from hireflow.resumes.parsing import parse_resume

_PIECES = st.sampled_from(
    [
        "EXPERIENCE",
        "Work Experience:",
        "■職務経歴",
        "【学歴】",
        "Skills: Python, Go",
        "SUMMARY",
        "Senior Engineer, Acme Corp",
        "Jan 2020 - Present",
        "2019年4月～現在 株式会社テスト",
        "2015年3月 東京大学 卒業",
        "B.S. in Physics, 2010 - 2014",
        "jane@example.com",
        "+1 415 555 0100",
        "Python, SQL, AWS, Docker",
        "Led a team of 5.",
        "",
        "現在に至る",
        "University of Oslo",
        "令和2年4月 株式会社サンプル 入社",
        "Education",
        "• Built things",
    ]
)
_LINES = st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_LINES)
def test_sections_slice_the_text_in_order(lines: list[str]) -> None:
    try:
        document = extract_document("\n".join(lines).encode("utf-8", errors="surrogatepass"))
    except RESUME_ERRORS:
        return
    parsed = parse_resume(document, today=date(2026, 1, 1))
    text = document.text
    previous_end = 0
    for order, section in enumerate(parsed.sections, start=1):
        assert section.section_type in SECTION_TYPES
        assert section.order == order
        assert section.content == text[section.start : section.end]
        assert previous_end <= section.start <= section.end <= len(text)
        assert 1 <= section.start_page <= section.end_page <= document.page_count
        assert 0 <= section.confidence <= 100
        previous_end = section.end
    for entry in parsed.fields.experience:
        assert entry.start_offset is not None and entry.end_offset is not None
        assert 0 <= entry.start_offset <= entry.end_offset <= len(text)
        assert not (entry.is_current and entry.end is not None)
    years = parsed.fields.years_experience
    assert years is None or 0 <= years <= 80
