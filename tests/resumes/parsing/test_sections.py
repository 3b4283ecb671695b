"""Sections: types, titles, offsets that slice the text, pages, order, confidence."""

from __future__ import annotations

from datetime import date

from hireflow.resumes.document import ExtractedDocument, ParsedResume
from hireflow.resumes.extraction import extract_document
from hireflow.resumes.parsing import parse_resume
from tests.resumes import samples

TODAY = date(2026, 11, 25)


def _parse(data: bytes) -> ParsedResume:
    return parse_resume(extract_document(data), today=TODAY)


def _outline(parsed: ParsedResume) -> list[tuple[str, str | None]]:
    return [(s.section_type, s.title) for s in parsed.sections]


def _check_offsets(parsed: ParsedResume) -> None:
    text = parsed.document.text
    previous_end = 0
    for order, section in enumerate(parsed.sections, start=1):
        assert section.order == order
        assert section.content == text[section.start : section.end]
        assert section.content == section.content.strip()
        assert previous_end <= section.start <= section.end
        assert 0 <= section.confidence <= 100
        previous_end = section.end


def test_english_resume_sections() -> None:
    parsed = _parse(samples.text_pdf())
    assert _outline(parsed) == [
        ("contact", None),
        ("summary", "SUMMARY"),
        ("experience", "WORK EXPERIENCE"),
        ("education", "EDUCATION"),
        ("skills", "SKILLS"),
        ("certifications", "CERTIFICATIONS"),
    ]
    _check_offsets(parsed)
    skills = parsed.sections_of("skills")[0]
    assert skills.content == "Python, Go, PostgreSQL, Kafka, Docker, Kubernetes, AWS"
    assert skills.confidence == 95
    assert parsed.sections[0].content.startswith("Jane Doe\nSenior Backend Engineer")
    assert parsed.sections[0].confidence == 70


def test_japanese_resume_sections() -> None:
    for data in (
        samples.japanese_pdf(),
        samples.japanese_docx(),
        samples.JAPANESE_RESUME.encode("cp932"),
    ):
        parsed = _parse(data)
        assert _outline(parsed) == [
            ("contact", None),
            ("summary", "■職務要約"),
            ("experience", "■職務経歴"),
            ("education", "■学歴"),
            ("skills", "■活かせる経験・知識・技術"),
            ("certifications", "■資格"),
        ]
        _check_offsets(parsed)


def test_two_column_resume_sections() -> None:
    parsed = _parse(samples.two_column_pdf("rows").data)
    assert _outline(parsed) == [
        ("contact", None),
        ("skills", "SKILLS"),
        ("education", "EDUCATION"),
        ("experience", "PROFESSIONAL EXPERIENCE"),
    ]
    assert parsed.sections_of("skills")[0].content == "Python\nTypeScript\nPostgreSQL\nKubernetes"
    _check_offsets(parsed)


def test_resume_without_headings_is_typed_by_content() -> None:
    parsed = _parse(samples.HEADINGLESS_RESUME.encode())
    assert [s.section_type for s in parsed.sections] == [
        "contact",
        "summary",
        "experience",
        "education",
        "skills",
    ]
    assert all(s.title is None for s in parsed.sections)
    assert all(s.confidence < 90 for s in parsed.sections)
    _check_offsets(parsed)
    assert parsed.sections_of("skills")[0].content == "Python, SQL, Tableau, Excel, Power BI"


def test_inline_heading_and_technologies_line_inside_a_job() -> None:
    text = (
        "Ana Lima\nana@example.com\n\nExperience\nBackend Engineer, Nubank Ltd\n"
        "Mar 2021 - Present\nTechnologies: Clojure, Kafka\nBuilt the credit card ledger.\n\n"
        "Skills: Clojure, Kafka, Datomic\n\nEducation\nUniversidade de São Paulo"
    )
    parsed = _parse(text.encode())
    assert _outline(parsed) == [
        ("contact", None),
        ("experience", "Experience"),
        ("skills", "Skills"),
        ("education", "Education"),
    ]
    assert "Technologies: Clojure, Kafka" in parsed.sections_of("experience")[0].content
    assert parsed.sections_of("skills")[0].content == "Clojure, Kafka, Datomic"
    _check_offsets(parsed)


def test_section_pages_follow_page_offsets() -> None:
    text = samples.ENGLISH_RESUME
    parsed = _parse(samples.text_pdf(text, lines_per_page=14))
    assert parsed.document.page_count >= 2
    experience = parsed.sections_of("experience")[0]
    assert experience.start_page == 1
    assert experience.end_page == 2
    skills = parsed.sections_of("skills")[0]
    assert skills.start_page == skills.end_page == 2


def test_document_built_by_hand() -> None:
    text = "EXPERIENCE\nEngineer, Acme Corp\n2019 - 2021"
    document = ExtractedDocument(
        text=text,
        kind="txt",
        mime_type="text/plain",
        page_count=1,
        page_offsets=(0,),
        word_count=6,
        language="en",
    )
    parsed = parse_resume(document, today=TODAY)
    assert _outline(parsed) == [("experience", "EXPERIENCE")]
    assert parsed.fields.experience[0].employer == "Acme Corp"


def test_unusual_headings_open_other_sections_and_are_flagged() -> None:
    text = (
        "Lee Chen\nlee@example.com\n\nSKILLS\nPython, Rust\n\nMY JOURNEY\n"
        "I started programming at twelve.\n\n■アピールポイント\n粘り強く課題に取り組みます。"
    )
    parsed = _parse(text.encode())
    assert _outline(parsed) == [
        ("contact", None),
        ("skills", "SKILLS"),
        ("other", "MY JOURNEY"),
        ("other", "■アピールポイント"),
    ]
    assert parsed.sections[2].confidence == 50
    assert [(h.kind, h.page) for h in parsed.document.hazards] == [
        ("unusual_heading", 1),
        ("unusual_heading", 1),
    ]
    assert "'MY JOURNEY'" in parsed.document.hazards[0].detail
    _check_offsets(parsed)


def test_labels_inside_entries_are_not_unusual_headings() -> None:
    text = (
        "■職務経歴\n2019年4月~現在 株式会社テスト\n【業務内容】\n決済システムの開発。\n\n"
        "EXPERIENCE\nSenior Engineer\n2019 - 2021\n\nGLOBEX LABS\nBuilt the billing system."
    )
    parsed = _parse(text.encode())
    assert _outline(parsed) == [("experience", "■職務経歴"), ("experience", "EXPERIENCE")]
    assert parsed.document.hazards == ()


HEADINGLESS_ROLES = b"""Dana Whitfield
Springfield, Ohio - dana.w@example.test

Clinician II, Sports & Spine                          Jan 2020 - Present
Summit Motion Clinics, Raleigh

  \xc2\xbb One-on-one caseload, 11-13 visits a day, about half after surgery
  \xc2\xbb Daily notes and progress notes in the clinic's record system

Staff Clinician                                       Sep 2017 - Dec 2019
Lakeshore Partners, Greenville

  \xc2\xbb Ran the Saturday clinic when the senior staff were out
  \xc2\xbb Clinical instructor for DPT students from two programs

Education
  DPT, Eastern Coastal University, 2017
"""


def test_roles_without_an_experience_heading_keep_their_bullets() -> None:
    """A header of words and a date range running to the line's end, with the employer under
    it, is a role (no title word needed); '»' bullets after a blank line stay in it."""
    parsed = _parse(HEADINGLESS_ROLES)
    _check_offsets(parsed)
    kinds = [s.section_type for s in parsed.sections]
    assert kinds[:2] == ["contact", "experience"]
    (experience,) = parsed.sections_of("experience")
    assert "One-on-one caseload" in experience.content
    assert "Clinical instructor for DPT students" in experience.content
    starts = [(e.start, e.is_current) for e in parsed.fields.experience]
    assert starts == [("2020-01", True), ("2017-09", False)]
