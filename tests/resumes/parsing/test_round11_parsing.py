"""Round 11's parsing rules: Italian, Polish and Dutch headings, month names (Polish in the
nominative and the genitive) and "present" words; a role title written as two names with a
slash is one title, not a title and an employer."""

from __future__ import annotations

from datetime import date

from hireflow.resumes.extraction import extract_document
from hireflow.resumes.parsing import parse_resume
from hireflow.resumes.parsing.dates import find_date_range
from hireflow.resumes.parsing.headings import match_heading

TODAY = date(2026, 11, 1)


def test_polish_italian_and_dutch_date_ranges() -> None:
    cases = {
        "marca 2019 – do chwili obecnej": ("2019-03", None, True),
        "styczeń 2018 - obecnie": ("2018-01", None, True),
        "września 2015 – czerwca 2018": ("2015-09", "2018-06", False),
        "paź 2020 – lis 2021": ("2020-10", "2021-11", False),
        "gennaio 2019 – ad oggi": ("2019-01", None, True),
        "settembre 2020 - presente": ("2020-09", None, True),
        "mei 2020 – tot heden": ("2020-05", None, True),
        "maart 2019 - huidig": ("2019-03", None, True),
        "2018 tot 2020": ("2018", "2020", False),
    }
    for text, (start, end, current) in cases.items():
        found = find_date_range(text)
        assert found is not None, text
        assert (found.start, found.end, found.is_current) == (start, end, current), text


def test_headings_in_italian_polish_and_dutch() -> None:
    expected = {
        "DOŚWIADCZENIE ZAWODOWE": "experience",
        "Esperienza professionale": "experience",
        "Werkervaring": "experience",
        "WYKSZTAŁCENIE": "education",
        "Istruzione": "education",
        "Opleiding": "education",
        "Umiejętności": "skills",
        "Competenze": "skills",
        "Vaardigheden": "skills",
        "UPRAWNIENIA": "certifications",
        "Języki": "other",
        "Vrijwilligerswerk": "other",
    }
    for line, section in expected.items():
        found = match_heading(line)
        assert found is not None and found.section_type == section, line


ALTERNATIVES = """Sam Ortiz
sam@example.test

EXPERIENCE
Multi-craft Mech / E&I Tech — Upstate Auto Components, Anderson SC — 2019 - 2026
- PMs and breakdowns on presses and weld cells
Maintenance Planner / Acme Corp — 2016 - 2019
- Planned the weekly PM schedule
"""


def test_a_title_with_two_names_stays_one_title() -> None:
    parsed = parse_resume(extract_document(ALTERNATIVES.encode(), "r.txt"), today=TODAY)
    first, second = parsed.fields.experience
    assert first.title == "Multi-craft Mech / E&I Tech"
    assert first.employer is not None and first.employer.startswith("Upstate")
    # A slash before a company is still a separator.
    assert second.title == "Maintenance Planner" and second.employer == "Acme Corp"
