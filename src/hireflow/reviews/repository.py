"""Every query of the reviews domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.reviews.models import FeedbackItemRow, ReviewRequest, ReviewResult


async def request_by_id(
    session: AsyncSession, request_id: uuid.UUID, *, for_update: bool = False
) -> ReviewRequest | None:
    query = select(ReviewRequest).where(ReviewRequest.id == request_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def requests_of(
    session: AsyncSession, resume_id: uuid.UUID
) -> list[tuple[ReviewRequest, int | None]]:
    """A resume's review requests, newest first, with the overall score of each result."""
    rows = await session.execute(
        select(ReviewRequest, ReviewResult.overall_score)
        .outerjoin(ReviewResult, ReviewResult.review_request_id == ReviewRequest.id)
        .where(ReviewRequest.resume_id == resume_id)
        .order_by(ReviewRequest.requested_at.desc(), ReviewRequest.id)
    )
    return [(r[0], r[1]) for r in rows]


async def latest_completed_of(session: AsyncSession, resume_id: uuid.UUID) -> ReviewRequest | None:
    return await session.scalar(
        select(ReviewRequest)
        .where(ReviewRequest.resume_id == resume_id, ReviewRequest.status == "completed")
        .order_by(ReviewRequest.completed_at.desc().nulls_last(), ReviewRequest.requested_at.desc())
        .limit(1)
    )


async def result_of(session: AsyncSession, request_id: uuid.UUID) -> ReviewResult | None:
    return await session.scalar(
        select(ReviewResult)
        .where(ReviewResult.review_request_id == request_id)
        .order_by(ReviewResult.created_at.desc())
        .limit(1)
    )


async def items_of(session: AsyncSession, result_id: uuid.UUID) -> list[FeedbackItemRow]:
    return list(
        await session.scalars(
            select(FeedbackItemRow)
            .where(FeedbackItemRow.review_result_id == result_id)
            .order_by(
                FeedbackItemRow.position_start.nulls_last(),
                FeedbackItemRow.severity_level.desc(),
                FeedbackItemRow.id,
            )
        )
    )


async def item_by_id(
    session: AsyncSession, item_id: uuid.UUID, *, for_update: bool = False
) -> FeedbackItemRow | None:
    query = select(FeedbackItemRow).where(FeedbackItemRow.id == item_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def insert_items(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(FeedbackItemRow), list(rows))


async def request_ids_of_resumes(
    session: AsyncSession, resume_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    if not resume_ids:
        return []
    rows = await session.scalars(
        select(ReviewRequest.id).where(ReviewRequest.resume_id.in_(list(resume_ids)))
    )
    return list(rows)


async def rows_of(session: AsyncSession, table: Any, column: Any, ids: Sequence[Any]) -> list[Any]:
    """Every column of ``table``'s rows whose ``column`` is in ``ids`` (one query)."""
    if not ids:
        return []
    result = await session.execute(
        select(*table.__table__.columns).where(column.in_(list(ids))).order_by(table.id)
    )
    return [dict(row._mapping) for row in result]
