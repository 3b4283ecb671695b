"""Round 10's general reading rules: a role header with its dates alone on the next line,
clipped work words written out, the head noun first in Romance titles, and a role with the
job's own title counted in the job's field; clipped title words in role lines."""

from __future__ import annotations

from hireflow.jobs.scoring import JobProfile
from hireflow.jobs.scoring.engine import job_requirements
from hireflow.jobs.scoring.languages import gloss, gloss_title, unclip
from hireflow.jobs.scoring.roles import role_weights, title_core
from hireflow.resumes.extraction import extract_document
from hireflow.resumes.parsing import parse_resume
from tests.jobs.scoring.helpers import TODAY, profile_of

# No "Experience" heading: the roles open the resume, each header on its own line and its
# dates alone under it; an "Outside work" section follows.
NO_HEADING = """Dana Okafor
dana.okafor@example.test · 555-0100

Night Auditor — Harbor View Inn, Mystic CT
Mar 2021 – present
- Balance the day's folios and run the night audit for 140 rooms

Desk Clerk, Lantern Motor Lodge
Jun 2018 – Feb 2021
- Check-ins, cash drawer, reservations by phone

Outside work
Coach a youth chess club, 2022 – present.
"""


def test_a_header_with_its_dates_alone_below_is_a_role() -> None:
    parsed = parse_resume(extract_document(NO_HEADING.encode(), "r.txt"), today=TODAY)
    titles = [e.title for e in parsed.fields.experience]
    assert "Night Auditor" in titles
    assert "Desk Clerk" in titles


def test_clipped_work_words_read_as_written_out() -> None:
    text = unclip(gloss("Asst. Mgr of Svc Ops; equip maint", "en")).text
    for word in ("assistant", "manager", "service", "operations", "equipment", "maintenance"):
        assert word in text
    # Only whole words, and the all-caps keys only as written.
    assert unclip(gloss("Opsworks and the gm of data", "en")).text == "Opsworks and the gm of data"
    assert "general manager" in unclip(gloss("GM, 3 units", "en")).text
    # Each written-out word points back at the clipped word.
    line = unclip(gloss("Mgr", "en"))
    assert line.span(len("Mgr "), len(line.text)) == (0, 3)


def test_the_head_noun_comes_first_in_romance_titles() -> None:
    assert gloss_title("Ingeniero civil", "es") == "civil engineer"
    assert gloss_title("Asistente administrativa", "es") == "administrative assistant"
    assert gloss_title("Gerente general", "es") == "general manager"
    assert gloss_title("Customer Success Manager", "pt") == "Customer Success Manager"
    assert gloss_title("Gerente", "es") == "manager"


def test_a_word_the_glossary_does_not_know_stays_after_the_noun() -> None:
    # Moving it in front would split "sales" from "representative" (no family then).
    assert gloss_title("Representante Associado de Vendas", "pt") == (
        "sales representative Associado"
    )
    assert gloss_title("Ingeniero Senior", "es") == "senior engineer"


def test_the_title_core_drops_qualifiers_and_credential_words() -> None:
    assert title_core("Registered Nurse (Nights) - Tucson") == frozenset()  # one word left
    assert title_core("Licensed Vocational Nurse, Nights") == {"vocation", "nurs"}
    assert title_core("Certified Pharmacy Technician - Retail, Days") == {"pharmacy", "technician"}


def test_a_role_with_the_jobs_own_title_counts_in_its_field() -> None:
    job = JobProfile.model_validate(
        {"title": "Orthotic Fitter (Full Time)", "requirements": ["2+ years fitting braces"]}
    )
    reqs = job_requirements(job)
    candidate = profile_of(
        "Lee Park\nlee@example.test\n\nEXPERIENCE\nOrthotic Fitter — Stride Clinic\n"
        "Jan 2020 - Present\n- Atendimento a pacientes\n"
    )
    other = profile_of(
        "Lee Park\nlee@example.test\n\nEXPERIENCE\nBarista — Bean Bar\n"
        "Jan 2020 - Present\n- Atendimento a pacientes\n"
    )
    # Words alone give these roles no weight (the pool's reference is far above them).
    assert role_weights(reqs, candidate, [0.01], 1.0) == (1.0,)
    assert role_weights(reqs, other, [0.01], 1.0) == (0.0,)


def test_clipped_title_words_name_the_title_in_a_role_line() -> None:
    text = (
        "Kim Ode\nkim@example.test\n\nEXPERIENCE\n"
        "Lakeside Grill, Duluth — Kitchen Mgr\n2019 - 2023\n- Ordering and prep lists\n\n"
        "Northstar Foods (two units), Superior — AGM\n2016 - 2019\n- Opened the second unit\n"
    )
    parsed = parse_resume(extract_document(text.encode(), "r.txt"), today=TODAY)
    assert [e.title for e in parsed.fields.experience] == ["Kitchen Mgr", "AGM"]
