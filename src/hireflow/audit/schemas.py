"""Response models of the activity log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class ActivityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID | None
    entity_type: str
    entity_id: uuid.UUID
    action: str
    old_values: dict[str, Any] | None
    new_values: dict[str, Any] | None
    ip_address: Any | None
    user_agent: str | None
    created_at: datetime
