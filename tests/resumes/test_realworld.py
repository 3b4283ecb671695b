"""Real-world-shaped resumes (``fixtures/realworld``, built by its ``generate.py`` the way each
tool writes them): every failure class of issue 15 reads as a person reads the page."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from hireflow.ai.guards import scan_resume
from hireflow.resumes.document import ParsedResume
from hireflow.resumes.parsing import parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "realworld"
LABELS: dict[str, dict[str, object]] = json.loads((FIXTURES / "labels.json").read_text())
TEXT_FILES = sorted(name for name in LABELS if not name.startswith("scanned_"))


def _parse(name: str) -> ParsedResume:
    return parse_file(FIXTURES / name, today=date(2026, 12, 1))


def _lines(parsed: ParsedResume) -> list[str]:
    return parsed.document.text.split("\n")


@pytest.mark.parametrize("name", TEXT_FILES)
def test_labelled_fields_and_no_false_alarm(name: str) -> None:
    label = LABELS[name]
    parsed = _parse(name)
    fields = parsed.fields
    assert fields.contact.name == label["name"]
    assert {s.section_type for s in parsed.sections} == set(label["sections"])  # type: ignore[arg-type]
    assert len(fields.experience) == label["jobs"]
    assert fields.experience[0].employer == label["first_employer"]
    if "phone" in label:
        assert fields.contact.phone == label["phone"]
    assert parsed.document.hidden_text == ()
    assert scan_resume(parsed).findings == (), "a clean resume raises no guard finding"


def test_word_for_mac_separators_do_not_break_lines() -> None:
    parsed = _parse("word_for_mac.pdf")
    lines = _lines(parsed)
    assert "Senior Product Designer, Finger Lakes Software Inc." in lines
    assert len([line for line in lines if line]) == 16  # the visual lines, not one per word


def test_soft_hyphen_date_dash_is_a_dash_and_not_hidden() -> None:
    parsed = _parse("latex_soft_hyphen.pdf")
    assert "Data Engineer Sep. 2023 – Present" in _lines(parsed)
    assert (
        "real-time" not in parsed.document.text and "realtime dashboards." in parsed.document.text
    )
    first = parsed.fields.experience[0]
    assert (first.start, first.is_current) == ("2023-09", True)
    assert any("soft hyphens" in note for note in parsed.document.corrections)


def test_docx_laid_out_as_a_table_reads_cell_by_cell() -> None:
    parsed = _parse("docx_table_layout.docx")
    assert [s.section_type for s in parsed.sections] == [
        "contact",
        "skills",
        "other",
        "summary",
        "experience",
        "education",
    ]


def test_browser_spacing_inside_words_is_rejoined() -> None:
    parsed = _parse("chromium_spaced.pdf")
    lines = _lines(parsed)
    assert lines[:2] == ["PRIYA NAIR", "SENIOR SITE RELIABILITY ENGINEER"]
    assert "Runs Kubernetes clusters for 200 services; on-call lead." in lines
    assert "Kubernetes" in parsed.fields.skills
    assert any("rejoined" in note for note in parsed.document.corrections)


@pytest.mark.parametrize("name", ["moderncv_classic.pdf", "moderncv_casual.pdf"])
def test_moderncv_dates_wrapped_over_lines_stay_one_range(name: str) -> None:
    parsed = _parse(name)
    entries = parsed.fields.experience
    assert [(e.start, e.end, e.is_current) for e in entries] == [
        ("2019-09", None, True),
        ("2015-06", "2019-08", False),
    ]
    assert parsed.fields.contact.email is not None
    assert parsed.fields.contact.email.endswith("@example.com")
    assert parsed.fields.contact.email[0].islower(), "no icon glyph glued to the address"


def test_moderncv_name_row_does_not_swallow_the_contact_column() -> None:
    lines = _lines(_parse("moderncv_classic.pdf"))
    assert "Bruce Wayland" in lines
    assert "Gotham, USA" in lines


def test_letter_spaced_small_caps_are_headings() -> None:
    parsed = _parse("small_caps_headings.pdf")
    titles = [(s.section_type, s.title) for s in parsed.sections if s.title]
    assert titles == [
        ("experience", "R ESEARCH E XPERIENCE"),
        ("education", "E DUCATION"),
        ("skills", "T ECHNICAL S KILLS"),
    ]


@pytest.mark.parametrize("name", ["japanese_table.pdf", "japanese_table.docx"])
def test_japanese_table_labels_stay_with_their_rows(name: str) -> None:
    parsed = _parse(name)
    assert parsed.fields.contact.name not in (None, "氏名")
    certifications = parsed.sections_of("certifications")
    assert certifications and "基本情報技術者試験" in certifications[0].content
    assert all("基本情報" not in (s.title or "") for s in parsed.sections_of("contact"))


def test_job_board_export() -> None:
    parsed = _parse("job_board_export.pdf")
    fields = parsed.fields
    assert fields.contact.name == "Rahul Sharma", "the badge glued to the name is dropped"
    assert fields.contact.phone == "(+91) 8087996634", "not the agency's number on the cover"
    assert fields.contact.email == "rahul.sharma@example.com"
    first = fields.experience[0]
    assert (first.employer, first.title, first.start, first.is_current) == (
        "Infosys Ltd",
        "Senior Test Engineer",
        "2018-08",
        True,
    )
    assert "Languages Known" in [s.title for s in parsed.sections]


def test_dates_phones_and_names_of_many_shapes() -> None:
    parsed = _parse("mixed_formats.pdf")
    fields = parsed.fields
    assert fields.contact.name == "Wei Zhang"
    assert fields.contact.phone == "+1 312 555 0175", "GPA 3.9 2020 is not a phone"
    assert [(e.start, e.end, e.is_current) for e in fields.experience] == [
        ("2025-02", None, True),
        ("2022-01", None, True),
        ("2021-06", "2021-06", False),
    ]
    assert "insurance; cut claim losses by 4%." in parsed.document.text


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("spanish.pdf", ("Banco Meseta S.A.", "2020-01", True)),
        ("german.pdf", ("Alpenbahn Systems GmbH", "2019-03", True)),
        ("portuguese.pdf", ("Mercado Paulista S.A.", "2021-03", True)),
        ("french.docx", ("Maison Lumière SAS", "2019-09", True)),
    ],
)
def test_headings_and_dates_in_other_languages(name: str, first: tuple[str, str, bool]) -> None:
    parsed = _parse(name)
    entry = parsed.fields.experience[0]
    assert (entry.employer, entry.start, entry.is_current) == first
    assert all(
        s.title is None or s.section_type != "other" or s.title.isupper() for s in parsed.sections
    )
    assert not [h for h in parsed.document.hazards if h.kind == "unusual_heading"]


@pytest.mark.parametrize("name", ["two_column_rows.pdf", "two_column_columns.pdf"])
def test_two_columns_on_one_leading_read_column_by_column(name: str) -> None:
    parsed = _parse(name)
    text = parsed.document.text
    assert text.index("CKA" if "CKA" in text else "Certified Kubernetes") < text.index("EXPERIENCE")
    assert "EDUCATION\nUniversity of Texas at Austin\nB.S. Computer Science\n2012 - 2016" in text
    assert "Senior Engineer, Globex Corp\nMar 2019 - Present" in text
    assert [h.kind for h in parsed.document.hazards] == ["multi_column"]
