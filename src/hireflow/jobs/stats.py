"""Set-based figures of jobs and applications for analytics (one query per figure).

Every query runs under the caller's row-level security; ``job_id`` None means every job the
caller sees. Applications count when they were received within ``[start, end)``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_SCOPE = "(CAST(:job AS uuid) IS NULL OR a.job_id = CAST(:job AS uuid))"
_RANGE = "a.applied_at >= :start AND a.applied_at < :end"


def _params(job_id: uuid.UUID | None, start: datetime, end: datetime) -> dict[str, Any]:
    return {"job": str(job_id) if job_id else None, "start": start, "end": end}


async def funnel(
    session: AsyncSession, job_id: uuid.UUID | None, start: datetime, end: datetime
) -> dict[str, int]:
    """Applications by stage: received, scored, shortlisted (ever: shortlisted now, or
    dropped out after being invited), buffer, rejected, withdrawn."""
    row = (
        await session.execute(
            text(
                f"""
                SELECT count(*) AS received,
                       count(*) FILTER (WHERE a.fit_score IS NOT NULL) AS scored,
                       count(*) FILTER (WHERE a.shortlist_status = 'shortlisted'
                                         OR a.dropout_reason IS NOT NULL) AS shortlisted,
                       count(*) FILTER (WHERE a.shortlist_status = 'buffer') AS buffer,
                       count(*) FILTER (WHERE a.shortlist_status = 'rejected') AS rejected,
                       count(*) FILTER (WHERE a.shortlist_status = 'withdrawn') AS withdrawn
                  FROM applications a WHERE {_SCOPE} AND {_RANGE}
                """
            ),
            _params(job_id, start, end),
        )
    ).one()
    return {k: int(v) for k, v in row._mapping.items()}


async def sources(
    session: AsyncSession, job_id: uuid.UUID | None, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Per source: applications, how many reached the shortlist, the mean fit score."""
    rows = await session.execute(
        text(
            f"""
            SELECT a.source, count(*) AS applications,
                   count(*) FILTER (WHERE a.shortlist_status = 'shortlisted'
                                     OR a.dropout_reason IS NOT NULL) AS shortlisted,
                   round(avg(a.fit_score), 1) AS mean_fit
              FROM applications a WHERE {_SCOPE} AND {_RANGE}
             GROUP BY a.source ORDER BY applications DESC, a.source
            """
        ),
        _params(job_id, start, end),
    )
    return [dict(r._mapping) for r in rows]


async def fit_histogram(
    session: AsyncSession, job_id: uuid.UUID | None, start: datetime, end: datetime
) -> list[int]:
    """Fit scores in ten buckets of ten points (0–9, …, 90–100)."""
    rows = await session.execute(
        text(
            f"""
            SELECT least(floor(a.fit_score / 10), 9)::int AS bucket, count(*)
              FROM applications a
             WHERE {_SCOPE} AND {_RANGE} AND a.fit_score IS NOT NULL
             GROUP BY 1
            """
        ),
        _params(job_id, start, end),
    )
    buckets = [0] * 10
    for bucket, count in rows.all():
        buckets[int(bucket)] = int(count)
    return buckets


async def jobs_overview(
    session: AsyncSession, job_id: uuid.UUID | None, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Per job: status, openings, buffer target and fill, when applications closed, and the
    mean hours from application to shortlisting."""
    rows = await session.execute(
        text(
            """
            SELECT j.id, j.title, j.status, j.applications_closed, j.applications_closed_at,
                   j.number_of_openings, j.shortlisting_buffer,
                   count(a.id) FILTER (WHERE a.shortlist_status = 'shortlisted') AS shortlisted,
                   count(a.id) FILTER (WHERE a.shortlist_status = 'buffer') AS buffer,
                   round((avg(extract(epoch FROM j.shortlisted_at - a.applied_at))
                          FILTER (WHERE j.shortlisted_at IS NOT NULL) / 3600)::numeric, 1)
                       AS hours_to_shortlist
              FROM jobs j
              LEFT JOIN applications a ON a.job_id = j.id
                   AND a.applied_at >= :start AND a.applied_at < :end
             WHERE CAST(:job AS uuid) IS NULL OR j.id = CAST(:job AS uuid)
             GROUP BY j.id ORDER BY j.created_at DESC
            """
        ),
        _params(job_id, start, end),
    )
    return [dict(r._mapping) for r in rows]
