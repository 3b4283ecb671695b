"""Automation log figures for analytics: actions by type and how many failed."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# Entries that record automation that did not do its job (the rest succeeded).
FAILED_ACTIONS = ("interview_not_invited",)


async def actions(
    session: AsyncSession, job_id: uuid.UUID | None, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Automated (auto or scheduled) entries by action type, with the failed ones counted."""
    rows = await session.execute(
        text(
            """
            SELECT action_type, count(*) AS count,
                   count(*) FILTER (WHERE action_type LIKE '%failed%'
                                     OR action_type = ANY(:failed)
                                     OR details ? 'error') AS failed
              FROM automation_logs
             WHERE trigger_source IN ('auto', 'scheduled')
               AND (CAST(:job AS uuid) IS NULL OR job_id = CAST(:job AS uuid))
               AND created_at >= :start AND created_at < :end
             GROUP BY action_type ORDER BY count DESC, action_type
            """
        ),
        {
            "job": str(job_id) if job_id else None,
            "start": start,
            "end": end,
            "failed": list(FAILED_ACTIONS),
        },
    )
    return [dict(r._mapping) for r in rows]
