"""Set-based interview figures for analytics (invitations created within ``[start, end)``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def interview_figures(
    session: AsyncSession, job_id: uuid.UUID | None, start: datetime, end: datetime
) -> dict[str, int]:
    """Invitations by outcome, bookings, reminders sent."""
    row = (
        await session.execute(
            text(
                """
                SELECT count(*) AS invited,
                       count(*) FILTER (WHERE status IN ('confirmed', 'slot_selection',
                                        'scheduled', 'completed', 'no_show', 'declined'))
                           AS answered,
                       count(*) FILTER (WHERE status = 'invitation_sent') AS open,
                       count(*) FILTER (WHERE status = 'declined') AS declined,
                       count(*) FILTER (WHERE status = 'expired') AS expired,
                       count(*) FILTER (WHERE scheduled_time IS NOT NULL) AS booked,
                       count(*) FILTER (WHERE status = 'completed') AS completed,
                       count(*) FILTER (WHERE status = 'no_show') AS no_show,
                       count(*) FILTER (WHERE reminder_sent_at IS NOT NULL) AS reminded
                  FROM interviews
                 WHERE (CAST(:job AS uuid) IS NULL OR job_id = CAST(:job AS uuid))
                   AND created_at >= :start AND created_at < :end
                """
            ),
            {"job": str(job_id) if job_id else None, "start": start, "end": end},
        )
    ).one()
    return {k: int(v) for k, v in row._mapping.items()}


async def first_interview_by_job(
    session: AsyncSession, job_ids: list[uuid.UUID]
) -> dict[uuid.UUID, datetime]:
    """The first booked interview time of each job."""
    if not job_ids:
        return {}
    rows = await session.execute(
        text(
            "SELECT job_id, min(scheduled_time) FROM interviews "
            "WHERE job_id = ANY(:jobs) AND scheduled_time IS NOT NULL GROUP BY job_id"
        ),
        {"jobs": job_ids},
    )
    return {job_id: first for job_id, first in rows.all()}


async def status_counts(
    session: AsyncSession, job_id: uuid.UUID | None, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    rows = await session.execute(
        text(
            "SELECT status, count(*) AS count FROM interviews "
            "WHERE (CAST(:job AS uuid) IS NULL OR job_id = CAST(:job AS uuid)) "
            "AND created_at >= :start AND created_at < :end GROUP BY status ORDER BY 2 DESC"
        ),
        {"job": str(job_id) if job_id else None, "start": start, "end": end},
    )
    return [dict(r._mapping) for r in rows]
