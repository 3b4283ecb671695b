"""Time in roles: months covered by weighted, possibly overlapping spans, and how much a
student role's time counts."""

from __future__ import annotations

import re
from functools import lru_cache


def merged_months(spans: list[tuple[int, int, float]]) -> float:
    """Months covered by weighted spans; overlapping months count once, at the best weight."""
    covered: list[tuple[int, int]] = []
    total = 0.0
    for start, end, weight in sorted(spans, key=lambda s: -s[2]):
        length = end - start
        for a, b in covered:  # subtract what a heavier span already counted
            length -= max(0, min(end, b) - max(start, a))
        total += max(0, length) * weight
        covered = _union([*covered, (start, end)])
    return total


def _union(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


_TRAINEE_RE = re.compile(
    r"\b(intern|internship|extern|externship|student|practicum|capstone|rotation|co-?op)\b", re.I
)


@lru_cache(maxsize=4096)
def time_weight(title: str) -> float:
    """Time in a student role (intern, extern, practicum) counts a quarter."""
    return 0.25 if _TRAINEE_RE.search(title) else 1.0
