"""Helpers for driving the agents with pydantic-ai's FunctionModel (no network)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic_ai.messages import ModelMessage, ModelResponse, ToolCallPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from hireflow.ai.industry import load_profiles
from hireflow.ai.offline.engine import prepare, run_offline_agents
from hireflow.ai.schemas import AgentName, ReviewSpec
from hireflow.config import Settings
from hireflow.resumes.document import ParsedResume

Payload = dict[str, Any]


def offline_payloads(resume: ParsedResume, spec: ReviewSpec) -> dict[AgentName, Payload]:
    """What the offline engine says, as the JSON a model would send for each agent."""
    ctx, _ = prepare(resume, spec)
    outputs = run_offline_agents(ctx, load_profiles())
    payloads: dict[AgentName, Payload] = {}
    if outputs.base:
        payloads["base_agent"] = outputs.base.model_dump(mode="json")
    if outputs.structure:
        payloads["structure_agent"] = outputs.structure.model_dump(mode="json")
    if outputs.appeal:
        payloads["appeal_agent"] = outputs.appeal.model_dump(mode="json")
    return payloads


def answering(answers: Callable[[int], Payload], name: str = "fake-llm") -> FunctionModel:
    """A model whose n-th call (0-based) answers with ``answers(n)`` through the output tool."""
    calls = {"n": 0}

    def respond(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        index = calls["n"]
        calls["n"] += 1
        tool = info.output_tools[0].name
        return ModelResponse(parts=[ToolCallPart(tool_name=tool, args=answers(index))])

    model = FunctionModel(respond, model_name=name)
    model.calls = calls  # type: ignore[attr-defined]
    return model


def model_settings(**changes: Any) -> Settings:
    base: dict[str, Any] = dict(
        ai_provider="openai-compatible",
        ai_model="fake-llm",
        ai_base_url="http://127.0.0.1:9/v1",
        ai_timeout_seconds=5.0,
        ai_max_retries=0,
        ai_output_retries=1,
    )
    base.update(changes)
    return Settings(_env_file=None, **base)  # type: ignore[call-arg]
