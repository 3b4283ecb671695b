"""Offline base agent: content quality of bullets and summary → the content score."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from hireflow.ai.offline.context import Line, ReviewContext, count_words, is_japanese, strip_bullet
from hireflow.ai.offline.rewrites import (
    JA_ACTION,
    QUANTIFIED,
    add_metric_slot,
    rewrite_passive_opening,
    rewrite_weak,
    starts_with_action,
    weak_phrase,
)
from hireflow.ai.offline.scoring import clamp, weighted
from hireflow.ai.schemas import BaseAgentOutput, Evidence, FeedbackItem, SubScore

_BUZZ = (
    r"hard[- ]working|team player|go-getter|detail[- ]oriented|results[- ]driven|"
    r"self[- ]starter|think outside the box|synergy|dynamic|passionate|motivated|"
    r"proven track record|best of breed|go-to person|rockstar|ninja"
)
_BUZZ_JA = r"頑張り屋|コミュニケーション能力が高い|やる気があります|真面目な性格"
_BUZZWORDS = re.compile(rf"\b(?:{_BUZZ})\b|(?:{_BUZZ_JA})", re.IGNORECASE)
_BUZZ_THEN_SEPARATOR = re.compile(rf"\b(?:{_BUZZ})\b(?:\s*,\s*|\s+and\s+)", re.IGNORECASE)
_SEPARATOR_THEN_BUZZ = re.compile(
    rf"(?:\s*,\s*|\s+and\s+)?\b(?:{_BUZZ})\b|(?:{_BUZZ_JA})", re.IGNORECASE
)
_I_AM = re.compile(r"^(?:I am|I'm|I have been)\s+(?:an?\s+)?", re.IGNORECASE)
_CUT_AT = (", which ", ", using ", " using ", ", that ", "; ", ", ")
_FIRST_PERSON = re.compile(r"\b(?:I am|I have|I'm|I've|my)\b")
_ALTERNATIVES = {
    "managed": ("Directed", "Oversaw", "Coordinated"),
    "led": ("Headed", "Directed", "Steered"),
    "developed": ("Built", "Engineered", "Created"),
    "worked": ("Delivered", "Executed", "Ran"),
    "improved": ("Raised", "Strengthened", "Boosted"),
    "created": ("Designed", "Launched", "Established"),
    "supported": ("Enabled", "Backed", "Assisted"),
    "handled": ("Resolved", "Processed", "Ran"),
    "responsible": ("Owned", "Ran", "Directed"),
    "helped": ("Enabled", "Contributed to", "Drove"),
}
_VERB_FOR_TOPIC = (
    (re.compile(r"team|staff|people|members|チーム|メンバー", re.IGNORECASE), "Led"),
    (
        re.compile(
            r"system|platform|app|api|service|tool|pipeline|website|システム|基盤", re.IGNORECASE
        ),
        "Built",
    ),
    (re.compile(r"customer|client|account|顧客|クライアント", re.IGNORECASE), "Served"),
    (re.compile(r"report|analysis|data|分析|レポート", re.IGNORECASE), "Produced"),
)
MAX_BULLET_ITEMS = 14


@dataclass(frozen=True, slots=True)
class BulletCheck:
    line: Line
    body: str
    offset: int  # start of ``body`` in the document text
    japanese: bool
    action: bool
    quantified: bool
    words: int
    weak: str | None


def check_bullet(line: Line) -> BulletCheck:
    body = strip_bullet(line.text)
    offset = line.start + max(0, line.text.find(body))
    japanese = is_japanese(body)
    action = (JA_ACTION.search(body) is not None) if japanese else starts_with_action(body)
    return BulletCheck(
        line,
        body,
        offset,
        japanese,
        action,
        QUANTIFIED.search(body) is not None,
        count_words(body),
        weak_phrase(body),
    )


def _shorten(rewrite: str) -> str:
    """Cut a long rewrite at its first clause break after eight words, keeping a slot."""
    if count_words(rewrite) <= 32:
        return rewrite
    cuts = [
        index
        for marker in _CUT_AT
        if (index := rewrite.find(marker)) > 0 and count_words(rewrite[:index]) >= 8
    ]
    return add_metric_slot(rewrite[: min(cuts)]) if cuts else rewrite


def _verb_for(body: str) -> str:
    for pattern, verb in _VERB_FOR_TOPIC:
        if pattern.search(body):
            return verb
    return "Delivered"


def _bullet_feedback(ctx: ReviewContext, check: BulletCheck) -> FeedbackItem | None:
    common = dict(
        category="content",
        agent="base_agent",
        section=ctx.section_ref(check.offset),
        original_text=check.body,
        position_start=check.offset,
        position_end=check.offset + len(check.body),
    )
    if check.weak:
        rewrite = rewrite_weak(check.body)
        if rewrite is None:
            body = check.body
            rewrite = add_metric_slot(
                body.replace(check.weak, _verb_for(body).lower(), 1) if not check.japanese else body
            )
        return FeedbackItem(
            feedback_type="weakness",
            severity_level=3,
            confidence_score=85,
            rule="content.weak_phrase",
            feedback_text=ctx.say(
                f"'{check.weak}' describes a duty, not a result. Lead with what you did and "
                "what changed.",
                f"「{check.weak}」は役割の説明で、成果が伝わりません。自分が何をし、何が"
                "変わったかを書いてください。",
            ),
            suggested_text=_shorten(rewrite),
            **common,
        )
    if not check.action and not check.japanese:
        rewrite = rewrite_passive_opening(check.body)
        if rewrite is None:
            body = check.body
            rewrite = add_metric_slot(f"{_verb_for(body)} {body[:1].lower()}{body[1:]}")
        return FeedbackItem(
            feedback_type="suggestion",
            severity_level=2,
            confidence_score=70,
            rule="content.action_verb",
            feedback_text="Start the bullet with a strong past-tense action verb.",
            suggested_text=_shorten(rewrite),
            **common,
        )
    if not check.quantified:
        return FeedbackItem(
            feedback_type="improvement",
            severity_level=2,
            confidence_score=75,
            rule="content.quantify",
            feedback_text="No number shows the size of this result; add one (%, time saved, "
            "money, people, volume)."
            if not check.japanese
            else "成果を数値（%・件数・金額・人数・期間）で示してください。",
            suggested_text=add_metric_slot(check.body)
            if not check.japanese
            else check.body.rstrip("。") + "（[成果: 数値]）。",
            **common,
        )
    if check.words > 30:
        return FeedbackItem(
            feedback_type="suggestion",
            severity_level=1,
            confidence_score=65,
            rule="content.too_long",
            feedback_text=ctx.say(
                f"{check.words} words: keep bullets under 30 so the result stands out.",
                "箇条書きが長すぎます。成果が目立つよう一文を短くしてください。",
            ),
            suggested_text=check.body.split(", ")[0].rstrip(".") + " — [the one result that "
            "matters most]",
            **common,
        )
    if check.words < 8 and not check.japanese:
        return FeedbackItem(
            feedback_type="suggestion",
            severity_level=1,
            confidence_score=60,
            rule="content.too_short",
            feedback_text="Very short: say how you did it and what it achieved.",
            suggested_text=check.body.rstrip(".") + " using [tool or method], resulting in "
            "[metric]",
            **common,
        )
    return None


def _summary_draft(ctx: ReviewContext) -> str:
    fields = ctx.resume.fields
    title = ctx.spec.target_role or fields.current_position or "[Title]"
    years = f"{fields.years_experience:g}" if fields.years_experience else "[N]"
    skills = ", ".join(fields.skills[:3]) or "[top skills]"
    if ctx.output_language == "ja":
        return f"{title}として{years}年の経験（{skills}）。[数値で示す最大の成果]。"
    return f"{title} with {years} years of experience in {skills}; [best result with a number]."


def _summary(ctx: ReviewContext) -> tuple[SubScore, list[FeedbackItem]]:
    sections = ctx.resume.sections_of("summary")
    items: list[FeedbackItem] = []
    if not sections:
        items.append(
            FeedbackItem(
                feedback_type="weakness",
                category="content",
                severity_level=3,
                confidence_score=80,
                agent="base_agent",
                rule="content.summary_missing",
                feedback_text=ctx.say(
                    "No summary: two or three lines at the top tell the reader who you are and "
                    "why you fit.",
                    "職務要約がありません。冒頭の2〜3行で、何者でなぜ適任かを伝えてください。",
                ),
                suggested_text=_summary_draft(ctx),
            )
        )
        return SubScore(
            name="summary", score=30, weight=0.10, rationale="no summary section"
        ), items
    section = sections[0]
    start = section.start
    body = ctx.visible_text[section.start : section.end]
    if section.title and body.lstrip().startswith(section.title):
        cut = body.find(section.title) + len(section.title)
        start, body = start + cut, body[cut:]
    lead = len(body) - len(body.lstrip())
    start, body = start + lead, body.strip()
    words = count_words(body)
    score = 100
    notes: list[str] = [f"{words} words"]
    if words < 20:
        score -= 30
        notes.append("too short")
    elif words > 120:
        score -= 20
        notes.append("too long")
    buzz = [m.group(0).strip(" ,") for m in _BUZZWORDS.finditer(body)]
    if buzz:
        score -= min(30, 10 * len(buzz))
        notes.append(f"clichés: {', '.join(buzz)}")
        cleaned = _SEPARATOR_THEN_BUZZ.sub("", _BUZZ_THEN_SEPARATOR.sub("", body))
        cleaned = _I_AM.sub("", re.sub(r"\s{2,}", " ", cleaned).strip(" ,."))
        cleaned = re.sub(r"^(?:and|or|a|an)\b\s*", "", cleaned).strip(" ,.")
        dangling = re.match(r"(?:who|that|which|is|are|about|with|for|to)\b", cleaned, re.I)
        cleaned = cleaned[:1].upper() + cleaned[1:]
        if dangling or count_words(cleaned) < 5:
            cleaned = _summary_draft(ctx)
        else:
            cleaned = f"{cleaned}; [one result with a number]."
        items.append(
            FeedbackItem(
                feedback_type="weakness",
                category="content",
                severity_level=2,
                confidence_score=75,
                agent="base_agent",
                rule="content.buzzwords",
                section=ctx.ref_of(section),
                feedback_text=ctx.say(
                    f"Clichés carry no evidence ({', '.join(buzz)}); replace them with a result.",
                    f"根拠のない決まり文句（{'、'.join(buzz)}）は、具体的な成果に置き換えてください。",
                ),
                original_text=body,
                suggested_text=cleaned,
                position_start=start,
                position_end=start + len(body),
            )
        )
    if not QUANTIFIED.search(body):
        score -= 15
        notes.append("no number")
    if _FIRST_PERSON.search(body):
        score -= 10
        notes.append("first person")
    role = (ctx.spec.target_role or "").lower()
    if role and not any(w in body.lower() for w in role.split() if len(w) > 3):
        score -= 10
        notes.append("target role not named")
    if score >= 85:
        items.append(
            FeedbackItem(
                feedback_type="strength",
                category="content",
                severity_level=1,
                confidence_score=70,
                agent="base_agent",
                rule="content.summary_strong",
                section=ctx.ref_of(section),
                feedback_text=ctx.say(
                    "The summary is concise and specific.", "職務要約が簡潔で具体的です。"
                ),
            )
        )
    return SubScore(
        name="summary",
        score=clamp(score),
        weight=0.10,
        rationale="; ".join(notes),
        evidence=[ctx.evidence(body[:80], start, start + len(body))],
    ), items


def _repetition(
    ctx: ReviewContext, checks: list[BulletCheck]
) -> tuple[SubScore, list[FeedbackItem]]:
    openers = Counter(
        c.body.split()[0].lower().strip(",.") for c in checks if not c.japanese and c.body.split()
    )
    items: list[FeedbackItem] = []
    repeated = {w: n for w, n in openers.items() if n >= 3}
    for word in sorted(repeated):
        alternatives = _ALTERNATIVES.get(word, ("Delivered", "Drove", "Built"))
        uses = [
            c for c in checks if c.body.split() and c.body.split()[0].lower().strip(",.") == word
        ]
        for index, check in enumerate(uses[1:4]):
            replacement = alternatives[index % len(alternatives)]
            items.append(
                FeedbackItem(
                    feedback_type="suggestion",
                    category="content",
                    severity_level=1,
                    confidence_score=65,
                    agent="base_agent",
                    rule="content.repetition",
                    section=ctx.section_ref(check.offset),
                    feedback_text=f"'{word.title()}' opens {repeated[word]} bullets; "
                    "vary the verb.",
                    original_text=check.body,
                    suggested_text=f"{replacement} {check.body.split(maxsplit=1)[1]}"
                    if len(check.body.split()) > 1
                    else replacement,
                    position_start=check.offset,
                    position_end=check.offset + len(check.body),
                )
            )
    extra = sum(n - 2 for n in repeated.values())
    return SubScore(
        name="repetition",
        score=clamp(100 - 12 * extra) if checks else 20,
        weight=0.10,
        rationale=f"repeated openers: {repeated or 'none'}",
    ), items


def review_content(ctx: ReviewContext, *, max_items: int = MAX_BULLET_ITEMS) -> BaseAgentOutput:
    checks = [check_bullet(line) for line in ctx.bullets]
    n = len(checks)
    feedback: list[FeedbackItem] = []
    subs: list[SubScore] = []
    if n == 0:
        feedback.append(
            FeedbackItem(
                feedback_type="weakness",
                category="content",
                severity_level=4,
                confidence_score=80,
                agent="base_agent",
                rule="content.no_bullets",
                feedback_text=ctx.say(
                    "No achievement bullets found under Experience or Projects.",
                    "職務経歴・プロジェクトに実績の箇条書きがありません。",
                ),
                suggested_text="• [Action verb] [what you did] using [tool], resulting in [metric]",
            )
        )

    def share(pred: Callable[[BulletCheck], object]) -> float:
        return 0.2 if n == 0 else sum(1 for c in checks if pred(c)) / n

    def ev(pred: Callable[[BulletCheck], object]) -> list[Evidence]:
        hits = [c for c in checks if pred(c)][:6]
        return [ctx.evidence(c.body[:60], c.offset, c.offset + len(c.body)) for c in hits]

    action = share(lambda c: c.action)
    quantified = share(lambda c: c.quantified)
    length = share(lambda c: 8 <= c.words <= 30 or (c.japanese and 6 <= c.words <= 40))
    weak = [c for c in checks if c.weak]

    subs.append(
        SubScore(
            name="action_verbs",
            score=clamp(100 * action),
            weight=0.25,
            rationale=f"{round(action * n)}/{n} bullets start with an action",
            evidence=ev(lambda c: c.action),
        )
    )
    subs.append(
        SubScore(
            name="quantified_impact",
            score=clamp(100 * quantified),
            weight=0.30,
            rationale=f"{round(quantified * n)}/{n} bullets carry a number",
            evidence=ev(lambda c: c.quantified),
        )
    )
    subs.append(
        SubScore(
            name="bullet_length",
            score=clamp(100 * length),
            weight=0.10,
            rationale=f"{round(length * n)}/{n} bullets are 8–30 words",
        )
    )
    subs.append(
        SubScore(
            name="weak_phrases",
            score=clamp(100 - 100 * len(weak) / max(n, 3)) if n else 20,
            weight=0.15,
            rationale=f"{len(weak)} bullet(s) open with a weak phrase",
            evidence=ev(lambda c: c.weak),
        )
    )
    bullet_items = [item for c in checks if (item := _bullet_feedback(ctx, c)) is not None]
    bullet_items.sort(key=lambda i: (-i.severity_level, i.position_start or 0))
    feedback.extend(bullet_items[:max_items])
    if n >= 3 and quantified >= 0.6:
        best = max(
            (c for c in checks if c.quantified), key=lambda c: (c.action, -abs(c.words - 18))
        )
        feedback.append(
            FeedbackItem(
                feedback_type="strength",
                category="content",
                severity_level=1,
                confidence_score=80,
                agent="base_agent",
                rule="content.quantified_strength",
                section=ctx.section_ref(best.offset),
                feedback_text=ctx.say(
                    f"{round(quantified * n)} of {n} bullets quantify results, e.g. this one.",
                    f"{n}件中{round(quantified * n)}件の箇条書きが成果を数値で示しています"
                    "（例：この項目）。",
                ),
                original_text=best.body,
                position_start=best.offset,
                position_end=best.offset + len(best.body),
            )
        )
    for part in (_summary(ctx), _repetition(ctx, checks)):
        subs.append(part[0])
        feedback.extend(part[1])
    return BaseAgentOutput(content_score=weighted(subs), sub_scores=subs, feedback=feedback)
