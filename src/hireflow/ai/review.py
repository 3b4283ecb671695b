"""Entry points: ``review_resume`` (model providers with offline fallback) and
``review_offline`` (the deterministic engine only)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any

import httpx
from pydantic_ai.exceptions import AgentRunError, UserError
from pydantic_ai.models import Model

from hireflow.ai.agents import AnyAgentOutput, model_label_of, run_agent
from hireflow.ai.industry import DEFAULT_PROFILES_DIR, load_profiles
from hireflow.ai.offline.context import ReviewContext
from hireflow.ai.offline.engine import (
    AGENTS_FOR,
    OFFLINE_MODEL,
    AgentOutputs,
    combine,
    prepare,
    review_offline,
    run_offline_agents,
)
from hireflow.ai.prompts import PromptLanguage, PromptSet
from hireflow.ai.providers import AIProviderError, build_model, model_label, model_settings
from hireflow.ai.schemas import (
    AgentName,
    AgentUsage,
    AppealAgentOutput,
    BaseAgentOutput,
    ReviewOutcome,
    ReviewSpec,
    StructureAgentOutput,
)
from hireflow.ai.validation import validate_output
from hireflow.config import Settings
from hireflow.resumes.document import ParsedResume

__all__ = ["review_offline", "review_resume"]

# Failures that mean "this provider cannot give us a review now".
PROVIDER_FAILURES: tuple[type[BaseException], ...] = (
    AgentRunError,
    UserError,
    httpx.HTTPError,
    TimeoutError,
    OSError,
)


def prompt_variables(ctx: ReviewContext) -> dict[str, Any]:
    spec = ctx.spec
    return {
        "target_role": spec.target_role,
        "target_industry": spec.target_industry,
        "experience_level": spec.experience_level,
        "review_type": spec.review_type,
        "language": ctx.output_language,
        "resume_text": ctx.resume.document.text,
        "sections": [
            {
                "order": s.order,
                "type": s.section_type,
                "title": s.title,
                "start": s.start,
                "end": s.end,
            }
            for s in ctx.resume.sections
        ],
    }


async def _run_models(
    ctx: ReviewContext,
    agents: tuple[AgentName, ...],
    models: Mapping[AgentName, Model],
    labels: Mapping[AgentName, str],
    prompts: PromptSet,
    settings: Settings,
) -> tuple[dict[AgentName, AnyAgentOutput], list[AgentUsage]]:
    language: PromptLanguage = "ja" if ctx.output_language == "ja" else "en"
    variables = prompt_variables(ctx)
    per_agent_budget = (
        settings.ai_timeout_seconds
        * (settings.ai_output_retries + 1)
        * (settings.ai_max_retries + 1)
    )

    async def one(agent: AgentName) -> tuple[AnyAgentOutput, AgentUsage]:
        rendered = prompts.for_agent(agent, language).render(variables)
        async with asyncio.timeout(per_agent_budget):
            return await run_agent(
                agent,
                models[agent],
                rendered,
                output_mode=settings.ai_output_mode,
                output_retries=settings.ai_output_retries,
                settings=model_settings(settings),
                label=labels[agent],
            )

    results = await asyncio.gather(*(one(agent) for agent in agents), return_exceptions=True)
    outputs: dict[AgentName, AnyAgentOutput] = {}
    usage: list[AgentUsage] = []
    failures: list[str] = []
    for agent, result in zip(agents, results, strict=True):
        if isinstance(result, BaseException):
            if not isinstance(result, PROVIDER_FAILURES):
                raise result
            failures.append(f"{agent}: {type(result).__name__}: {str(result)[:300]}")
            continue
        outputs[agent] = result[0]
        usage.append(result[1])
    if failures:
        raise _ModelReviewFailedError("; ".join(failures), usage)
    return outputs, usage


class _ModelReviewFailedError(Exception):
    def __init__(self, reason: str, usage: list[AgentUsage]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.usage = usage


def _models_used(agents: tuple[AgentName, ...], labels: Mapping[AgentName, str]) -> str:
    """One label when every agent used the same model, else all of them joined by '+'."""
    unique = list(dict.fromkeys(labels[agent] for agent in agents))
    return (unique[0] if len(unique) == 1 else "+".join(unique))[:100]


async def review_resume(
    resume: ParsedResume,
    request: ReviewSpec,
    settings: Settings,
    *,
    prompts: PromptSet | None = None,
    models: Mapping[AgentName, Model] | None = None,
) -> ReviewOutcome:
    """Review a resume with the configured provider, falling back to the offline engine.

    ``models`` overrides the models built from settings (one per agent the review type runs).
    With ``ai_provider="offline"`` and no ``models`` this is the offline engine. When a
    provider fails (timeout, HTTP error, output that stays invalid after retries) the
    offline review is returned with ``fallback_reason`` set, or ``AIProviderError`` is raised
    when ``ai_fallback_to_offline`` is off. Usage records of agents that did answer are kept.
    """
    profiles_dir = settings.ai_profiles_dir or DEFAULT_PROFILES_DIR
    if settings.ai_provider == "offline" and models is None:
        return review_offline(resume, request, profiles_dir=profiles_dir)
    started = time.perf_counter()
    library = load_profiles(profiles_dir)
    ctx, report = prepare(resume, request)
    agents = AGENTS_FOR[request.review_type]
    offline_outputs = run_offline_agents(ctx, library)
    try:
        if models is not None:
            chosen = dict(models)
            labels = {a: model_label_of(chosen[a]) for a in agents}
        else:
            chosen = {a: build_model(settings, a) for a in agents}
            labels = {a: model_label(settings, a) for a in agents}
        raw, usage = await _run_models(
            ctx, agents, chosen, labels, prompts or PromptSet.default(), settings
        )
    except _ModelReviewFailedError as failure:
        return _fallback(
            ctx, report, offline_outputs, library, settings, started, failure.reason, failure.usage
        )
    except PROVIDER_FAILURES as exc:
        return _fallback(
            ctx,
            report,
            offline_outputs,
            library,
            settings,
            started,
            f"{type(exc).__name__}: {str(exc)[:300]}",
            [],
        )
    notes: list[str] = []
    outputs = AgentOutputs(timings_ms={u.agent_name: float(u.processing_time_ms) for u in usage})
    for agent, output in raw.items():
        if isinstance(output, BaseAgentOutput):
            outputs.base = validate_output(output, agent, resume, notes)
        elif isinstance(output, StructureAgentOutput):
            outputs.structure = validate_output(output, agent, resume, notes)
        elif isinstance(output, AppealAgentOutput):
            outputs.appeal = validate_output(output, agent, resume, notes)
    caps: dict[str, int] | None = None
    if report.injection_detected:
        offline = combine(
            ctx, report, offline_outputs, library, model_used=OFFLINE_MODEL, started=started
        )
        caps = {
            k: v
            for k, v in (
                ("overall", offline.overall_score),
                ("content", offline.content_score),
                ("formatting", offline.formatting_score),
                ("ats", offline.ats_score),
                ("appeal", offline.detailed_scores.get("appeal", {}).get("score")),
            )
            if isinstance(v, int)
        }
    return combine(
        ctx,
        report,
        outputs,
        library,
        model_used=_models_used(agents, labels),
        started=started,
        usage=usage,
        validation_notes=notes,
        score_caps=caps,
    )


def _fallback(
    ctx: ReviewContext,
    report: Any,
    offline_outputs: AgentOutputs,
    library: Any,
    settings: Settings,
    started: float,
    reason: str,
    usage: list[AgentUsage],
) -> ReviewOutcome:
    if not settings.ai_fallback_to_offline:
        raise AIProviderError(f"The AI provider failed: {reason}", details={"reason": reason})
    return combine(
        ctx,
        report,
        offline_outputs,
        library,
        model_used=OFFLINE_MODEL,
        started=started,
        usage=usage,
        fallback_reason=reason,
    )
