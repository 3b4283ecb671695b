"""Resume review score figures for analytics."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def score_histogram(session: AsyncSession, start: datetime, end: datetime) -> list[int]:
    """Overall review scores in ten buckets of ten points."""
    rows = await session.execute(
        text(
            """
            SELECT least(floor(overall_score / 10.0), 9)::int AS bucket, count(*)
              FROM review_results
             WHERE overall_score IS NOT NULL AND created_at >= :start AND created_at < :end
             GROUP BY 1
            """
        ),
        {"start": start, "end": end},
    )
    buckets = [0] * 10
    for bucket, count in rows.all():
        buckets[int(bucket)] = int(count)
    return buckets
