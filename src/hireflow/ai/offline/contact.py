"""Contact details: present, and in the body text where a parser can read them."""

from __future__ import annotations

import re

from hireflow.ai.offline.context import ReviewContext
from hireflow.ai.offline.scoring import clamp
from hireflow.ai.schemas import FeedbackItem, SubScore

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+\d{1,3}[\s-]?)?(?:\(?\d{2,4}\)?[\s.-]?){2,4}\d{3,4}")
_LINK = re.compile(r"(?:linkedin\.com|github\.com|gitlab\.com|https?://)\S+", re.IGNORECASE)
_WEIGHTS = {"name": 25, "email": 30, "phone": 25, "location": 10, "link": 10}
_EXAMPLES = {
    "name": "[First Last]",
    "email": "[name@example.com]",
    "phone": "[+81 90-1234-5678]",
    "location": "[City, Country]",
    "link": "[linkedin.com/in/your-name]",
}


def contact_score(ctx: ReviewContext) -> tuple[SubScore, list[FeedbackItem]]:
    contact = ctx.resume.fields.contact
    head = ctx.visible_text[
        : max(600, next((s.end for s in ctx.resume.sections if s.section_type == "contact"), 0))
    ]
    found: dict[str, tuple[int, int] | None] = {}
    for key, pattern in (("email", _EMAIL), ("phone", _PHONE), ("link", _LINK)):
        m = pattern.search(head)
        found[key] = m.span() if m else None
    for key, value in (("name", contact.name), ("location", contact.location)):
        index = head.find(value) if value else -1
        found[key] = (index, index + len(value)) if value and index >= 0 else None
    score = sum(w for key, w in _WEIGHTS.items() if found[key])
    missing = [key for key in _WEIGHTS if not found[key]]
    items: list[FeedbackItem] = []
    if missing:
        header_hazard = any(h.kind == "header_footer_content" for h in ctx.resume.document.hazards)
        where = " (they may sit in the page header, which parsers skip)" if header_hazard else ""
        line = " | ".join(_EXAMPLES[k] if k in missing else "…" for k in _WEIGHTS)
        items.append(
            FeedbackItem(
                feedback_type="weakness" if {"email", "phone"} & set(missing) else "suggestion",
                category="ats",
                severity_level=4 if "email" in missing else 2,
                confidence_score=80,
                agent="structure_agent",
                rule="ats.contact",
                section=ctx.section_ref(0),
                feedback_text=ctx.say(
                    f"Contact details missing from the body text{where}: {', '.join(missing)}.",
                    f"本文に連絡先がありません（{'、'.join(missing)}）。ヘッダー内の情報は"
                    "ATSが読み取れないことがあります。",
                ),
                suggested_text=line,
            )
        )
    evidence = [
        ctx.evidence(f"{key}: {ctx.visible_text[span[0] : span[1]]}", span[0], span[1])
        for key, span in found.items()
        if span
    ]
    return SubScore(
        name="contact_details",
        score=clamp(score),
        weight=0.25,
        rationale=f"found {', '.join(k for k in _WEIGHTS if found[k]) or 'none'}",
        evidence=evidence,
    ), items
