"""The executive summary: 2–4 sentences specific to this resume, in English or Japanese."""

from __future__ import annotations

from hireflow.ai.schemas import AppealAgentOutput, FeedbackItem, ReviewSpec, SubScore

_LABEL_EN = {
    "content": "content",
    "formatting": "formatting",
    "ats": "ATS readiness",
    "appeal": "fit for the target",
}
_LABEL_JA = {
    "content": "内容",
    "formatting": "体裁",
    "ats": "ATS対応",
    "appeal": "志望職種への訴求",
}
_LEVEL_JA = {"entry": "新卒・若手", "mid": "中堅", "senior": "シニア", "executive": "経営幹部"}


def _lowest(subs: list[SubScore]) -> SubScore | None:
    return min(subs, key=lambda s: (s.score, -s.weight), default=None)


def _highest(subs: list[SubScore]) -> SubScore | None:
    return max(subs, key=lambda s: (s.score, s.weight), default=None)


def write_summary(
    *,
    spec: ReviewSpec,
    language: str,
    name: str | None,
    industry_name: tuple[str, str],
    overall: int,
    components: dict[str, tuple[int, list[SubScore]]],
    appeal: AppealAgentOutput | None,
    feedback: list[FeedbackItem],
    injection: bool,
) -> str:
    """Overall verdict, strongest and weakest component with their evidence, next step."""
    ranked = sorted(components.items(), key=lambda kv: (kv[1][0], kv[0]))
    weakest_key, (weakest_score, weakest_subs) = ranked[0]
    strongest_key, (strongest_score, strongest_subs) = ranked[-1]
    weak_sub = _lowest(weakest_subs)
    strong_sub = _highest(strongest_subs)
    top_fix = next(
        (f for f in feedback if f.severity >= 3 and not f.rule.startswith("guard.")), None
    )
    missing = appeal.missing_skills[:3] if appeal else []
    if language == "ja":
        who = f"{name}さんの" if name else "この"
        target = spec.target_role or "志望職種"
        out = [
            f"{who}職務経歴書は{target}（{industry_name[1]}・{_LEVEL_JA[spec.experience_level]}）"
            f"向けとして総合{overall}点です。"
        ]
        if len(ranked) > 1:
            out.append(
                f"強みは{_LABEL_JA[strongest_key]}（{strongest_score}点"
                + (f"、{strong_sub.rationale}" if strong_sub else "")
                + "）、"
                f"課題は{_LABEL_JA[weakest_key]}（{weakest_score}点"
                + (f"、{weak_sub.rationale}" if weak_sub else "")
                + "）です。"
            )
        if missing:
            out.append(f"経験があれば{'、'.join(missing)}を明記してください。")
        elif top_fix:
            out.append(f"最優先の改善点：{top_fix.feedback_text}")
        if injection:
            out.append(
                "AI評価者への指示や隠しテキストが含まれており、分析から除外して減点しました。"
            )
        return "".join(out[:4])
    who = f"{name}'s resume" if name else "This resume"
    target = spec.target_role or "the target role"
    out = [
        f"{who} for {target} ({industry_name[0]}, {spec.experience_level} level) scores "
        f"{overall}/100."
    ]
    if len(ranked) > 1:
        out.append(
            f"Strongest is {_LABEL_EN[strongest_key]} ({strongest_score}"
            + (f": {strong_sub.rationale}" if strong_sub else "")
            + "); weakest is "
            f"{_LABEL_EN[weakest_key]} ({weakest_score}"
            + (f": {weak_sub.rationale}" if weak_sub else "")
            + ")."
        )
    elif weak_sub:
        out.append(f"The weakest check is {weak_sub.name.replace('_', ' ')}: {weak_sub.rationale}.")
    if missing:
        out.append(
            f"Add {', '.join(missing)} if you have them, with a bullet that shows each used."
        )
    elif top_fix:
        out.append(f"First fix: {top_fix.feedback_text}")
    if injection:
        out.append(
            "The file contains hidden text or instructions aimed at AI reviewers; they "
            "were ignored and lowered the score."
        )
    return " ".join(out[:4])
