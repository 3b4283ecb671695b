"""Round 12's general reading rules: a wish in brackets inside a required line; automotive
service as a family with its credentials; a credential's pending state read from the rest
of its line; section headings and titles as people write them."""

from __future__ import annotations

from hireflow.jobs.scoring.posting import _split_wishes, parse_posting
from hireflow.jobs.scoring.requirements import education_level, parse_requirement
from tests.jobs.scoring.helpers import concepts, profile_of


def test_a_bracketed_wish_leaves_the_rest_of_the_line_required() -> None:
    assert _split_wishes("ASE certification in two of A1-A8 (ASE Master preferred)") == (
        "ASE certification in two of A1-A8",
        ["ASE Master"],
    )
    # Only the clause with the wish goes; the alternatives stay asked.
    assert _split_wishes(
        "Hands-on PLC troubleshooting (Allen-Bradley preferred; Siemens or similar accepted)"
    ) == ("Hands-on PLC troubleshooting (Siemens or similar accepted)", ["Allen-Bradley"])
    # A wish listed with commas among the alternatives: the others stay asked.
    assert _split_wishes("LOS experience (Encompass, Calyx preferred)") == (
        "LOS experience (Encompass)",
        ["Calyx"],
    )
    # A preferred degree is not an alternative to the one asked.
    kept, wishes = _split_wishes("Associate degree in respiratory care (bachelor's preferred)")
    assert kept == "Associate degree in respiratory care" and wishes == ["bachelor's"]
    assert education_level(kept) == 2


def test_a_line_that_is_a_wish_whole_stays_a_wish() -> None:
    assert _split_wishes("Bachelor's degree (preferred)") == ("", [])
    assert _split_wishes("Spanish strongly preferred (written and spoken)") == ("", [])
    posting = parse_posting(
        "Service Technician\n\nRequirements\n"
        "- Bachelor's degree (strongly preferred)\n"
        "- ASE certification in two of A1-A8 (ASE Master preferred)\n"
    )
    assert "ASE certification in two of A1-A8" in posting.must_have_skills
    assert "Bachelor's degree (strongly preferred)" in posting.nice_to_have_skills
    assert "ASE Master" in posting.nice_to_have_skills


def test_a_conditions_heading_is_not_a_requirement() -> None:
    posting = parse_posting(
        "Power Engineer\n\nRequirements\n- PE license\n\nSchedule and Location\n"
        "- On-call rotation one week in eight\n"
    )
    assert "Schedule and Location" not in posting.must_have_skills
    assert "On-call rotation one week in eight" in posting.must_have_skills


def test_hybrid_vehicles_are_a_skill_not_a_work_arrangement() -> None:
    assert parse_requirement("Hybrid/EV high-voltage safety training", required=True).kind != (
        "logistics"
    )
    assert parse_requirement("Hybrid schedule, 3 days in office", required=True).kind == (
        "logistics"
    )


def test_automotive_service_reads_as_its_own_family_with_its_credentials() -> None:
    from hireflow.jobs.scoring.vocabulary import vocabulary

    for title in ("Automotive Technician", "Line Tech", "Lube Technician", "Auto Mechanic"):
        assert "automotive" in vocabulary().head_families(title), title
    assert "ase" in concepts("ASE Master Technician, L1")
    assert "vehicle_diagnostics" in concepts("Drivability and no-start diagnosis with a lab scope")
    assert "epa_609" in concepts("EPA Section 609 certified")
    assert "vehicle_diagnostics" not in concepts("Pulled wire and read wiring diagrams")


def test_mortgage_lending_words_read_as_their_concepts() -> None:
    assert "loan_origination_system" in concepts("Pipeline of 40 files in Encompass")
    assert "mortgage_lending" in concepts("FHA and VA loans; TRID timelines")
    assert "nmls" in concepts("NMLS ID 1234567, licensed in TX")


def test_a_credential_pending_later_on_its_line_is_not_held() -> None:
    text = (
        "Sam Ortiz\nsam@example.test\n\nEXPERIENCE\nLoan Processor, Cibolo Bank — 2020 - Present\n"
        "- Processed FHA and VA loans in Encompass\n\nLICENSING\n"
        "NMLS ID 2690012 created; registration pending (no sponsor yet)\n"
    )
    profile = profile_of(text)
    hits = profile.hits["nmls"]
    assert max(h.strength for h in hits) <= 0.3
    held = text.replace("created; registration pending (no sponsor yet)", "active; licensed in TX")
    assert max(h.strength for h in profile_of(held).hits["nmls"]) >= 0.8
    # Another credential named on the rest of the line keeps its own state.
    both = text.replace("registration pending (no sponsor yet)", "BLS renewal pending")
    assert max(h.strength for h in profile_of(both).hits["nmls"]) >= 0.8


def test_associate_degrees_written_with_dots_are_associate_degrees() -> None:
    for written in ("A.A.S. Respiratory Care, 2020", "A.S. Nursing", "A.D.N., 2014", "A.A."):
        assert education_level(written) == 2, written
    assert education_level("U.S. Army, 2010") == 0


def test_a_learning_heading_with_a_slash_is_still_a_heading() -> None:
    text = (
        "Devon Achter\ndevon@example.test\n\nWork\nTeam Lead, Inbound — Chewy, Dayton\n"
        "since 2021\n- Lead a crew of 12 unloading trailers\n\n"
        "Goals / what I want to learn\n- Earn the RRT credential from the NBRC\n"
    )
    profile = profile_of(text)
    assert [u.source for u in profile.units if "RRT" in u.text] == ["learning"]
    # A line of credentials separated by dots is content, not a heading.
    from hireflow.jobs.scoring.units import _subheading

    assert _subheading("Ohio RN license · BLS · ACLS · PCCN") is None


def test_a_title_ending_in_its_occupation_is_told_from_the_employer() -> None:
    text = (
        "Marcus Hal\nmarcus@example.test\n\nWORK\n"
        "OhioHealth Riverside Methodist, Columbus — Resp. Care Practitioner III\n"
        "Jan 2019 – present\n- MICU nights; vent liberation and SBTs\n"
    )
    role = profile_of(text).roles[0]
    assert "practitioner" in role.title.lower()
    assert "allied_health" in role.families


SWEDISH = """Arbetslivserfarenhet
Lagerchef — Nordlager AB, Jönköping — mars 2019 – pågående
- Ledde ett team av 14 medarbetare på två skift och ansvarade för lagret och inköp
Utbildning
Gymnasieexamen, 2014
"""
CZECH = """Profil
Jsem vedoucí skladu, který se stará o tým a také o zásoby.
Pracovní zkušenosti
Vedoucí skladu — Sklad Morava s.r.o., Brno — března 2019 – dosud
- Vedení týmu 14 pracovníků na dvě směny, kontrola zásob a objednávek u dodavatelů
Vzdělání
Střední odborná škola, maturita, 2014
"""
TURKISH = """Özet
Depo yönetimi ve ekip liderliği alanında deneyimli bir sorumluyum.
İş Deneyimi
Depo Sorumlusu — Anadolu Lojistik A.Ş., Bursa — Mart 2019 – halen
- İki vardiyada 14 kişilik bir ekibi yönettim ve stok ile tedarikçi siparişleri için sorumlu oldum
Eğitim
Lise, 2014
"""


def test_swedish_czech_and_turkish_are_told_and_dated() -> None:
    from hireflow.jobs.scoring.languages import language_of
    from hireflow.resumes.parsing.dates import RANGE_RE, parse_date

    assert language_of(SWEDISH) == "sv"
    assert language_of(CZECH) == "cs"
    assert language_of(TURKISH) == "tr"
    # Czech June and July share a stem; the whole written form decides.
    assert parse_date("června 2019") == "2019-06" and parse_date("července 2019") == "2019-07"
    for written in (
        "03/2019 – dosud",
        "Mart 2019 – halen",
        "ianuarie 2019 – prezent",
        "jan. 2020 – nu",
    ):
        match = RANGE_RE.search(written)
        assert match is not None and match.group(0) == written, written


def test_titles_in_the_round_12_languages_read_in_english() -> None:
    from hireflow.jobs.scoring.languages import gloss_title

    assert gloss_title("Vedoucí směny", "cs") == "shift supervisor"
    assert gloss_title("Servicetekniker", "sv") == "service technician"  # a compound
    assert gloss_title("Bakım Teknisyeni", "tr") == "maintenance technician"
    assert gloss_title("Director vânzări", "ro") == "sales director"


def test_a_resume_in_a_round_12_language_is_dated_and_read() -> None:
    for index, body in enumerate((SWEDISH, CZECH, TURKISH)):
        text = f"Alex Doe{index}\nalex{index}@example.test\n\n" + body
        profile = profile_of(text)
        assert profile.total_years >= 7, body[:30]
