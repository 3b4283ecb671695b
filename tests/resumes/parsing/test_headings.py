"""Section headings in English and Japanese, with and without formatting."""

from __future__ import annotations

import pytest

from hireflow.resumes.parsing.headings import match_heading


@pytest.mark.parametrize(
    ("line", "section", "confidence"),
    [
        ("WORK EXPERIENCE", "experience", 95),
        ("Professional Experience", "experience", 90),
        ("Employment History:", "experience", 95),
        ("Technical Skills", "skills", 90),
        ("CORE COMPETENCIES", "skills", 95),
        ("Profile", "summary", 90),
        ("Summary", "summary", 90),
        ("1. Education", "education", 90),
        ("Licenses & Certifications", "certifications", 90),
        ("Key Achievements", "achievements", 90),
        ("Personal Projects", "projects", 90),
        ("■職務経歴", "experience", 95),
        ("職歴", "experience", 90),
        ("【学歴】", "education", 95),
        ("［資格］", "certifications", 95),
        ("免許・資格", "certifications", 90),
        ("スキル", "skills", 90),
        ("自己PR", "summary", 90),
        ("◆職務要約", "summary", 95),
        ("活かせる経験・知識・技術", "skills", 90),
        ("志望動機", "summary", 90),
        ("プロジェクト", "projects", 90),
        ("Technical Skills & Tools", "skills", 65),
        ("RELEVANT WORK HISTORY", "experience", 75),
        ("■職務経歴詳細", "experience", 95),
        ("Education & Certifications", "education", 65),
        ("Experience (selected)", "experience", 90),
        ("スキル・資格", "skills", 65),
    ],
)
def test_headings(line: str, section: str, confidence: int) -> None:
    match = match_heading(line)
    assert match is not None
    assert (match.section_type, match.confidence) == (section, confidence)
    assert match.title == line


@pytest.mark.parametrize(
    "line",
    [
        "Senior Backend Engineer, Stripe Inc.",
        "Career Coach",
        "職務経歴書",
        "履歴書",
        "RESUME",
        "Curriculum Vitae",
        "Built REST APIs in Python and Django",
        "Jane Doe",
        "Portfolio: https://priya.design",
        "Education is a passion of mine and I volunteer a lot",
    ],
)
def test_not_headings(line: str) -> None:
    assert match_heading(line) is None


def test_inline_heading_points_at_its_content() -> None:
    line = "Skills: Python, Go, AWS"
    match = match_heading(line)
    assert match is not None
    assert match.section_type == "skills"
    assert match.title == "Skills"
    assert match.rest_offset is not None
    assert line[match.rest_offset :] == "Python, Go, AWS"
