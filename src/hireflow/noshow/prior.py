"""The transparent prior: a logistic model whose every coefficient has a source and a reason.

Published figures (medical appointment literature, Dantas et al. 2018, 105 studies):
average no-show ≈ 23%; a prior no-show OR 4.42; lead time over 4 weeks vs under 1 day OR
5.45; reminders cut no-shows by about a third (SMS: 39.8% → 26.3%, OR ≈ 0.54). Those set the
big coefficients. The small ones are hireflow's assumptions, marked as such, kept modest so
they cannot dominate; a model trained on the installation's own outcomes replaces the whole
prior once it beats it (``training.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hireflow.noshow.features import FEATURE_NAMES, lead_time_scaled

BASE_RATE = 0.23
TYPICAL_LEAD_DAYS = 7


@dataclass(frozen=True, slots=True)
class Coefficient:
    feature: str
    weight: float  # log-odds per unit of the feature
    source: str
    reason: str  # shown to recruiters when this feature raises or lowers the score


_LN = math.log
COEFFICIENTS: tuple[Coefficient, ...] = (
    Coefficient(
        "lead_time_scaled",
        _LN(5.45),
        "Dantas 2018: >4 weeks vs <1 day, OR 5.45",
        "booked long in advance",
    ),
    Coefficient(
        "prior_no_show",
        _LN(4.42),
        "Dantas 2018: prior no-show, OR 4.42",
        "missed an earlier interview here",
    ),
    Coefficient(
        "reminder_acknowledged",
        _LN(0.54),
        "Reminders: 39.8% → 26.3% no-shows, OR 0.54",
        "confirmed the reminder",
    ),
    Coefficient("rsvp_accepted", _LN(0.6), "assumption", "accepted the calendar invitation"),
    Coefficient("rsvp_declined", _LN(3.0), "assumption", "declined the calendar invitation"),
    Coefficient("self_picked_slot", _LN(0.75), "assumption", "picked the time themselves"),
    Coefficient("reschedules", _LN(1.3), "assumption", "rescheduled before"),
    Coefficient("negotiation_rounds", _LN(1.1), "assumption", "took several rounds to agree"),
    Coefficient("slow_to_accept", _LN(1.5), "assumption", "took over 3 days to accept"),
    Coefficient("profile_incomplete", _LN(1.5), "assumption", "profile is incomplete"),
    Coefficient(
        "same_day",
        0.0,
        "literature: short lead time is already the lowest risk",
        "booked for the same day",
    ),
    Coefficient("next_day", 0.0, "as same_day", "booked for the next day"),
    Coefficient("monday", 0.0, "no reliable published effect", "on a Monday"),
    Coefficient("friday", 0.0, "no reliable published effect", "on a Friday"),
    Coefficient("early_hour", 0.0, "no reliable published effect", "before 9:00"),
    Coefficient("late_hour", 0.0, "no reliable published effect", "at 17:00 or later"),
)
_WEIGHTS = {c.feature: c.weight for c in COEFFICIENTS}
# A typical interview (booked a week ahead, nothing else known) scores the base rate.
INTERCEPT = _LN(BASE_RATE / (1 - BASE_RATE)) - _WEIGHTS["lead_time_scaled"] * lead_time_scaled(
    TYPICAL_LEAD_DAYS
)


def prior_probability(features: dict[str, float]) -> float:
    logit = INTERCEPT + sum(_WEIGHTS[name] * features[name] for name in FEATURE_NAMES)
    return 1 / (1 + math.exp(-logit))


REASONS = {c.feature: c.reason for c in COEFFICIENTS}


def reasons_of(contributions: dict[str, float], limit: int = 3) -> list[str]:
    """The strongest pushes on the log-odds as recruiter-readable phrases: ``+`` raises the
    risk, ``−`` lowers it (features that are absent or push by less than 0.01: left out)."""
    parts = [(value, REASONS[name]) for name, value in contributions.items() if abs(value) >= 0.01]
    parts.sort(key=lambda part: abs(part[0]), reverse=True)
    return [f"{'+' if value > 0 else '−'} {reason}" for value, reason in parts[:limit]]


def prior_reasons(features: dict[str, float], limit: int = 3) -> list[str]:
    """The prior's strongest contributions (see :func:`reasons_of`)."""
    return reasons_of({c.feature: c.weight * features[c.feature] for c in COEFFICIENTS}, limit)
