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
_SUB_JA = {
    "action_verbs": "行動を示す書き出し",
    "quantified_impact": "数値で示した成果",
    "bullet_length": "箇条書きの長さ",
    "weak_phrases": "弱い表現の少なさ",
    "summary": "職務要約",
    "repetition": "表現の多様さ",
    "section_completeness": "セクションの充足",
    "section_order": "セクションの順序",
    "dates": "日付と空白期間",
    "length_and_density": "分量と密度",
    "bullet_layout": "箇条書きの体裁",
    "layout_hazards": "レイアウト",
    "standard_headings": "見出し",
    "contact_details": "連絡先",
    "parseable_dates": "日付の読み取り",
    "skill_coverage": "スキルの網羅",
    "industry_appeal_points": "業界のアピールポイント",
    "seniority_signals": "レベル相応の実績",
    "years_fit": "経験年数",
    "role_alignment": "職種との一致",
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
        (f for f in feedback if f.severity_level >= 3 and not f.rule.startswith("guard.")), None
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
            strong_note = (
                f"、特に{_SUB_JA.get(strong_sub.name, strong_sub.name)}{strong_sub.score}点"
                if strong_sub
                else ""
            )
            weak_note = (
                f"、特に{_SUB_JA.get(weak_sub.name, weak_sub.name)}{weak_sub.score}点"
                if weak_sub
                else ""
            )
            out.append(
                f"強みは{_LABEL_JA[strongest_key]}（{strongest_score}点{strong_note}）、"
                f"課題は{_LABEL_JA[weakest_key]}（{weakest_score}点{weak_note}）です。"
            )
        if missing:
            out.append(f"経験があれば{'、'.join(missing)}を明記してください。")
        elif top_fix:
            label = _SUB_JA.get(weak_sub.name, "") if weak_sub else ""
            out.append(f"まず{label or '指摘事項'}を改善してください。")
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
        out.append(f"If you have them, add {', '.join(missing)} and show each in a bullet.")
    elif top_fix:
        out.append(f"First fix: {top_fix.feedback_text}")
    if injection:
        out.append(
            "The file contains hidden text or instructions aimed at AI reviewers; they "
            "were ignored and lowered the score."
        )
    return " ".join(out[:4])
