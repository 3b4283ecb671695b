"""Request and response models of the prompts API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hireflow.ai.schemas import AgentName

PromptLanguage = Literal["en", "ja"]


class PromptOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    agent_type: str | None
    language: str | None
    version: int
    is_active: bool
    description: str | None
    template: str
    variables: dict[str, Any] | None
    created_by: uuid.UUID | None
    created_at: datetime


class PromptVersionIn(BaseModel):
    """A new version of an agent's template; it becomes active unless ``activate`` is false."""

    agent_type: AgentName
    language: PromptLanguage
    template: str = Field(min_length=1, max_length=100_000)
    description: str | None = Field(default=None, max_length=1000)
    activate: bool = True


class PromptPreviewIn(BaseModel):
    agent_type: AgentName
    language: PromptLanguage
    template: str = Field(min_length=1, max_length=100_000)


class PromptPreviewOut(BaseModel):
    rendered: str
    variables: list[str]


class PromptRollbackIn(BaseModel):
    agent_type: AgentName
    language: PromptLanguage


class PromptUsageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    prompt_id: uuid.UUID
    agent_name: str
    review_request_id: uuid.UUID | None
    prompt_version: int | None
    actual_prompt: str
    variables_used: dict[str, Any]
    agent_response: dict[str, Any] | None
    tokens_used: int | None
    input_tokens: int | None
    output_tokens: int | None
    model: str | None
    processing_time_ms: int | None
    used_at: datetime
