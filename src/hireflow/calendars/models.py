"""Tables of the calendars domain (see the ``calendars`` revision)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from hireflow.auth import models as _users  # noqa: F401  (FK target: users)
from hireflow.db.base import Base


class CalendarConnection(Base):
    """A recruiter's calendar: provider, settings, encrypted credentials and health."""

    __tablename__ = "calendar_connections"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(20))
    zone: Mapped[str] = mapped_column(String(64), default="UTC")
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    credentials: Mapped[bytes | None] = mapped_column(LargeBinary)
    health: Mapped[str] = mapped_column(String(20), default="ok")
    health_detail: Mapped[str | None] = mapped_column(Text)
    auth_failures: Mapped[int] = mapped_column(Integer, default=0)
    reauth_notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sync_token: Mapped[str | None] = mapped_column(Text)
    synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RemoteEvent(Base):
    """A mirrored event of a sync-token provider (Google), as iCalendar text."""

    __tablename__ = "calendar_remote_events"

    connection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("calendar_connections.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    remote_id: Mapped[str] = mapped_column(Text, primary_key=True)
    ical: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CalendarEvent(Base):
    """An interview's event: its desired state (the outbox row) and what was written."""

    __tablename__ = "calendar_events"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    uid: Mapped[str] = mapped_column(Text)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    connection_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("calendar_connections.id", ondelete="SET NULL")
    )
    remote_ref: Mapped[str | None] = mapped_column(Text)
    written_sequence: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Breaker(Base):
    """A per-provider circuit breaker shared by every worker."""

    __tablename__ = "calendar_breakers"

    breaker_key: Mapped[str] = mapped_column(Text, primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    open_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class OAuthState(Base):
    """A pending OAuth authorization: the PKCE verifier survives the redirect here."""

    __tablename__ = "calendar_oauth_states"

    state_hash: Mapped[str] = mapped_column(Text, primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    verifier: Mapped[bytes] = mapped_column(LargeBinary)
    zone: Mapped[str] = mapped_column(String(64), default="UTC")
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
