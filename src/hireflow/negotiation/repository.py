"""Every query of the negotiation domain."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.negotiation.models import NegotiationSession


async def open_for_interview(
    session: AsyncSession, interview_id: uuid.UUID, *, lock: bool = False
) -> NegotiationSession | None:
    """The interview's newest session that is still active."""
    query = (
        select(NegotiationSession)
        .where(NegotiationSession.interview_id == interview_id)
        .where(NegotiationSession.status == "active")
        .order_by(NegotiationSession.created_at.desc())
        .limit(1)
    )
    if lock:
        query = query.with_for_update()
    return (await session.scalars(query)).first()


async def latest_for_interview(
    session: AsyncSession, interview_id: uuid.UUID
) -> NegotiationSession | None:
    query = (
        select(NegotiationSession)
        .where(NegotiationSession.interview_id == interview_id)
        .order_by(NegotiationSession.created_at.desc())
        .limit(1)
    )
    return (await session.scalars(query)).first()


async def by_id(
    session: AsyncSession, negotiation_id: uuid.UUID, *, lock: bool = False
) -> NegotiationSession | None:
    query = select(NegotiationSession).where(NegotiationSession.id == negotiation_id)
    if lock:
        query = query.with_for_update()
    return (await session.scalars(query)).first()


async def escalated(session: AsyncSession, *, limit: int = 100) -> list[NegotiationSession]:
    """Escalated sessions the current actor may see (RLS), oldest escalation first."""
    query = (
        select(NegotiationSession)
        .where(NegotiationSession.status == "escalated")
        .order_by(NegotiationSession.escalated_at.asc())
        .limit(limit)
    )
    return list(await session.scalars(query))


def add(session: AsyncSession, record: NegotiationSession) -> None:
    session.add(record)
