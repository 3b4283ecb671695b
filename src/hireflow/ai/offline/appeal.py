"""Offline appeal agent: competitiveness for the target role and industry.

Skills and keywords are matched on the visible text only (hidden text and injected
sentences are not part of it), so stuffing cannot raise coverage.
"""

from __future__ import annotations

from hireflow.ai.industry import IndustryProfile, ProfileLibrary
from hireflow.ai.offline.context import ReviewContext
from hireflow.ai.offline.scoring import clamp, weighted
from hireflow.ai.schemas import AppealAgentOutput, Evidence, FeedbackItem, SkillMatch, SubScore

_SIGNALS_EXPECTED = {"entry": 2, "mid": 3, "senior": 4, "executive": 4}
_LEVEL_EXAMPLE = {
    "entry": "• Built [project] with [tools] as part of [course/internship], used by [N] people",
    "mid": "• Owned [feature/process] end to end, cutting [time/cost] by [metric]",
    "senior": "• Led a team of [N] to deliver [initiative], growing [metric] by [X%]; "
    "mentored [N] engineers",
    "executive": "• Ran a [¥/$ N] P&L and an organisation of [N]; drove [transformation] "
    "lifting revenue [X%]",
}


def _skills(
    ctx: ReviewContext,
    profile: IndustryProfile,
) -> tuple[SubScore, list[SkillMatch], list[str], list[FeedbackItem]]:
    wanted, family = profile.target_skills(ctx.spec.target_role)
    text, lower = ctx.visible_text, ctx.visible_lower
    matched: list[SkillMatch] = []
    missing: list[str] = []
    for name in wanted:
        span = profile.skills[name].matcher.find(text, lower)
        if span is None:
            missing.append(name)
            continue
        matched.append(
            SkillMatch(
                skill=name, evidence=[ctx.evidence(text[span[0] : span[1]], span[0], span[1])]
            )
        )
    items: list[FeedbackItem] = []
    target = ctx.spec.target_role or profile.name_en
    if matched:
        items.append(
            FeedbackItem(
                feedback_type="strength",
                category="keywords",
                severity_level=1,
                confidence_score=80,
                agent="appeal_agent",
                rule="appeal.skills_matched",
                feedback_text=ctx.say(
                    f"Shows {len(matched)} of {len(wanted)} skills a {target} role asks "
                    f"for: {', '.join(m.skill for m in matched)}.",
                    f"{target}に求められるスキル{len(wanted)}件中{len(matched)}件を示せています："
                    f"{'、'.join(m.skill for m in matched)}。",
                ),
            )
        )
    if missing:
        skills_sections = ctx.resume.sections_of("skills")
        original = None
        start = end = None
        if skills_sections:
            section = skills_sections[-1]
            lines = [
                ln
                for ln in ctx.lines
                if section.start <= ln.start < section.end
                and ln.text != (section.title or "").strip()
            ]
            if lines:
                original, start, end = lines[-1].text, lines[-1].start, lines[-1].end
        addition = ", ".join(missing[:4])
        items.append(
            FeedbackItem(
                feedback_type="weakness",
                category="keywords",
                severity_level=4 if len(missing) > len(wanted) / 2 else 3,
                confidence_score=75,
                agent="appeal_agent",
                rule="appeal.skills_missing",
                section=ctx.section_ref(start),
                feedback_text=ctx.say(
                    f"Missing keywords for {target}: {', '.join(missing)}. Add the ones "
                    "you have, in the Skills section and in a bullet that shows them used.",
                    f"{target}向けのキーワードが不足しています：{'、'.join(missing)}。経験のある"
                    "ものはスキル欄と、実際に使った実績の箇条書きの両方に記載してください。",
                ),
                original_text=original,
                suggested_text=f"{original.rstrip('.')}, {addition}"
                if original
                else f"Skills: {addition}",
                position_start=start,
                position_end=end,
            )
        )
    share = len(matched) / len(wanted) if wanted else 0.0
    role = f" ({family.titles[0]})" if family else ""
    return (
        SubScore(
            name="skill_coverage",
            score=clamp(100 * share),
            weight=0.40,
            rationale=f"{len(matched)}/{len(wanted)} target skills{role} found",
            evidence=[e for m in matched for e in m.evidence],
        ),
        matched,
        missing,
        items,
    )


def _appeal_points(
    ctx: ReviewContext, profile: IndustryProfile
) -> tuple[SubScore, list[FeedbackItem]]:
    found: list[Evidence] = []
    items: list[FeedbackItem] = []
    ja = ctx.output_language == "ja"
    for point in profile.appeal_points:
        span = point.matcher.find(ctx.visible_text, ctx.visible_lower)
        label = point.label_ja if ja else point.label_en
        if span:
            found.append(ctx.evidence(f"{label}: {ctx.visible_text[span[0] : span[1]]}", *span))
        else:
            items.append(
                FeedbackItem(
                    feedback_type="suggestion",
                    category="content",
                    severity_level=2,
                    confidence_score=65,
                    agent="appeal_agent",
                    rule=f"appeal.point.{point.id}",
                    feedback_text=ctx.say(
                        f"{profile.name_en} recruiters look for '{point.label_en}'; no "
                        "bullet shows it yet.",
                        f"{profile.name_ja}の採用担当者は「{point.label_ja}」を重視しますが、"
                        "それを示す記述がまだありません。",
                    ),
                    suggested_text=f"• [Action verb] … showing {point.label_en.lower()}, "
                    "resulting in [metric]"
                    if not ja
                    else f"・{point.label_ja}を示す実績：[取り組み]により[成果: 数値]を達成",
                )
            )
    total = len(profile.appeal_points)
    return SubScore(
        name="industry_appeal_points",
        score=clamp(100 * len(found) / max(1, total)),
        weight=0.20,
        rationale=f"{len(found)}/{total} {profile.name_en} appeal points evidenced",
        evidence=found,
    ), items


def _seniority(ctx: ReviewContext, library: ProfileLibrary) -> tuple[SubScore, list[FeedbackItem]]:
    level = ctx.spec.experience_level
    expectation = library.levels[level]
    found: list[Evidence] = []
    for _word, matcher in expectation.signals:
        span = matcher.find(ctx.visible_text, ctx.visible_lower)
        if span:
            found.append(ctx.evidence(ctx.visible_text[span[0] : span[1]], *span))
    expected = _SIGNALS_EXPECTED[level]
    items: list[FeedbackItem] = []
    if len(found) < expected:
        items.append(
            FeedbackItem(
                feedback_type="improvement",
                category="content",
                severity_level=3,
                confidence_score=65,
                agent="appeal_agent",
                rule="appeal.seniority",
                feedback_text=ctx.say(
                    f"Few {level}-level signals ({len(found)} of {expected} expected), "
                    f"e.g. {', '.join(w for w, _ in expectation.signals[:5])}.",
                    f"{level}レベルにふさわしい実績の記述が少なめです（{expected}件中{len(found)}件）。"
                    "リード・育成・改善などの経験を具体的に書いてください。",
                ),
                suggested_text=_LEVEL_EXAMPLE[level],
            )
        )
    return SubScore(
        name="seniority_signals",
        score=clamp(100 * len(found) / expected),
        weight=0.20,
        rationale=f"{len(found)} {level}-level signals",
        evidence=found[:8],
    ), items


def _years(ctx: ReviewContext, library: ProfileLibrary) -> SubScore:
    level = ctx.spec.experience_level
    low, high = library.levels[level].years
    years = ctx.resume.fields.years_experience
    if years is None:
        return SubScore(
            name="years_fit", score=60, weight=0.10, rationale="years of experience unknown"
        )
    distance = max(0.0, low - years, years - high)
    return SubScore(
        name="years_fit",
        score=clamp(100 - 20 * distance),
        weight=0.10,
        rationale=f"{years:g} years vs {low:g}–{high:g} expected for {level}",
    )


def _role_title(ctx: ReviewContext) -> SubScore:
    role = ctx.spec.target_role
    if not role:
        return SubScore(
            name="role_alignment", score=70, weight=0.10, rationale="no target role given"
        )
    words = [w for w in role.lower().split() if len(w) > 2] or [role.lower()]
    hits = [w for w in words if w in ctx.visible_lower]
    index = ctx.visible_lower.find(hits[0]) if hits else -1
    return SubScore(
        name="role_alignment",
        score=clamp(100 * len(hits) / len(words)),
        weight=0.10,
        rationale=f"{len(hits)}/{len(words)} words of '{role}' appear",
        evidence=[ctx.evidence(hits[0], index, index + len(hits[0]))] if hits else [],
    )


def review_appeal(ctx: ReviewContext, library: ProfileLibrary) -> AppealAgentOutput:
    profile = library.resolve(ctx.spec.target_industry, ctx.spec.target_role)
    skills, matched, missing, feedback = _skills(ctx, profile)
    subs = [skills]
    for part in (_appeal_points(ctx, profile), _seniority(ctx, library)):
        subs.append(part[0])
        feedback.extend(part[1])
    subs.append(_years(ctx, library))
    subs.append(_role_title(ctx))
    return AppealAgentOutput(
        appeal_score=weighted(subs),
        industry=profile.id,
        matched_skills=matched,
        missing_skills=missing,
        sub_scores=subs,
        feedback=feedback,
    )
