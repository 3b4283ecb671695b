"""Free-text industries map to profiles; the overall review score states its weighting."""

from __future__ import annotations

import re

from hireflow.ai import ReviewSpec, review_offline
from hireflow.ai.industry import load_profiles
from tests.ai.samples import PAIRS


def test_fintech_is_technology_and_finance() -> None:
    library = load_profiles()
    backend = library.resolve("fintech", "Backend Engineer")
    assert backend.id == "technology+finance"
    skills, family = backend.target_skills("Backend Engineer")
    assert family is not None and "Python" in skills
    assert "Financial Modeling" not in skills and "Excel" not in skills
    analyst = library.resolve("Fintech", "Financial Analyst")
    assert analyst.id == "finance+technology"
    assert "Financial Modeling" in analyst.target_skills("Financial Analyst")[0]
    assert library.resolve("healthcare / SaaS", "Software Engineer").id == "technology+healthcare"
    assert library.resolve("banking", None).id == "finance"
    assert library.resolve("sales & marketing", None).id == "sales_marketing"
    assert library.resolve("basket weaving", None).id == "generic"


def test_fintech_backend_review_does_not_ask_for_financial_modelling() -> None:
    case = next(c for c in PAIRS if c.spec.target_industry == "technology")
    spec = ReviewSpec(
        review_type="comprehensive",
        target_role="Backend Engineer",
        target_industry="fintech",
        experience_level=case.spec.experience_level,
    )
    outcome = review_offline(case.strong.build(), spec)
    missing = outcome.detailed_scores["appeal_detail"]["missing_skills"]
    assert "Financial Modeling" not in missing and "Excel" not in missing


def test_overall_states_how_it_weighs_its_parts() -> None:
    case = PAIRS[0]
    outcome = review_offline(case.weak.build(), case.spec)
    overall = outcome.detailed_scores["overall"]
    text = overall["explanation"]
    assert text.startswith(f"Overall {outcome.overall_score} = ")
    shares = re.findall(r"(\d+)% (content|appeal|formatting|ATS)", text)
    assert {part for _, part in shares} == {"content", "appeal", "formatting", "ATS"}
    assert sum(int(share) for share, _ in shares) in (99, 100, 101)
    appeal = outcome.detailed_scores["appeal"]["score"]
    assert f"appeal {appeal}" in text  # the part that can pull the overall below the others
