"""Every query of the prompts domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.prompts.models import PromptRow, PromptUsage


async def prompt_by_id(
    session: AsyncSession, prompt_id: uuid.UUID, *, for_update: bool = False
) -> PromptRow | None:
    query = select(PromptRow).where(PromptRow.id == prompt_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def engine_prompts(
    session: AsyncSession, *, agent: str | None = None, language: str | None = None
) -> list[PromptRow]:
    """Every version of the engine's templates (rows with a language), newest first."""
    query = select(PromptRow).where(PromptRow.language.is_not(None))
    if agent:
        query = query.where(PromptRow.agent_type == agent)
    if language:
        query = query.where(PromptRow.language == language)
    return list(
        await session.scalars(
            query.order_by(PromptRow.agent_type, PromptRow.language, PromptRow.version.desc())
        )
    )


async def active_prompts(session: AsyncSession) -> list[PromptRow]:
    return list(
        await session.scalars(
            select(PromptRow).where(PromptRow.language.is_not(None), PromptRow.is_active)
        )
    )


async def latest_version(session: AsyncSession, agent: str, language: str) -> int:
    value = await session.scalar(
        select(func.max(PromptRow.version)).where(
            PromptRow.agent_type == agent, PromptRow.language == language
        )
    )
    return int(value or 0)


async def deactivate(session: AsyncSession, agent: str, language: str) -> None:
    await session.execute(
        update(PromptRow)
        .where(PromptRow.agent_type == agent, PromptRow.language == language, PromptRow.is_active)
        .values(is_active=False)
    )


async def lock_family(session: AsyncSession, agent: str, language: str) -> None:
    """Serialise edits of one (agent, language): concurrent saves get consecutive versions."""
    await session.execute(
        select(func.pg_advisory_xact_lock(func.hashtext(f"prompts:{agent}:{language}")))
    )


async def usage_of(
    session: AsyncSession, prompt_id: uuid.UUID, *, limit: int, offset: int = 0
) -> list[PromptUsage]:
    return list(
        await session.scalars(
            select(PromptUsage)
            .where(PromptUsage.prompt_id == prompt_id)
            .order_by(PromptUsage.used_at.desc(), PromptUsage.id)
            .limit(limit)
            .offset(offset)
        )
    )


async def usage_of_request(session: AsyncSession, request_id: uuid.UUID) -> list[PromptUsage]:
    return list(
        await session.scalars(
            select(PromptUsage)
            .where(PromptUsage.review_request_id == request_id)
            .order_by(PromptUsage.agent_name)
        )
    )


async def insert_usage(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(PromptUsage), list(rows))


async def delete_usage_of_requests(session: AsyncSession, request_ids: Sequence[uuid.UUID]) -> int:
    if not request_ids:
        return 0
    result = await session.execute(
        delete(PromptUsage).where(PromptUsage.review_request_id.in_(list(request_ids)))
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
