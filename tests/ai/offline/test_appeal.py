"""Appeal agent and industry profiles: skills with evidence, editable profile data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hireflow.ai import ReviewSpec, review_offline
from hireflow.ai.industry import DEFAULT_PROFILES_DIR, Matcher, load_profiles
from hireflow.kit.errors import Unprocessable
from tests.ai.samples import PAIRS


def test_matched_skills_carry_evidence_that_points_at_the_text() -> None:
    case = PAIRS[0]
    resume = case.strong.build()
    detail = review_offline(resume, case.spec).detailed_scores["appeal_detail"]
    assert detail["industry"] == "technology"
    matched = {m["skill"]: m["evidence"][0] for m in detail["matched_skills"]}
    assert {"Python", "Go", "Kubernetes", "AWS"} <= set(matched)
    for skill, evidence in matched.items():
        found = resume.document.text[evidence["start"] : evidence["end"]]
        assert found.lower() == evidence["found"].lower(), skill
        assert evidence["section_order"] is not None
    assert detail["missing_skills"] == ["Java"]


def test_short_acronyms_match_case_sensitively() -> None:
    go = Matcher(["Go", "golang"], "Go")
    assert go.find("Built services in Go.", "built services in go.") is not None
    assert go.find("go-to-market plan", "go-to-market plan") is None
    assert go.find("Golang services", "golang services") is not None
    sql = Matcher(["SQL", "postgresql"], "SQL")
    assert sql.find("tuned PostgreSQL", "tuned postgresql") is not None
    assert sql.find("NoSQLite", "nosqlite") is None


def test_industry_resolution() -> None:
    library = load_profiles()
    assert library.resolve("金融", None).id == "finance"
    assert library.resolve("Fintech startup", None).id == "technology+finance"  # issue 14
    assert library.resolve(None, "Registered Nurse").id == "healthcare"
    assert library.resolve(None, "営業マネージャー").id == "sales_marketing"
    assert library.resolve("Underwater basket weaving", "Curator").id == "generic"
    for profile in library.profiles.values():
        assert profile.name_ja and profile.appeal_points
        assert all(p.label_ja for p in profile.appeal_points)


def test_profiles_are_editable_data(tmp_path: Path) -> None:
    directory = tmp_path / "profiles"
    shutil.copytree(DEFAULT_PROFILES_DIR, directory)
    (directory / "legal.json").write_text(
        json.dumps(
            {
                "id": "legal",
                "names": {"en": "Legal", "ja": "法務"},
                "aliases": ["legal", "law"],
                "key_skills": [
                    {"name": "Contract Drafting", "aliases": ["contracts", "契約書"]},
                    {"name": "Litigation", "aliases": ["訴訟"]},
                ],
                "roles": [
                    {"titles": ["counsel", "lawyer"], "skills": ["Contract Drafting", "Litigation"]}
                ],
                "appeal_points": [
                    {
                        "id": "risk",
                        "label_en": "Risk avoided",
                        "label_ja": "リスク回避",
                        "keywords": ["risk"],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    spec = ReviewSpec(target_role="Corporate Counsel", target_industry="legal")
    outcome = review_offline(PAIRS[0].strong.build(), spec, profiles_dir=directory)
    detail = outcome.detailed_scores["appeal_detail"]
    assert detail["industry"] == "legal"
    assert detail["missing_skills"] == ["Contract Drafting", "Litigation"]


def test_malformed_profile_is_a_typed_error(tmp_path: Path) -> None:
    shutil.copytree(DEFAULT_PROFILES_DIR, tmp_path / "p")
    (tmp_path / "p" / "broken.json").write_text('{"id": "broken"}', encoding="utf-8")
    with pytest.raises(Unprocessable, match=r"broken\.json"):
        load_profiles(tmp_path / "p")


def test_seniority_signals_follow_the_level() -> None:
    case = PAIRS[0]
    resume = case.strong.build()
    senior = review_offline(resume, case.spec).detailed_scores["appeal"]["sub_scores"]
    entry = review_offline(resume, case.spec.model_copy(update={"experience_level": "executive"}))
    senior_signals = next(s for s in senior if s["name"] == "seniority_signals")
    exec_signals = next(
        s for s in entry.detailed_scores["appeal"]["sub_scores"] if s["name"] == "seniority_signals"
    )
    assert senior_signals["score"] > exec_signals["score"]
    assert any(f.rule == "appeal.seniority" for f in entry.feedback)
