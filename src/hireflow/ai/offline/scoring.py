"""Small helpers shared by the offline agents: weighted sums and month arithmetic."""

from __future__ import annotations

import re

from hireflow.ai.schemas import SubScore

_YM = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


def clamp(value: float, low: int = 0, high: int = 100) -> int:
    return max(low, min(high, round(value)))


def weighted(sub_scores: list[SubScore]) -> int:
    """The weighted mean of sub-scores (weights need not sum to 1)."""
    total = sum(s.weight for s in sub_scores)
    if total <= 0:
        return 0
    return clamp(sum(s.score * s.weight for s in sub_scores) / total)


def month_index(value: str | None) -> int | None:
    """``YYYY-MM`` (or ``YYYY``, read as January) as months since year 0."""
    if not value:
        return None
    m = _YM.match(value.strip())
    if not m:
        return None
    month = int(m.group(2) or 1)
    if not 1 <= month <= 12:
        return None
    return int(m.group(1)) * 12 + month - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
