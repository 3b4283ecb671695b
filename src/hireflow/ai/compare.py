"""Compare two reviews of a resume: score deltas and which feedback was resolved, is new, or
persists (matched by type, category and normalised original text)."""

from __future__ import annotations

import re
import unicodedata

from hireflow.ai.schemas import FeedbackItem, ReviewComparison, ReviewOutcome, ScoreDelta

_SPACE = re.compile(r"\s+")
_SCORES = ("overall_score", "content_score", "formatting_score", "ats_score")


def normalise_text(text: str | None) -> str:
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", folded.strip(" .。•-*・\t\n"))


def feedback_key(item: FeedbackItem) -> tuple[str, str, str, str]:
    """Identity of a finding across reviews; without a quote the rule stands in for it."""
    quote = normalise_text(item.original_text)
    return (item.feedback_type, item.category, quote, "" if quote else item.rule)


def compare_reviews(old: ReviewOutcome, new: ReviewOutcome) -> ReviewComparison:
    deltas = []
    for name in _SCORES:
        before, after = getattr(old, name), getattr(new, name)
        delta = after - before if before is not None and after is not None else None
        deltas.append(
            ScoreDelta(name=name.removesuffix("_score"), old=before, new=after, delta=delta)
        )
    old_keys = {feedback_key(i) for i in old.feedback}
    new_keys = {feedback_key(i) for i in new.feedback}
    return ReviewComparison(
        score_deltas=deltas,
        resolved=[i for i in old.feedback if feedback_key(i) not in new_keys],
        new=[i for i in new.feedback if feedback_key(i) not in old_keys],
        persisting=[i for i in new.feedback if feedback_key(i) in old_keys],
    )
