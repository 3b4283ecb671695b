"""Response and request models of the automation log and the feature flags."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AutomationLogOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    job_id: uuid.UUID | None
    application_id: uuid.UUID | None
    action_type: str
    trigger_source: str
    actor_user_id: uuid.UUID | None
    details: dict[str, Any]
    created_at: datetime


class FeatureFlagOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    flag_name: str
    is_enabled: bool
    description: str | None


class FeatureFlagIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    is_enabled: bool
