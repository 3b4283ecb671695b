"""Round 11's general reading rules: Italian, Polish and Dutch resumes (language, glossary,
headings, dates); a phrase of the glossary glossed whole in a title; a role whose title
gives two names kept one role, counting by the name closest to the job."""

from __future__ import annotations

from hireflow.jobs.scoring.languages import LANGUAGE_NAMES, fold, gloss, gloss_title, language_of
from tests.jobs.scoring.helpers import concepts, profile_of, scores

HEAD = "{name}\n{mail}@example.test · +00 555 0100\n\n"
DUTCH = """Werkervaring
Teamleider magazijn — Van Dijk Logistiek B.V., Tilburg — maart 2019 – heden
- Leiding gegeven aan een team van 14 medewerkers in twee ploegen
- Verantwoordelijk voor de voorraad en de bestellingen bij leveranciers
- Opgesteld van het maandelijkse budget en de kostenrapportages
Magazijnmedewerker — Bol Distributie, Waalwijk — januari 2015 – februari 2019
- Orderpicken en inpakken met een handscanner; ik werd na een jaar ploegleider
Opleiding
MBO Logistiek, ROC Tilburg, 2014
"""
ITALIAN = """Esperienza professionale
Responsabile di magazzino — Logistica Padana S.r.l., Piacenza — gennaio 2019 – ad oggi
- Gestione di una squadra di 14 addetti su due turni
- Controllo dell'inventario e degli ordini ai fornitori
- Preparazione del budget mensile e dei report sui costi
Magazziniere — Trasporti Emiliani S.p.A., Parma — settembre 2014 – dicembre 2018
- Preparazione degli ordini con lettore palmare nel magazzino
Istruzione
Diploma di maturità, Istituto Tecnico Commerciale di Piacenza, 2014
"""
POLISH = """Doświadczenie zawodowe
Kierownik magazynu — Logistyka Wielkopolska Sp. z o.o., Poznań — marca 2019 – do chwili obecnej
- Zarządzanie zespołem 14 pracowników na dwóch zmianach
- Kontrola zapasów i zamówień u dostawców oraz inwentaryzacja
- Przygotowanie miesięcznego budżetu i raportów kosztów dla zarządu
Magazynier — Trans-Pol S.A., Gniezno — września 2014 – grudnia 2018
- Kompletacja zamówień z użyciem skanera ręcznego w magazynie
Wykształcenie
Technikum logistyczne, Zespół Szkół w Gnieźnie, 2014
"""


def test_italian_polish_and_dutch_are_told_from_function_words() -> None:
    assert language_of(DUTCH) == "nl"
    assert language_of(ITALIAN) == "it"
    assert language_of(POLISH) == "pl"
    assert {"it", "pl", "nl"} <= set(LANGUAGE_NAMES)


def test_polish_letters_fold_and_inflected_words_gloss() -> None:
    assert fold("Zespół") == "zespol"
    line = gloss("Zarządzanie zespołem 14 pracowników na dwóch zmianach", "pl").text
    assert "management" in line and "team" in line and "shifts" in line
    assert "monthly" in gloss("miesięcznego budżetu", "pl").text
    assert "inventory" in gloss("Controllo dell'inventario", "it").text  # elided article


def test_present_words_gloss_in_each_new_language() -> None:
    assert gloss("do chwili obecnej", "pl").text.strip() == "present"
    assert gloss("obecnie", "pl").text.strip() == "present"
    assert gloss("ad oggi", "it").text.strip() == "present"
    assert gloss("heden", "nl").text.strip() == "present"
    assert gloss("huidig", "nl").text.strip() == "present"


def test_titles_in_the_new_languages_read_in_english_order() -> None:
    assert gloss_title("Responsabile di magazzino", "it") == "warehouse manager"
    assert gloss_title("Kierownik produkcji", "pl") == "production manager"
    assert gloss_title("Starszy specjalista", "pl") == "senior specialist"
    assert gloss_title("Onderhoudsmonteur", "nl") == "maintenance mechanic"  # a compound
    assert gloss_title("Governante d'albergo", "it") == "hotel housekeeper"


def test_a_phrase_of_the_glossary_wins_over_word_by_word() -> None:
    # "registrada" alone would read "records" (a prefix of "registro"); the phrase is a title.
    assert gloss_title("Enfermera registrada", "es") == "registered nurse"
    assert gloss_title("Technik utrzymania ruchu", "pl") == "maintenance technician"


def test_resumes_in_the_new_languages_are_read_against_an_english_posting() -> None:
    for index, body in enumerate((DUTCH, ITALIAN, POLISH)):
        text = HEAD.format(name=f"Alex Doe{index}", mail=f"alex{index}") + body
        result = scores(text, fillers=6)[0]
        breakdown = result.breakdown
        assert breakdown["relevant_years"] >= 7, body[:40]  # both roles, dated to the present
        others = [r.fit_score for r in scores(text, fillers=6)[1:]]
        assert result.fit_score is not None and result.fit_score > max(others)
        assert any(
            f"Resume in {LANGUAGE_NAMES[language_of(body)]}" in f for f in breakdown["flags"]
        )


def test_a_role_with_two_names_counts_by_the_closer_one() -> None:
    text = (
        "Lee Park\nlee@example.test\n\nEXPERIENCE\n"
        "Warehouse Supervisor / Cook — Harbor Foods, Tacoma WA — Jan 2018 - Present\n"
        "- Ran the dock and the line\n"
    )
    profile = profile_of(text)
    assert {"operations", "hospitality"} <= profile.roles[0].families


def test_a_short_skill_name_that_is_an_english_word_needs_its_own_sense() -> None:
    # The verb, never the language: lower case, or a verb phrase's particle after it.
    assert "golang" not in concepts("PLC in RSLogix 5000 — go online, force-free fault finding")
    assert "golang" not in concepts("Service Cloud (go-live 2025)")
    assert "golang" not in concepts("Go live support for the ERP cut-over")
    assert "golang" not in concepts("Go to market plan for two regions")
    # The language, as people list and write it.
    assert "golang" in concepts("Languages: Go, Python, Rust")
    assert "golang" in concepts("Built services in Go to cut latency")
    assert "golang" in concepts("Go microservices on Kubernetes")


def test_a_trades_standard_names_and_abbreviations_read_as_its_skill() -> None:
    from hireflow.jobs.scoring.vocabulary import vocabulary

    # PLC platforms by their names, as maintenance and controls people write them.
    assert "plc" in concepts("A-B CLX/CompactLogix in RSLogix 5000; Siemens S7-1200 in TIA Portal")
    # Power-system protection and studies in the trade's own shorthand.
    assert "protective_relaying" in concepts("Write IED setting files; TCC overlays for P&C")
    assert "short_circuit" in concepts("Fault-duty checks in ASPEN OneLiner")
    assert "load_flow" in concepts("Steady-state power flow cases in PSS/E")
    # An electrician's labels are not fault studies (the sentence voids the credit), and
    # A/B tests are not PLCs.
    assert ("labeling",) in vocabulary().concepts["short_circuit"].voids
    assert "plc" not in concepts("Ran A/B tests on the landing pages")


def test_a_line_for_all_the_roles_above_counts_in_each() -> None:
    from hireflow.jobs.scoring.units import all_roles_clauses

    assert all_roles_clauses("(All of the above on OPERA Cloud.) High school diploma") == [
        "on OPERA Cloud"
    ]
    assert all_roles_clauses("All roles: Epic and Pyxis") == ["Epic and Pyxis"]
    assert all_roles_clauses("In each position, cycle counts in Manhattan WMS") == [
        "cycle counts in Manhattan WMS"
    ]
    assert all_roles_clauses("- Ran all of the above for the district") == []
    text = (
        "Jo Reyes\njo@example.test\n\nEXPERIENCE\n"
        "Warehouse Supervisor, Harbor Foods, 2021-present\n- Led 12 associates on two shifts\n"
        "Inventory Lead, Harbor Foods, 2018-2021\n- Ran the night crew\n\n"
        "(All of the above: cycle counts and purchase orders in SAP.)\n"
    )
    profile = profile_of(text)
    clause = [u for u in profile.units if u.text.startswith("cycle counts")]
    assert sorted(u.role for u in clause) == [0, 1]  # a line of each role


def test_quality_titles_written_as_initials_are_in_their_family() -> None:
    from hireflow.jobs.scoring.vocabulary import vocabulary

    for title in ("QC Inspector", "QA Inspector II", "Quality Control Inspector", "QC Technician"):
        assert "manufacturing" in vocabulary().head_families(title), title
    # A role with two names counts by the one in the job's family.
    text = (
        "Ravi Shah\nravi@example.test\n\nEXPERIENCE\n"
        "QC Inspector / CMM Programmer, Harrow Aerospace Machining — Sept. 2020 – present\n"
        "- First-article inspection on the CMM\n"
    )
    profile = profile_of(text)
    assert "manufacturing" in profile.roles[0].families
