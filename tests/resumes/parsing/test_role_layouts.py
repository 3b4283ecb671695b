"""Role headers in layouts many templates use: a bare "Work" heading above the first job,
bullets that wrap onto a line above the next job, long "Title, Employer (…), City" headers."""

from __future__ import annotations

from datetime import date

from hireflow.resumes.document import ParsedResume
from hireflow.resumes.extraction import extract_document
from hireflow.resumes.parsing import parse_resume

TODAY = date(2026, 11, 25)


def _parse(text: str) -> ParsedResume:
    return parse_resume(extract_document(text.encode("utf-8"), "resume.txt"), today=TODAY)


def test_a_work_heading_is_not_taken_for_the_first_job_title() -> None:
    parsed = _parse(
        "Sam Rivera\nsam@example.com\n\nWork\n"
        "Northern Lights Electric — Greeley, CO — 2020 to present\n"
        "· Residential service, panel upgrades, EV chargers\n"
    )
    (entry,) = parsed.fields.experience
    assert "Work" not in (entry.title or "") and "Work" not in (entry.employer or "")
    assert entry.start == "2020" and entry.is_current


def test_a_wrapped_bullet_is_not_the_next_jobs_title() -> None:
    parsed = _parse(
        "Sam Rivera\nsam@example.com\n\nExperience\n"
        "Journeyman Electrician — Northern Lights Electric — 2020 to present\n"
        "· Light commercial since 2023: tenant finish, a dental office,\n"
        "EMT runs, 3-phase panels, exit lighting\n"
        "Apprentice Electrician — Northern Lights Electric — 2016 to 2020\n"
    )
    titles = [e.title for e in parsed.fields.experience]
    assert titles == ["Journeyman Electrician", "Apprentice Electrician"]


def test_a_long_header_above_its_dates_keeps_its_title() -> None:
    parsed = _parse(
        "Ada Nwachukwu\nada@example.com\n\nExperience\n"
        "Assistant Front Office Manager, The Oglethorpe Inn & Suites (full service, 180 rooms), "
        "Savannah\n2023-present\n- Run the desk on my shifts\n"
        "Front Desk Supervisor, Oglethorpe Inn & Suites, 2021-2023\n"
    )
    titles = [e.title for e in parsed.fields.experience]
    assert titles == ["Assistant Front Office Manager", "Front Desk Supervisor"]


def test_letters_se_pm_pl_inside_a_word_are_not_a_job_title() -> None:
    """ "Kassel", "Chihuahua", "Simple": the Japanese SE / PM / PL only count as whole words,
    so the title written first is kept."""
    parsed = _parse(
        "Jonas Weid\njonas@example.com\n\nBerufserfahrung\n"
        "Bauleiter Tiefbau - Hessbach Bau GmbH, Kassel, Deutschland\n04/2019 - 12/2024\n"
        "- Bauleitung für Erschließungsgebiete\n"
    )
    (entry,) = parsed.fields.experience
    assert entry.title == "Bauleiter Tiefbau"
    assert entry.employer == "Hessbach Bau GmbH"


def test_a_wrapped_spanish_header_keeps_its_title() -> None:
    parsed = _parse(
        "Alejandra Ruiz\nale@example.com\n\nEXPERIENCIA\n"
        "Generalista de Recursos Humanos — Arneses del Norte S.A. de C.V. (filial de\n"
        "empresa estadounidense), Ciudad Juárez, Chihuahua — 2020 a 2025\n"
        "- Relaciones laborales: atención de quejas\n"
    )
    (entry,) = parsed.fields.experience
    assert entry.title == "Generalista de Recursos Humanos"


def test_present_in_french_and_portuguese_ends_a_current_role() -> None:
    parsed = _parse(
        "Élodie Marchand\nelodie@example.com\n\nEXPÉRIENCE PROFESSIONNELLE\n"
        "Acheteuse - Prairie Mills Ingredients, Cedar Rapids, IA - 2025 à ce jour\n"
        "- Acheteuse pour les ingrédients secs\n\n"
        "Compradora - Moinhos do Sul Ltda., Curitiba - 2019 - hoje\n"
        "- Compras de embalagens\n"
    )
    assert [e.is_current for e in parsed.fields.experience] == [True, True]


def test_since_a_date_in_a_header_is_a_current_role() -> None:
    parsed = _parse(
        "Darnell Ok\ndarnell@example.com\n\nExperience\n"
        "Customer Success Manager, Routewise (fleet SaaS) - since mid-2024\n"
        " • Manage a book of 55 accounts; renewals since 2025\n"
        "Account Coordinator, Peachtree Promotions - 2022 - 2024\n"
        " • Client order tracking\n"
    )
    first, second = parsed.fields.experience
    assert first.title == "Customer Success Manager"
    assert first.start == "2024-06" and first.is_current
    assert second.title == "Account Coordinator"  # "since 2025" in a bullet opens no role


def test_an_upper_case_work_heading_the_lookup_lacks_is_not_a_title() -> None:
    parsed = _parse(
        "Raj Venk, CPA\nraj@example.com\n\nA&A EXPERIENCE\n"
        "Assurance Sr. Assoc. - Big 4 (Seattle office), FS audits          Jan 2020 - Jun 2023\n"
        "  - Private co. + NFP FS audits\n"
    )
    (entry,) = parsed.fields.experience
    assert "EXPERIENCE" not in (entry.title or "") and "EXPERIENCE" not in (entry.employer or "")
