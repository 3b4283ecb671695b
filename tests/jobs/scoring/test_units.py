"""Resume lines as evidence units: a tools line the layout ran into an education block
counts as a skills line; a credential's line there stays a credential."""

from __future__ import annotations

from datetime import date

from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.units import labelled_line

TODAY = date(2026, 11, 1)


def test_a_tools_line_under_education_is_a_skills_line() -> None:
    text = """Kim Tan
kim@example.test

EXPERIENCE
Front Desk Supervisor — Harbor Inn
Jan 2019 - Present
- Ran the desk on nights

EDUCATION
B.S. Hospitality Management, 2018
PMS: OPERA Cloud, OnQ
"""
    profile = profile_from_text(text, today=TODAY)
    assert not isinstance(profile, str)
    (unit,) = [u for u in profile.units if u.text.startswith("PMS")]
    assert unit.source == "skills" and unit.where == "PMS"


def test_only_tools_labels_and_never_credentials_or_schools() -> None:
    assert labelled_line("Software: CCH Axcess Tax, Excel") is not None
    assert labelled_line("CPA: FAR passed 2025") is None  # a credential's line
    assert labelled_line("Clinic: 52 patients completed") is None  # school clinic work
    assert labelled_line("ERP: SAP at Lakeside University") is None  # names a school


def test_a_bullet_wrapped_onto_the_next_line_is_one_line() -> None:
    from hireflow.jobs.scoring.units import lines_of

    text = (
        "• Pilotage du budget d'acquisition (Google Ads, Meta) :\n"
        "  environ 180 000 € par mois\n"
        "• Tests A/B sur les créations\n"
        "Chargée de Marketing Digital — Atelier Brunet\n"
    )
    assert lines_of(text) == [
        "Pilotage du budget d'acquisition (Google Ads, Meta) : environ 180 000 € par mois",
        "Tests A/B sur les créations",
        "Chargée de Marketing Digital — Atelier Brunet",  # a header after a bullet stays
    ]
