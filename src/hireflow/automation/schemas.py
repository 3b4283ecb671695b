"""Response and request models of the automation log and the feature flags."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from hireflow.automation.service import flag_available


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
    available: bool = True

    @model_validator(mode="after")
    def _not_on_when_missing(self) -> FeatureFlagOut:
        """A flag of a feature this version lacks is reported unavailable, never on."""
        if not flag_available(self.flag_name):
            self.available, self.is_enabled = False, False
        return self


class FeatureFlagIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    is_enabled: bool
