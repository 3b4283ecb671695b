"""A deterministic generated set of resumes (seeded), for the benchmark and bulk tests."""

from __future__ import annotations

import random
from dataclasses import replace

from hireflow.ai.schemas import ReviewSpec
from hireflow.resumes.document import HiddenText, LayoutHazard, ParsedResume
from tests.ai.injections import VISIBLE_EN, VISIBLE_JA
from tests.ai.resume_builder import Role
from tests.ai.samples import PAIRS

_HAZARDS = (
    "table",
    "multi_column",
    "image",
    "header_footer_content",
    "text_box",
    "unusual_heading",
)


def generated_resume(seed: int) -> tuple[ParsedResume, ReviewSpec]:
    rng = random.Random(seed)
    case = PAIRS[seed % len(PAIRS)]
    quality = rng.random()
    strong_bullets = [b for r in case.strong.roles for b in r.bullets]
    weak_bullets = [b for r in case.weak.roles for b in r.bullets]
    roles = []
    year = 2024
    for index in range(rng.randint(1, 4)):
        length = rng.randint(1, 4)
        start = year - length
        bullets = tuple(
            rng.choice(strong_bullets if rng.random() < quality else weak_bullets)
            for _ in range(rng.randint(2, 6))
        )
        roles.append(
            Role(
                case.strong.roles[0].title,
                f"Employer {seed}-{index}",
                f"{start}-{rng.randint(1, 12):02d}",
                None if index == 0 else f"{year}-{rng.randint(1, 12):02d}",
                bullets,
                date_style=rng.choice(("iso", "iso", "month_name", "slash"))
                if case.strong.language == "en"
                else "ja",
            )
        )
        year = start - (2 if rng.random() < 0.2 else 0)
    skills = [s for s in case.strong.skills if rng.random() < quality + 0.2] + case.weak.skills
    draft = replace(
        case.strong if quality > 0.5 else case.weak,
        roles=roles,
        skills=skills,
        summary=case.strong.summary if rng.random() < quality else None,
        hazards=tuple(
            LayoutHazard(rng.choice(_HAZARDS), "generated", 1)  # type: ignore[arg-type]
            for _ in range(rng.randint(0, 2))
        ),
        years_experience=float(rng.randint(0, 20)),
    )
    roll = rng.random()
    if roll < 0.1:
        draft = replace(draft, hidden=(HiddenText("white_text", "Python AWS Kubernetes", 1),))
    elif roll < 0.2:
        pool = VISIBLE_JA if draft.language == "ja" else VISIBLE_EN
        draft = replace(draft, summary=f"{draft.summary or ''} {rng.choice(pool)}".strip())
    return draft.build(), case.spec


def generated_set(count: int, offset: int = 0) -> list[tuple[ParsedResume, ReviewSpec]]:
    return [generated_resume(seed) for seed in range(offset, offset + count)]
