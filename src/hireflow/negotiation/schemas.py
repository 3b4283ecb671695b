"""What the negotiation service returns to other domains and views."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

NegotiationStatus = Literal["active", "resolved", "escalated", "abandoned"]


class NegotiationSummary(BaseModel):
    id: uuid.UUID
    interview_id: uuid.UUID
    status: NegotiationStatus
    rounds: int
    escalated_at: datetime | None
    escalation_reason: str | None
    transcript: list[dict[str, Any]]
