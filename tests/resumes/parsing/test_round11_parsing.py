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


LABELLED = """Kim Vu
kim@example.test

EXPERIENCE
ELECTRICAL
Journeyman Electrician | Summit Ridge Electric, Englewood CO | 03/2024 - now
- Tenant improvements, conduit and panel terminations
MILITARY
U.S. Navy — Electrician's Mate, First Class
2016 – 2019
◾ Maintained ship service switchboards
◾ Led a 9-sailor electrical division
WALMART
Cashier, 2014 - 2016
"""


def test_an_unknown_caps_label_over_a_full_header_is_no_title() -> None:
    parsed = parse_resume(extract_document(LABELLED.encode(), "r.txt"), today=TODAY)
    entries = parsed.fields.experience
    titles = [e.title for e in entries]
    assert "ELECTRICAL" not in titles and "MILITARY" not in titles
    assert titles[0] == "Journeyman Electrician"
    # A capitalised line over a header that lacks its employer is still part of it.
    assert "WALMART" in (entries[-1].title, entries[-1].employer)


def test_new_bullet_characters_are_bullets_not_headers() -> None:
    from hireflow.resumes.parsing.sections import strip_bullet

    for bullet in "◾▸✓➤":
        assert strip_bullet(f"{bullet} Trained new staff") == "Trained new staff"
    text = "Pat Lee\npat@example.test\n\nEXPERIENCE\nGrand Hotel, Tampa — Supervisor\n2018-2022\n"
    text += "◾ Ran the PM shift and turndown\n◾ Trained 40 new attendants\n"
    parsed = parse_resume(extract_document(text.encode(), "r.txt"), today=TODAY)
    assert [e.title for e in parsed.fields.experience] == ["Supervisor"]


def test_a_numbered_aside_in_a_header_is_not_a_part() -> None:
    text = (
        "Pat Lee\npat@example.test\n\nEXPERIENCE\n"
        "Lakeview Resort (1,020 keys, IHG), Orlando — Housekeeping Manager\nsince 2022\n"
        "- Led 160 room attendants\n"
    )
    parsed = parse_resume(extract_document(text.encode(), "r.txt"), today=TODAY)
    entry = parsed.fields.experience[0]
    assert entry.title == "Housekeeping Manager"
    assert entry.employer is not None and "020" not in entry.employer
