"""Round 13's general reading rules: a title offering alternatives counts each one's
family; a clause-joining "OR" is the word, not the operating room; a high school's name
states the level; shaft alignment as the trade writes it."""

from __future__ import annotations

from hireflow.jobs.scoring.requirements import education_level, families_of, family_of
from tests.jobs.scoring.helpers import concepts, profile_of


def test_a_title_with_alternatives_counts_the_family_of_each() -> None:
    title = "Industrial Millwright / Maintenance Mechanic"
    assert families_of(title) >= {"trades", "manufacturing"}
    assert family_of(title) in families_of(title)
    # The qualifier after a dash or comma offers no alternative.
    assert families_of("Pastry Chef - Hotel, Nights") == frozenset({"hospitality"})


def test_a_clause_joining_or_is_not_the_operating_room() -> None:
    assert "perioperative" not in concepts("Journeyman card (state or union) OR 4+ years")
    assert "perioperative" not in concepts("Associate degree OR equivalent experience")
    assert "perioperative" in concepts("1+ yrs as a surgical technologist in a hospital OR or ASC")
    assert "perioperative" in concepts("Scrubbed cases in the OR daily")


def test_a_high_school_name_states_the_level_and_nothing_else() -> None:
    assert education_level("Harrisburg HS") == 1
    assert education_level("Lincoln High-School") == 1
    assert education_level("hs") == 0  # lower case is not the abbreviation
    text = (
        "Pat Doe\npat@example.test\n\nEXPERIENCE\nMaintenance Tech — Acme Plant\n"
        "Jan 2018 - Present\n- Rebuilt gearboxes and conveyors\n\nEDUCATION\nHarrisburg HS, 2012\n"
    )
    profile = profile_of(text)
    assert profile.education_level == 1
    assert not any("Harrisburg" in unit.text for unit in profile.units)


def test_shaft_alignment_reads_as_the_trade_writes_it() -> None:
    for written in ("Laser shaft alignment", "Rotalign Touch", "soft foot checks", "Fixturlaser"):
        assert "shaft_alignment" in concepts(written), written
    assert "shaft_alignment" not in concepts("Aligned the team on quarterly goals")


def test_new_fields_read_as_their_families() -> None:
    from hireflow.jobs.scoring.vocabulary import vocabulary

    cases = {
        "Registered Dental Hygienist": "dental",
        "Food & Beverage Manager": "hospitality",  # a free-standing "&" is "and"
        "P&C Engineer II": "electrical_engineering",
        "Actuarial Associate": "actuarial",
        "Commercial Lines Underwriter": "insurance",
        "Staff Rad Tech": "imaging",
    }
    for title, family in cases.items():
        assert family in vocabulary().head_families(title), title
    assert "imaging" not in vocabulary().head_families("Industrial Radiographer")


def test_a_credential_line_is_not_logistics_for_naming_a_shift() -> None:
    from hireflow.jobs.scoring.requirements import parse_requirement

    line = "Active state imaging board license (issued before your first shift)"
    assert parse_requirement(line, required=True).kind != "logistics"
    assert parse_requirement("Available Monday-Thursday", required=True).kind == "logistics"
    assert parse_requirement("Exposure to GLMs or Schedule P", required=False).kind != "logistics"


def test_a_credential_to_be_reinstated_or_applied_for_is_not_held() -> None:
    text = (
        "Pat Doe\npat@example.test\n\nEXPERIENCE\nRadiologic Technologist — Mercy Hospital\n"
        "Jan 2018 - Present\n- Diagnostic X-ray and fluoroscopy\n\nLICENSES\n"
        "State imaging license — will apply once ARRT registration is reinstated\n"
    )
    assert max(h.strength for h in profile_of(text).hits["arrt"]) < 0.2
    held = text.replace("will apply once ARRT registration is reinstated", "ARRT (R), current")
    assert max(h.strength for h in profile_of(held).hits["arrt"]) >= 0.8


def test_a_titleless_role_takes_the_headline_occupation() -> None:
    text = (
        "Pat Doe | pat@example.test\n\nscrub tech · 7 yrs · BLS\n\nEXPERIENCE\n"
        "Mercy Valley Medical Ctr, Oshkosh WI — Sept 2019 to now\n- main ORs, gen surg\n"
    )
    assert "allied_health" in profile_of(text).roles[0].families
    wish = text.replace("scrub tech · 7 yrs · BLS", "Aspiring scrub tech")
    assert "allied_health" not in profile_of(wish).roles[0].families


def test_a_school_heading_alone_heads_education_but_school_counseling_does_not() -> None:
    from hireflow.resumes.parsing.headings import match_heading

    school = match_heading("SCHOOL")
    assert school is not None and school.section_type == "education"
    counseling = match_heading("SCHOOL COUNSELING")
    assert counseling is None or counseling.section_type != "education"
