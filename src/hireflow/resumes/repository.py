"""Every query of the resumes domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.resumes.document import ResumeSection
from hireflow.resumes.models import Resume, ResumeSectionRow


async def resume_by_id(
    session: AsyncSession, resume_id: uuid.UUID, *, for_update: bool = False
) -> Resume | None:
    query = select(Resume).where(Resume.id == resume_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def resumes_of(session: AsyncSession, candidate_id: uuid.UUID) -> list[Resume]:
    return list(
        await session.scalars(
            select(Resume)
            .where(Resume.candidate_id == candidate_id)
            .order_by(Resume.version_number.desc())
        )
    )


async def version_with_hash(
    session: AsyncSession, candidate_id: uuid.UUID, file_hash: str
) -> Resume | None:
    return await session.scalar(
        select(Resume)
        .where(Resume.candidate_id == candidate_id, Resume.file_hash == file_hash)
        .order_by(Resume.version_number.desc())
        .limit(1)
    )


async def latest_version_number(session: AsyncSession, candidate_id: uuid.UUID) -> int:
    value = await session.scalar(
        select(func.max(Resume.version_number)).where(Resume.candidate_id == candidate_id)
    )
    return int(value or 0)


async def sections_of(session: AsyncSession, resume_id: uuid.UUID) -> list[ResumeSectionRow]:
    return list(
        await session.scalars(
            select(ResumeSectionRow)
            .where(ResumeSectionRow.resume_id == resume_id)
            .order_by(ResumeSectionRow.sequence_order)
        )
    )


async def replace_sections(
    session: AsyncSession, resume_id: uuid.UUID, sections: Sequence[ResumeSection]
) -> None:
    """Swap a resume's sections for ``sections`` in two statements."""
    await session.execute(delete(ResumeSectionRow).where(ResumeSectionRow.resume_id == resume_id))
    if not sections:
        return
    await session.execute(
        insert(ResumeSectionRow),
        [
            {
                "id": uuid.uuid4(),
                "resume_id": resume_id,
                "section_type": s.section_type,
                "section_title": (s.title or None) and s.title[:255],
                "content": s.content,
                "start_page": s.start_page,
                "end_page": s.end_page,
                "start_position": s.start,
                "end_position": s.end,
                "sequence_order": s.order,
                "confidence_score": s.confidence,
            }
            for s in sections
        ],
    )
