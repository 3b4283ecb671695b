"""Round 9: dates written "mar/2025" or "June–Aug 2025" and in Italian or Dutch, role lines
whose title holds a company word or whose company holds a plural title word, a role header
ending in one month's date, and common occupations named in another language."""

from __future__ import annotations

from datetime import date

from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.languages import gloss_title
from hireflow.resumes.parsing.dates import find_date_range
from hireflow.resumes.parsing.experience import _title_and_employer, extract_experience

TODAY = date(2026, 11, 1)


def test_month_names_joined_to_the_year_by_a_slash_or_hyphen() -> None:
    found = find_date_range("Recife, PE  |  out/2022 - atual")
    assert found is not None and (found.start, found.is_current) == ("2022-10", True)
    found = find_date_range("Apr-2017 to Sep-2019")
    assert found is not None and (found.start, found.end) == ("2017-04", "2019-09")


def test_italian_and_dutch_month_names_and_present_words() -> None:
    found = find_date_range("settembre 2018 – oggi")
    assert found is not None and (found.start, found.is_current) == ("2018-09", True)
    found = find_date_range("maart 2016 - mei 2019")
    assert found is not None and (found.start, found.end) == ("2016-03", "2019-05")
    found = find_date_range("okt 2021 – heden")
    assert found is not None and found.is_current


def test_two_months_and_one_year_is_a_range() -> None:
    found = find_date_range("Survey Assistant, Coastline Mapping (May–Aug 2024)")
    assert found is not None and (found.start, found.end) == ("2024-05", "2024-08")
    found = find_date_range("Nov - Feb 2023")  # over the new year
    assert found is not None and (found.start, found.end) == ("2022-11", "2023-02")
    assert find_date_range("May 2019 - Aug 2021") is not None
    assert find_date_range("Pressed 300 units in May, shipped in June") is None


def test_a_title_with_a_company_word_stays_the_title() -> None:
    assert _title_and_employer(["Network Systems Engineer, Larchmont Freight"]) == (
        "Network Systems Engineer",
        "Larchmont Freight",
    )
    assert _title_and_employer(["District Court Clerk, Harbor Bank Group"])[0] == (
        "District Court Clerk"
    )
    # a legal form still marks the employer
    assert _title_and_employer(["Quarry Systems Inc, Field Technician"]) == (
        "Field Technician",
        "Quarry Systems Inc",
    )


def test_a_plural_title_word_names_the_firm() -> None:
    title, employer = _title_and_employer(
        ["Birchfield Design Consultants, Tulsa, OK — Landscape Architect"]
    )
    assert (title, employer) == ("Landscape Architect", "Birchfield Design Consultants")
    title, employer = _title_and_employer(["Claims Examiner, Ridgeway Benefit Associates"])
    assert (title, employer) == ("Claims Examiner", "Ridgeway Benefit Associates")


def test_a_level_alone_is_not_the_title() -> None:
    title, _ = _title_and_employer(["Process Engineer I/II — Kestrel Polymers, Akron"])
    assert title == "Process Engineer I"


def test_a_header_ending_in_one_months_date_is_its_own_role() -> None:
    content = (
        "Line Inspector — Corvid Castings, 2022–2025\n"
        "- Checked castings against drawings\n"
        "Inspection Intern, Corvid Castings — Summer 2021\n"
        "Stock Clerk — Dunmore Hardware, 2019–2021\n"
    )
    entries = extract_experience(content, 0)
    titles = [(e.title, e.start, e.end) for e in entries]
    assert ("Inspection Intern", "2021-06", "2021-06") in titles
    assert ("Stock Clerk", "2019", "2021") in titles


def test_common_occupations_are_glossed_from_other_languages() -> None:
    assert gloss_title("Enfermera", "es") == "nurse"
    assert gloss_title("Comptable", "fr") == "accountant"
    assert gloss_title("Elektriker", "de") == "electrician"
    assert gloss_title("Motorista", "pt") == "driver"
    resume = """Mariana Soto Vidal

PERFIL
Soldadora con experiencia en taller de estructura metálica y en la obra.

EXPERIENCIA LABORAL
Soldadora — Metales del Norte, Saltillo
marzo 2020 – actualidad
- Soldadura de vigas y columnas para naves industriales y puentes peatonales
"""
    profile = profile_from_text(resume, today=TODAY)
    assert not isinstance(profile, str)
    assert profile.roles and "welder" in profile.roles[0].title
