"""The real pydantic-ai OpenAI client, built from settings, against a loopback server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from hireflow.ai import AIConfigurationError, AIProviderError, review_offline, review_resume
from hireflow.ai.providers import build_model
from hireflow.resumes.document import ParsedResume
from tests.ai.model_support import model_settings, offline_payloads
from tests.ai.openai_server import FakeOpenAI, fake_openai_server
from tests.ai.samples import PAIRS

CASE = PAIRS[1]


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as fake:
        yield fake


@pytest.fixture
def resume(server: FakeOpenAI) -> ParsedResume:
    resume = CASE.weak.build()
    server.payloads = offline_payloads(resume, CASE.spec)
    server.payloads["base_agent"]["content_score"] = 61
    server.requests.clear()
    return resume


async def test_tool_call_answers(server: FakeOpenAI, resume) -> None:
    settings = model_settings(ai_base_url=server.base_url, ai_model="tool-ok")
    outcome = await review_resume(resume, CASE.spec, settings)
    assert outcome.fallback_reason is None
    assert outcome.content_score == 61
    assert outcome.ai_model_used == "openai-compatible:tool-ok"
    assert len(server.requests) == 3
    for request in server.requests:
        assert request["messages"][0]["role"] == "system"
        assert "untrusted data" in request["messages"][0]["content"]
        user = request["messages"][-1]["content"]
        assert "<resume>" in user and "Financial Analyst" in user
        assert request["tools"][0]["function"]["name"] == "submit_review"
        assert request["temperature"] == 0.0
    for usage in outcome.agent_usage:
        assert (usage.input_tokens, usage.output_tokens, usage.tokens_used) == (123, 45, 168)
        assert usage.model == "openai-compatible:tool-ok"


@pytest.mark.parametrize("mode", ["prompted", "native"])
async def test_json_answers(server: FakeOpenAI, resume: ParsedResume, mode: str) -> None:
    settings = model_settings(ai_base_url=server.base_url, ai_model="json-ok", ai_output_mode=mode)
    outcome = await review_resume(resume, CASE.spec, settings)
    assert outcome.fallback_reason is None and outcome.content_score == 61
    assert all(not r.get("tools") for r in server.requests)
    if mode == "native":
        assert server.requests[0]["response_format"]["type"] == "json_schema"


async def test_per_agent_model_override(server: FakeOpenAI, resume) -> None:
    settings = model_settings(
        ai_base_url=server.base_url, ai_model="tool-ok", ai_model_appeal_agent="tool-ok-large"
    )
    outcome = await review_resume(resume, CASE.spec, settings)
    assert len(server.requests_for("tool-ok-large")) == 1
    assert len(server.requests_for("tool-ok")) == 2
    assert outcome.ai_model_used == "openai-compatible:tool-ok+openai-compatible:tool-ok-large"
    assert {u.agent_name: u.model for u in outcome.agent_usage}[
        "appeal_agent"
    ] == "openai-compatible:tool-ok-large"


async def test_slow_answer_beyond_timeout_falls_back(server: FakeOpenAI, resume) -> None:
    server.slow_seconds = 2.0
    settings = model_settings(
        ai_base_url=server.base_url, ai_model="slow", ai_timeout_seconds=0.4, ai_max_retries=0
    )
    started = time.perf_counter()
    outcome = await review_resume(resume, CASE.spec, settings)
    assert time.perf_counter() - started < 2.0
    assert outcome.ai_model_used == "offline-engine-v1"
    assert outcome.fallback_reason and "Timeout" in outcome.fallback_reason
    offline = review_offline(resume, CASE.spec)
    assert outcome.overall_score == offline.overall_score


async def test_malformed_output_is_retried_then_falls_back(server: FakeOpenAI, resume) -> None:
    settings = model_settings(
        ai_base_url=server.base_url, ai_model="malformed", ai_output_retries=2
    )
    outcome = await review_resume(resume, CASE.spec, settings)
    assert outcome.fallback_reason and "UnexpectedModelBehavior" in outcome.fallback_reason
    assert len(server.requests) == 3 * 3  # three agents, each asked 1 + 2 times
    assert outcome.ai_model_used == "offline-engine-v1"


async def test_server_error_falls_back_or_raises(server: FakeOpenAI, resume) -> None:
    settings = model_settings(ai_base_url=server.base_url, ai_model="error-500", ai_max_retries=1)
    outcome = await review_resume(resume, CASE.spec, settings)
    assert outcome.fallback_reason and "500" in outcome.fallback_reason
    assert len(server.requests) == 3 * 2  # the SDK retried each request once
    strict = settings.model_copy(update={"ai_fallback_to_offline": False, "ai_max_retries": 0})
    with pytest.raises(AIProviderError, match="500"):
        await review_resume(resume, CASE.spec, strict)


async def test_openai_provider_with_key_and_base_url(server: FakeOpenAI, resume) -> None:
    settings = model_settings(
        ai_provider="openai", ai_base_url=server.base_url, ai_model="tool-ok", ai_api_key="sk-test"
    )
    outcome = await review_resume(resume, CASE.spec, settings)
    assert outcome.fallback_reason is None and outcome.ai_model_used == "openai:tool-ok"


def test_provider_configuration_errors() -> None:
    with pytest.raises(AIConfigurationError, match="API_KEY"):
        build_model(model_settings(ai_provider="openai", ai_api_key=None), "base_agent")
    with pytest.raises(AIConfigurationError, match="BASE_URL"):
        build_model(model_settings(ai_base_url=None), "base_agent")
    with pytest.raises(AIConfigurationError, match="AI_MODEL"):
        build_model(model_settings(ai_model=None), "base_agent")
    with pytest.raises(AIConfigurationError, match="API_KEY"):
        build_model(model_settings(ai_provider="anthropic", ai_model="claude-x"), "base_agent")
    anthropic = build_model(
        model_settings(
            ai_provider="anthropic",
            ai_model="claude-x",
            ai_model_structure_agent="claude-y",
            ai_api_key="k",
        ),
        "structure_agent",
    )
    assert anthropic.model_name == "claude-y" and anthropic.system == "anthropic"


async def test_configuration_error_is_raised_not_hidden_by_fallback() -> None:
    resume = CASE.strong.build()
    with pytest.raises(AIConfigurationError):
        await review_resume(resume, CASE.spec, model_settings(ai_model=None))


async def test_anthropic_provider_against_the_messages_api(
    server: FakeOpenAI, resume: ParsedResume
) -> None:
    base_url = server.base_url.removesuffix("/v1")
    settings = model_settings(
        ai_provider="anthropic",
        ai_base_url=base_url,
        ai_model="claude-test",
        ai_api_key="sk-ant-test",
    )
    outcome = await review_resume(resume, CASE.spec, settings)
    assert outcome.fallback_reason is None, outcome.fallback_reason
    assert outcome.content_score == 61
    assert outcome.ai_model_used == "anthropic:claude-test"
    request = server.requests_for("claude-test")[0]
    assert "untrusted data" in json.dumps(request["system"])
    assert {(u.input_tokens, u.output_tokens) for u in outcome.agent_usage} == {(200, 50)}
