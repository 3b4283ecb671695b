"""Model providers from settings: OpenAI, Anthropic, or any OpenAI-compatible server
(Ollama, vLLM, llama.cpp), with a per-agent model override."""

from __future__ import annotations

from pydantic_ai.models import Model
from pydantic_ai.models.anthropic import AnthropicModel
from pydantic_ai.models.openai import OpenAIChatModel
from pydantic_ai.providers.anthropic import AnthropicProvider
from pydantic_ai.providers.openai import OpenAIProvider
from pydantic_ai.settings import ModelSettings

from hireflow.ai.schemas import AgentName
from hireflow.config import Settings
from hireflow.kit.errors import HireflowError


class AIConfigurationError(HireflowError):
    status_code = 500
    code = "ai_configuration"


class AIProviderError(HireflowError):
    """The model provider failed and falling back to the offline engine is turned off."""

    status_code = 503
    code = "ai_provider_unavailable"


def model_name_for(settings: Settings, agent: AgentName) -> str:
    override = getattr(settings, f"ai_model_{agent}")
    name = override or settings.ai_model
    if not name:
        raise AIConfigurationError(
            f"HIREFLOW_AI_MODEL (or HIREFLOW_AI_MODEL_{agent.upper()}) must be set when "
            f"HIREFLOW_AI_PROVIDER is {settings.ai_provider!r}."
        )
    return str(name)


def model_label(settings: Settings, agent: AgentName) -> str:
    return f"{settings.ai_provider}:{model_name_for(settings, agent)}"


def model_settings(settings: Settings) -> ModelSettings:
    """Per-request timeout, SDK retries for transient HTTP failures, deterministic sampling."""
    return ModelSettings(
        timeout=settings.ai_timeout_seconds,
        request_timeout=settings.ai_timeout_seconds * (settings.ai_max_retries + 1),
        max_retries=settings.ai_max_retries,
        temperature=settings.ai_temperature,
    )


def build_model(settings: Settings, agent: AgentName) -> Model:
    """The pydantic-ai model an agent talks to, as configured."""
    name = model_name_for(settings, agent)
    key = settings.ai_api_key.get_secret_value() if settings.ai_api_key else None
    provider = settings.ai_provider
    if provider == "openai":
        if not key:
            raise AIConfigurationError("HIREFLOW_AI_API_KEY is required for the OpenAI provider.")
        return OpenAIChatModel(
            name, provider=OpenAIProvider(api_key=key, base_url=settings.ai_base_url)
        )
    if provider == "openai-compatible":
        if not settings.ai_base_url:
            raise AIConfigurationError(
                "HIREFLOW_AI_BASE_URL is required for an OpenAI-compatible provider "
                "(e.g. http://localhost:11434/v1 for Ollama)."
            )
        return OpenAIChatModel(
            name, provider=OpenAIProvider(base_url=settings.ai_base_url, api_key=key or "none")
        )
    if provider == "anthropic":
        if not key:
            raise AIConfigurationError(
                "HIREFLOW_AI_API_KEY is required for the Anthropic provider."
            )
        return AnthropicModel(
            name, provider=AnthropicProvider(api_key=key, base_url=settings.ai_base_url)
        )
    raise AIConfigurationError(f"No model provider for ai_provider={provider!r}.")
