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
