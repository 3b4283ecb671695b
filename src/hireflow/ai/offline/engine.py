"""The offline review engine: deterministic, explainable, no network.

``review_offline`` runs the agents a review type needs on the visible text (injected
sentences blanked by the guards) and ``combine`` turns agent outputs, from this engine or
from a model, into a ``ReviewOutcome``.

Weights of the overall score (comprehensive): content 0.35, appeal 0.25, formatting 0.20,
ATS 0.20. ``quick_scan`` runs the base agent only (overall = content, at most
``QUICK_SCAN_ITEMS`` feedback items); ``ats_check`` runs the structure agent's ATS part only
(overall = ATS). Each guard finding subtracts ``INJECTION_PENALTY`` points (capped) from
every score, so injected or hidden text can only lower a review.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from hireflow.ai.guards import GuardReport, guard_feedback, scan_resume
from hireflow.ai.industry import DEFAULT_PROFILES_DIR, ProfileLibrary, load_profiles
from hireflow.ai.offline.appeal import review_appeal
from hireflow.ai.offline.content import review_content
from hireflow.ai.offline.context import ReviewContext
from hireflow.ai.offline.scoring import clamp
from hireflow.ai.offline.structure import review_structure
from hireflow.ai.offline.summary import write_summary
from hireflow.ai.schemas import (
    AgentName,
    AgentUsage,
    AppealAgentOutput,
    BaseAgentOutput,
    FeedbackItem,
    ReviewOutcome,
    ReviewSpec,
    ReviewType,
    StructureAgentOutput,
    SubScore,
)
from hireflow.resumes.document import ParsedResume

OFFLINE_MODEL = "offline-engine-v1"
OVERALL_WEIGHTS = {"content": 0.35, "appeal": 0.25, "formatting": 0.20, "ats": 0.20}
INJECTION_PENALTY = 10
INJECTION_PENALTY_CAP = 30
QUICK_SCAN_ITEMS = 8
AGENTS_FOR: dict[ReviewType, tuple[AgentName, ...]] = {
    "comprehensive": ("base_agent", "structure_agent", "appeal_agent"),
    "quick_scan": ("base_agent",),
    "ats_check": ("structure_agent",),
}


@dataclass(slots=True)
class AgentOutputs:
    base: BaseAgentOutput | None = None
    structure: StructureAgentOutput | None = None
    appeal: AppealAgentOutput | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)


def prepare(resume: ParsedResume, spec: ReviewSpec) -> tuple[ReviewContext, GuardReport]:
    report = scan_resume(resume)
    return ReviewContext.build(resume, spec, report.masked_text), report


def run_offline_agents(ctx: ReviewContext, library: ProfileLibrary) -> AgentOutputs:
    outputs = AgentOutputs()
    agents = AGENTS_FOR[ctx.spec.review_type]
    clock = time.perf_counter
    if "base_agent" in agents:
        started = clock()
        limit = QUICK_SCAN_ITEMS if ctx.spec.review_type == "quick_scan" else 14
        outputs.base = review_content(ctx, max_items=limit)
        outputs.timings_ms["base_agent"] = (clock() - started) * 1000
    if "structure_agent" in agents:
        started = clock()
        outputs.structure = review_structure(ctx, library)
        outputs.timings_ms["structure_agent"] = (clock() - started) * 1000
    if "appeal_agent" in agents:
        started = clock()
        outputs.appeal = review_appeal(ctx, library)
        outputs.timings_ms["appeal_agent"] = (clock() - started) * 1000
    return outputs


def _dump(subs: list[SubScore]) -> list[dict[str, object]]:
    return [s.model_dump(mode="json", exclude_none=True) for s in subs]


_PART_NAMES = {"content": "content", "appeal": "appeal", "formatting": "formatting", "ats": "ATS"}


def overall_explanation(
    final: dict[str, int],
    shares: dict[str, float],
    penalty: int,
    overall: int,
    cap: int | None,
) -> str:
    """How the overall score weighs its parts, with the numbers ("Overall 77 = 35% content
    80 + 25% appeal 52 + …"), so an overall below every shown part is never a puzzle."""
    parts = " + ".join(
        f"{round(100 * shares[k])}% {_PART_NAMES.get(k, k)} {final[k]}"
        for k in sorted(shares, key=lambda k: -shares[k])
    )
    text = f"Overall {overall} = {parts}"
    if penalty:
        text += f", minus {penalty} for suspicious hidden or injected text"
    if cap is not None and overall >= cap:
        text += f", capped at {cap}"
    return text + "."


def combine(
    ctx: ReviewContext,
    report: GuardReport,
    outputs: AgentOutputs,
    library: ProfileLibrary,
    *,
    model_used: str,
    started: float,
    usage: list[AgentUsage] | None = None,
    fallback_reason: str | None = None,
    validation_notes: list[str] | None = None,
    score_caps: dict[str, int] | None = None,
) -> ReviewOutcome:
    """Agent outputs → scores with weights, penalties and evidence, summary, feedback.

    ``score_caps`` bounds each score from above (used to keep a model's scores of a resume
    with injected text at or below the offline engine's).
    """
    spec = ctx.spec
    findings = len(report.findings)
    penalty = min(INJECTION_PENALTY_CAP, INJECTION_PENALTY * findings)
    components: dict[str, tuple[int, list[SubScore]]] = {}
    detailed: dict[str, object] = {"review_type": spec.review_type, "engine": model_used}
    feedback: list[FeedbackItem] = guard_feedback(report, ctx.section_ref)
    structure_feedback: list[FeedbackItem] = []
    if outputs.base:
        components["content"] = (outputs.base.content_score, outputs.base.sub_scores)
        feedback.extend(outputs.base.feedback)
    if outputs.structure:
        s = outputs.structure
        if spec.review_type != "ats_check":
            components["formatting"] = (s.formatting_score, s.formatting_sub_scores)
            structure_feedback = s.feedback
        else:
            structure_feedback = [f for f in s.feedback if f.category == "ats"]
        components["ats"] = (s.ats_score, s.ats_sub_scores)
        feedback.extend(structure_feedback)
    if outputs.appeal:
        a = outputs.appeal
        components["appeal"] = (a.appeal_score, a.sub_scores)
        feedback.extend(a.feedback)
        detailed["appeal_detail"] = {
            "industry": a.industry,
            "matched_skills": [
                m.model_dump(mode="json", exclude_none=True) for m in a.matched_skills
            ],
            "missing_skills": a.missing_skills,
        }
    caps = score_caps or {}
    final: dict[str, int] = {}
    for key, (score, subs) in components.items():
        value = clamp(score - penalty)
        if key in caps:
            value = min(value, caps[key])
        final[key] = value
        detailed[key] = {"score": value, "raw_score": score, "sub_scores": _dump(subs)}
    weights = {k: w for k, w in OVERALL_WEIGHTS.items() if k in final}
    raw_overall = sum(final[k] * w for k, w in weights.items()) / sum(weights.values())
    overall = clamp(raw_overall - penalty)
    if "overall" in caps:
        overall = min(overall, caps["overall"])
    shares = {k: w / sum(weights.values()) for k, w in weights.items()}
    detailed["overall"] = {
        "score": overall,
        "weights": {k: round(v, 4) for k, v in shares.items()},
        "explanation": overall_explanation(final, shares, penalty, overall, caps.get("overall")),
    }
    detailed["integrity"] = {
        "findings": [
            {
                "kind": f.kind,
                "matched": f.matched,
                "start": f.start,
                "end": f.end,
                "hidden_kind": f.hidden_kind,
            }
            for f in report.findings
        ],
        "penalty_per_score": penalty,
        "caps": caps,
    }
    feedback.sort(
        key=lambda f: (
            not f.rule.startswith("guard."),
            -f.severity_level,
            f.position_start if f.position_start is not None else 10**9,
        )
    )
    if spec.review_type == "quick_scan":
        feedback = feedback[: QUICK_SCAN_ITEMS + findings]
    profile = library.resolve(spec.target_industry, spec.target_role)
    summary = write_summary(
        spec=spec,
        language=ctx.output_language,
        name=ctx.resume.fields.contact.name,
        industry_name=(profile.name_en, profile.name_ja),
        overall=overall,
        components={k: (final[k], subs) for k, (_, subs) in components.items()},
        appeal=outputs.appeal,
        feedback=feedback,
        injection=report.injection_detected,
    )
    return ReviewOutcome(
        review_type=spec.review_type,
        overall_score=overall,
        ats_score=final.get("ats"),
        content_score=final.get("content"),
        formatting_score=final.get("formatting"),
        executive_summary=summary,
        detailed_scores=detailed,
        feedback=feedback,
        ai_model_used=model_used[:100],
        processing_time_ms=round((time.perf_counter() - started) * 1000),
        agent_usage=usage or [],
        fallback_reason=fallback_reason,
        validation_notes=validation_notes or [],
        injection_detected=report.injection_detected,
        agent_timings_ms={k: round(v, 3) for k, v in outputs.timings_ms.items()},
    )


def review_offline(
    resume: ParsedResume,
    spec: ReviewSpec,
    *,
    profiles_dir: Path | None = None,
    fallback_reason: str | None = None,
) -> ReviewOutcome:
    """Review a resume with the offline engine (same input → identical output, minus timing)."""
    started = time.perf_counter()
    library = load_profiles(profiles_dir or DEFAULT_PROFILES_DIR)
    ctx, report = prepare(resume, spec)
    outputs = run_offline_agents(ctx, library)
    return combine(
        ctx,
        report,
        outputs,
        library,
        model_used=OFFLINE_MODEL,
        started=started,
        fallback_reason=fallback_reason,
    )
