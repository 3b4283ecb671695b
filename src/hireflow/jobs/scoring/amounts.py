"""Money thresholds a requirement asks for ("monthly paid-media budgets of $250K or more")
against the amounts its evidence shows ("environ 180 000 € par mois"): evidence of a
smaller amount, for the same period, shows the requirement in part only."""

from __future__ import annotations

import re
from functools import lru_cache

_AMOUNT_RE = re.compile(
    r"(?:(?P<pre>[$€£])\s?|\b(?:us|usd|eur)\$?\s?)(?P<a>\d[\d,.\s]*\d|\d)\s?(?P<ua>k|m|mm|mn|mio|"
    r"million|millions|thousand)?\b"
    r"|\b(?P<b>\d[\d,.\s]*\d|\d)\s?(?P<ub>k|m|mm|mn|mio|million|millions|thousand)?\s?"
    r"(?:€|eur\b|euros?\b|usd\b|dollars?\b)",
    re.I,
)
_MONTH_RE = re.compile(
    r"\b(month|monthly|per mo|/mo|mo\b|mois|mensuel\w*|mes\b|mensual\w*|monat\w*|mês|mensal\w*)",
    re.I,
)
_YEAR_RE = re.compile(
    r"\b(year|yearly|annual\w*|per yr|/yr|par an|annuel\w*|al año|anual\w*|jährlich|pro jahr|"
    r"por ano)\b",
    re.I,
)
_THRESHOLD_RE = re.compile(r"\+|\bor more\b|\bat least\b|\bminimum\b|\bover\b|\bupwards\b", re.I)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "mio": 1e6}


def _number(text: str) -> float | None:
    """ "180 000" → 180000, "3,4" → 3.4, "2,500,000" → 2500000, "1.5" → 1.5."""
    text = re.sub(r"\s", "", text)
    groups = re.split(r"[,.]", text)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        text = "".join(groups)  # thousands separators
    else:
        text = "".join(groups[:-1]) + "." + groups[-1] if len(groups) > 1 else text
    try:
        return float(text)
    except ValueError:
        return None


def amounts(text: str) -> list[float]:
    found: list[float] = []
    for match in _AMOUNT_RE.finditer(text):
        value = _number(match.group("a") or match.group("b") or "")
        unit = (match.group("ua") or match.group("ub") or "").lower()
        if value is None:
            continue
        found.append(value * _SCALE.get(unit, 1e6 if unit.startswith("million") else 1.0))
    return found


def _period(text: str) -> str:
    return "month" if _MONTH_RE.search(text) else "year" if _YEAR_RE.search(text) else ""


@lru_cache(maxsize=1024)
def threshold(requirement: str) -> tuple[float, str] | None:
    """(amount, period) a requirement line asks at least, or None."""
    if not _THRESHOLD_RE.search(requirement):
        return None
    found = amounts(requirement)
    if len(found) != 1 or found[0] < 1000:
        return None
    return found[0], _period(requirement)


def below_threshold(requirement: str, evidence: str) -> bool:
    """Whether the evidence states amounts for the same period, all smaller than asked."""
    asked = threshold(requirement)
    if asked is None:
        return False
    shown = [a for a in amounts(evidence) if a >= 1000]
    if not shown or _period(evidence) != asked[1]:
        return False
    return max(shown) < asked[0]
