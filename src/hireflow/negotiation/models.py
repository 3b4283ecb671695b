"""The ``negotiation_sessions`` table (created by the ``orchestrator`` revision).

Status values are the seed's: ``active``, ``resolved`` (agreed on a slot or booked by a
recruiter), ``escalated``, ``abandoned``. The escalation reason and every proposal live in
the transcript entries (``conversation``), so no column was added.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from hireflow.db.base import Base


class NegotiationSession(Base):
    __tablename__ = "negotiation_sessions"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    # FK to interviews(id) in the schema; the interviews model belongs to its own domain.
    interview_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    status: Mapped[str] = mapped_column(String(20), default="active")
    round_count: Mapped[int] = mapped_column(Integer, default=0)
    conversation: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
