"""Resumes in another language: the language is told from its function words, lines are
glossed word for word into English with each word's place kept, so roles, years and degrees
are read against an English posting, quotes stay in the resume's own words, and the
recruiter is told."""

from __future__ import annotations

from hireflow.jobs.scoring.languages import gloss, gloss_title, language_of
from tests.jobs.scoring.helpers import profile_of, scores

SPANISH = """{name}
Monterrey · {mail}@example.com · 81 5555 0100

PERFIL
Supervisora de almacén con 8 años de experiencia en la gestión de inventarios y de
equipos de trabajo en turnos.

EXPERIENCIA
Supervisora de Almacén — Distribuidora Norte S.A. de C.V., Monterrey — enero 2019 a la fecha
- Supervisé un equipo de 14 trabajadores en dos turnos
- Control de inventario y conteos cíclicos; pedidos a proveedores
- Elaboré el presupuesto mensual y los informes de costos

FORMACIÓN
Licenciatura en Administración, Universidad Regiomontana, 2016
"""


def test_the_language_is_told_from_function_words() -> None:
    assert language_of(SPANISH.format(name="Ana Ruiz", mail="ana")) == "es"
    assert (
        language_of(
            "Acheteuse pour les ingrédients secs et des emballages avec la qualité "
            "; suivi des commandes dans le système et des fournisseurs du groupe"
        )
        == "fr"
    )
    assert (
        language_of(
            "Betreuung der Benutzer und Geräte mit Active Directory für die "
            "Mitarbeiter im Werk; Einführung von Intune bei der Firma"
        )
        == "de"
    )
    assert (
        language_of(
            "Gestão da carteira de clientes com foco em renovação; reuniões com os "
            "diretores e treinamentos das equipes no time de vendas da empresa"
        )
        == "pt"
    )
    assert (
        language_of(
            "Supervised a team of 12 in the warehouse and ran the inventory counts "
            "for the store with the buyers of the company"
        )
        == "en"
    )


def test_a_gloss_keeps_where_each_word_came_from() -> None:
    line = "Elaboré el presupuesto mensual y los informes de costos"
    glossed = gloss(line, "es")
    assert "budget" in glossed.text and "monthly" in glossed.text and "reports" in glossed.text
    start = glossed.text.index("budget")
    begin, end = glossed.span(start, start + len("budget"))
    assert line[begin:end] == "presupuesto"
    assert gloss(line, "en").text == line  # English is left as it is


def test_titles_are_glossed_in_english_word_order() -> None:
    assert gloss_title("Gerente de Propiedad", "es") == "property manager"
    assert gloss_title("Supervisora de Almacén", "es") == "warehouse supervisor"
    # An English title inside a resume in another language stays as written.
    assert gloss_title("Customer Success Manager", "pt") == "Customer Success Manager"


def test_a_spanish_resume_is_read_against_an_english_posting() -> None:
    text = SPANISH.format(name="Ana Ruiz", mail="ana")
    result = scores(text)[0]
    breakdown = result.breakdown
    assert breakdown["relevant_years"] >= 7  # the role is read as warehouse supervision
    assert breakdown["education_level_found"] == 3  # "Licenciatura" is a bachelor's degree
    assert any("Resume in Spanish" in flag for flag in breakdown["flags"])
    assert "Resume in Spanish" in result.summary
    quotes = [e["quote"] for r in breakdown["requirements"] for e in r["evidence"]]
    assert quotes and all(q.rstrip("…") in text for q in quotes)  # its own words, verbatim
    others = [r.fit_score for r in scores(text)[1:]]
    assert result.fit_score is not None and result.fit_score > max(others)


def test_name_swap_on_a_spanish_resume_changes_no_score() -> None:
    first = SPANISH.format(name="María de la Luz García del Río", mail="maria")
    second = SPANISH.format(name="John Smith", mail="john")
    seen = [
        [(r.fit_score, r.breakdown["similarity_cosine"]) for r in scores(t)]
        for t in (first, second)
    ]
    assert seen[0] == seen[1]


def test_a_foreign_school_name_never_reaches_the_evidence() -> None:
    profile = profile_of(SPANISH.format(name="Ana Ruiz", mail="ana"))
    assert not any("Regiomontana" in u.text for u in profile.units)


def test_abbreviations_a_resume_defines_are_read_written_out() -> None:
    from hireflow.jobs.scoring.languages import defined_abbreviations, expand

    text = "Director of Rooms (DOR) since 2022\nFront Office Manager (FOM), Harbor Inn"
    found = defined_abbreviations(text)
    assert found == {"DOR": "Director of Rooms", "FOM": "Front Office Manager"}
    line = "FOM since 2023; weekly calls with the DOR"
    read = expand(gloss(line, "en"), found)
    assert "FOM Front Office Manager since" in read.text
    start = read.text.index("Front Office")
    assert line[slice(*read.span(start, start + 12))] == "FOM"  # quotes keep the resume's word


def test_a_title_written_as_a_defined_abbreviation_counts_for_the_job() -> None:
    text = """Kim Tan
kim@example.test

SUMMARY
Warehouse Supervisor (WS) with eight years on the floor.

EXPERIENCE
WS — Northline Distribution
Jan 2019 - Present
- Supervised a team of 14 warehouse workers across two shifts
"""
    profile = profile_of(text)
    assert "warehouse supervisor" in profile.roles[0].title.lower()
    assert profile.roles[0].families  # the vocabulary now knows the title
