"""Bullet vocabulary and rewrites: action verbs, weak phrases, and how to restructure them.

A rewrite keeps the candidate's facts and moves the action to the front; where no number
is present it adds a ``[metric]`` slot for the candidate to fill.
"""

from __future__ import annotations

import re

ACTION_VERBS = frozenset(
    [
        "accelerated",
        "achieved",
        "acquired",
        "adapted",
        "administered",
        "advised",
        "analysed",
        "analyzed",
        "architected",
        "arranged",
        "assembled",
        "assessed",
        "audited",
        "authored",
        "automated",
        "balanced",
        "boosted",
        "briefed",
        "budgeted",
        "built",
        "calculated",
        "captured",
        "centralized",
        "chaired",
        "championed",
        "clarified",
        "closed",
        "coached",
        "collaborated",
        "combined",
        "completed",
        "composed",
        "conceived",
        "conducted",
        "configured",
        "consolidated",
        "constructed",
        "consulted",
        "contracted",
        "converted",
        "coordinated",
        "created",
        "cultivated",
        "cut",
        "debugged",
        "decreased",
        "defined",
        "delegated",
        "delivered",
        "deployed",
        "designed",
        "detected",
        "determined",
        "developed",
        "devised",
        "diagnosed",
        "directed",
        "discovered",
        "doubled",
        "drafted",
        "drove",
        "earned",
        "edited",
        "educated",
        "eliminated",
        "enabled",
        "engineered",
        "enhanced",
        "established",
        "evaluated",
        "exceeded",
        "executed",
        "expanded",
        "expedited",
        "facilitated",
        "finalized",
        "forecasted",
        "formed",
        "formulated",
        "founded",
        "generated",
        "grew",
        "guided",
        "halved",
        "handled",
        "headed",
        "hired",
        "identified",
        "implemented",
        "improved",
        "increased",
        "influenced",
        "initiated",
        "innovated",
        "inspected",
        "installed",
        "instituted",
        "instructed",
        "integrated",
        "interviewed",
        "introduced",
        "invented",
        "investigated",
        "launched",
        "led",
        "leveraged",
        "lowered",
        "maintained",
        "managed",
        "mapped",
        "marketed",
        "maximized",
        "measured",
        "mentored",
        "merged",
        "migrated",
        "minimized",
        "modeled",
        "modernized",
        "monitored",
        "motivated",
        "negotiated",
        "obtained",
        "opened",
        "operated",
        "optimized",
        "orchestrated",
        "organized",
        "originated",
        "outperformed",
        "overhauled",
        "oversaw",
        "owned",
        "partnered",
        "performed",
        "piloted",
        "pioneered",
        "planned",
        "prepared",
        "presented",
        "prioritized",
        "produced",
        "programmed",
        "projected",
        "promoted",
        "proposed",
        "prototyped",
        "published",
        "raised",
        "ran",
        "rebuilt",
        "recommended",
        "reconciled",
        "recruited",
        "redesigned",
        "reduced",
        "refactored",
        "refined",
        "regained",
        "remodeled",
        "reorganized",
        "repaired",
        "replaced",
        "reported",
        "represented",
        "researched",
        "resolved",
        "restructured",
        "revamped",
        "reviewed",
        "revised",
        "saved",
        "scaled",
        "scheduled",
        "secured",
        "selected",
        "shaped",
        "shipped",
        "simplified",
        "sold",
        "solved",
        "spearheaded",
        "standardized",
        "started",
        "steered",
        "streamlined",
        "strengthened",
        "structured",
        "succeeded",
        "supervised",
        "supported",
        "surpassed",
        "synthesized",
        "systematized",
        "taught",
        "tested",
        "trained",
        "transformed",
        "translated",
        "tripled",
        "troubleshot",
        "unified",
        "upgraded",
        "validated",
        "won",
        "wrote",
    ]
)
# Japanese bullets end with the action: 〜を担当 / 〜を達成 / 〜を実施 …
JA_ACTION = re.compile(
    r"(?:を|に|で)?(?:担当|達成|実施|推進|主導|構築|開発|設計|導入|削減|改善|向上|管理|運用|"
    r"立ち上げ|立上げ|企画|実現|獲得|統括|育成|指導|策定|提案|最適化|自動化|貢献|拡大|短縮|"
    r"完遂|牽引|リード|マネジメント|受注|販売|分析|解決|移行|刷新|新設|整備)"
    r"(?:し(?:た|ました)?|しました|した|する|中|。)?\s*[。.]?$"
)
QUANTIFIED = re.compile(
    r"\d|[%％¥$€£]|(?:名|人|件|社|万|億|円|倍|割|ヶ月|か月|時間)(?![a-z])|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|"
    r"millions?|billions?|half|double[d]?|tripled?)\b",
    re.IGNORECASE,
)
_IRREGULAR = {
    "leading": "led",
    "building": "built",
    "running": "ran",
    "writing": "wrote",
    "making": "made",
    "selling": "sold",
    "teaching": "taught",
    "overseeing": "oversaw",
    "driving": "drove",
    "growing": "grew",
    "setting": "set",
    "cutting": "cut",
    "bringing": "brought",
    "winning": "won",
    "giving": "gave",
    "holding": "held",
    "keeping": "kept",
    "meeting": "met",
    "seeing": "saw",
    "taking": "took",
    "getting": "got",
    "finding": "found",
    "thinking": "thought",
    "buying": "bought",
    "spending": "spent",
    "sending": "sent",
    "speaking": "spoke",
    "choosing": "chose",
    "trying": "tried",
    "applying": "applied",
    "hitting": "hit",
    "putting": "put",
    "lead": "led",
    "build": "built",
    "run": "ran",
    "write": "wrote",
    "make": "made",
    "sell": "sold",
    "teach": "taught",
    "oversee": "oversaw",
    "drive": "drove",
    "grow": "grew",
    "set": "set",
    "cut": "cut",
    "bring": "brought",
    "win": "won",
    "keep": "kept",
    "meet": "met",
    "take": "took",
    "spend": "spent",
}
# weak opener -> verb used when what follows is a noun phrase
WEAK_PHRASES: dict[str, str] = {
    "responsible for": "Owned",
    "duties included": "Delivered",
    "duties include": "Delivered",
    "tasked with": "Delivered",
    "in charge of": "Led",
    "helped with": "Contributed to",
    "helped to": "",
    "helped": "Contributed to",
    "assisted with": "Supported",
    "assisted in": "Supported",
    "worked on": "Delivered",
    "involved in": "Contributed to",
    "participated in": "Contributed to",
    "was part of": "Contributed to",
}
_WEAK = re.compile(
    r"^(?:(?:i|we)\s+(?:was|were|am)\s+)?(?:i\s+)?(?P<phrase>"
    + "|".join(re.escape(p) for p in sorted(WEAK_PHRASES, key=len, reverse=True))
    + r")\b[:\s]*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_WEAK_ANYWHERE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in WEAK_PHRASES if " " in p) + r")\b", re.IGNORECASE
)
JA_WEAK: dict[str, str] = {
    "に携わりました": "を推進し、[成果: 数値]を実現",
    "に携わった": "を推進し、[成果: 数値]を実現",
    "に関わりました": "を推進し、[成果: 数値]を実現",
    "に関わった": "を推進し、[成果: 数値]を実現",
    "を手伝いました": "を支援し、[成果: 数値]に貢献",
    "を手伝った": "を支援し、[成果: 数値]に貢献",
    "の補助を担当": "を支援し、[成果: 数値]に貢献",
    "の補助": "を支援し、[成果: 数値]に貢献",
    "などを行いました": "を実施し、[成果: 数値]を達成",
    "等を行いました": "を実施し、[成果: 数値]を達成",
    "を経験しました": "を担当し、[成果: 数値]を達成",
}
_JA_WEAK = re.compile("|".join(re.escape(p) for p in sorted(JA_WEAK, key=len, reverse=True)))
METRIC_SLOT = "resulting in [metric]"


def past_tense(word: str) -> str:
    """``managing`` → ``managed``, ``reduce`` → ``reduced``, ``lead`` → ``led``."""
    lower = word.lower()
    if lower in _IRREGULAR:
        out = _IRREGULAR[lower]
    elif lower.endswith("ing") and len(lower) > 4:
        out = lower[:-3] + "ed"
    elif lower.endswith("e"):
        out = lower + "d"
    elif lower.endswith("y") and len(lower) > 2 and lower[-2] not in "aeiou":
        out = lower[:-1] + "ied"
    elif lower.endswith("ed"):
        out = lower
    else:
        out = lower + "ed"
    return out[:1].upper() + out[1:]


def starts_with_action(bullet: str) -> bool:
    first = bullet.split(maxsplit=1)[0].strip(",.;:").lower() if bullet.strip() else ""
    if first in ACTION_VERBS:
        return True
    return len(first) > 5 and first.endswith("ed") and first.isalpha() and first not in _NOT_VERBS


_NOT_VERBS = frozenset(
    {
        "needed",
        "skilled",
        "talented",
        "detailed",
        "experienced",
        "certified",
        "advanced",
        "dedicated",
        "motivated",
        "seasoned",
        "qualified",
    }
)


def weak_phrase(bullet: str) -> str | None:
    m = _WEAK_ANYWHERE.search(bullet)
    if m:
        return m.group(0)
    ja = _JA_WEAK.search(bullet)
    return ja.group(0) if ja else None


def _with_metric(sentence: str) -> str:
    sentence = sentence.rstrip(" .;")
    return sentence if QUANTIFIED.search(sentence) else f"{sentence}, {METRIC_SLOT}"


def rewrite_weak(bullet: str) -> str | None:
    """Restructure a bullet that opens with a weak phrase, or None when it does not."""
    ja = _JA_WEAK.search(bullet)
    if ja:
        replaced = bullet[: ja.start()] + JA_WEAK[ja.group(0)] + bullet[ja.end() :]
        replaced = replaced.rstrip("。. ")
        if QUANTIFIED.search(bullet):
            replaced = replaced.replace("[成果: 数値]", "その成果")
        return replaced + "。"
    m = _WEAK.match(bullet.strip())
    if not m:
        return None
    phrase = m.group("phrase").lower()
    rest = m.group("rest").strip()
    if not rest:
        return None
    head, _, tail = rest.partition(" ")
    gerund_with_object = head.lower().endswith("ing") and len(head) > 4 and bool(tail)
    if phrase == "helped to" or gerund_with_object:
        return _with_metric(f"{past_tense(head)} {tail}".strip())
    if head.lower() == "the" and phrase in ("helped", "helped with"):
        return _with_metric(f"Contributed to {rest}")
    verb = WEAK_PHRASES[phrase] or "Delivered"
    return _with_metric(f"{verb} {rest}")


def rewrite_passive_opening(bullet: str) -> str | None:
    """``Managing the team …`` → ``Managed the team …``; ``I built …`` → ``Built …``."""
    words = bullet.strip().split(maxsplit=1)
    if not words:
        return None
    head = words[0]
    tail = words[1] if len(words) > 1 else ""
    if head.lower() in ("i", "we") and tail:
        return _with_metric(tail[:1].upper() + tail[1:])
    if head.lower().endswith("ing") and len(head) > 5 and head[:1].isupper():
        return _with_metric(f"{past_tense(head)} {tail}".strip())
    return None


def add_metric_slot(bullet: str) -> str:
    return _with_metric(bullet)
