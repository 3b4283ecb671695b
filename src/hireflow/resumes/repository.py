"""Every query of the resumes domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import any_, cast, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
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


async def resumes_by_ids(
    session: AsyncSession, resume_ids: Sequence[uuid.UUID], *, for_update: bool = False
) -> list[Resume]:
    query = select(Resume).where(Resume.id.in_(resume_ids)).order_by(Resume.id)
    if for_update:
        query = query.with_for_update()
    return list(await session.scalars(query))


async def unparsed_text_versions(
    session: AsyncSession, candidate_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    return list(
        await session.scalars(
            select(Resume.id)
            .where(
                # one array parameter, however many candidates (v1.0 data can hold many)
                Resume.candidate_id == any_(cast(list(candidate_ids), ARRAY(UUID(as_uuid=True)))),
                Resume.extracted_text.is_not(None),
                Resume.fields.is_(None),
            )
            .order_by(Resume.uploaded_at)
        )
    )


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


async def move_versions(session: AsyncSession, source: uuid.UUID, target: uuid.UUID) -> int:
    offset = await latest_version_number(session, target)
    moved = await session.execute(
        text("""
        WITH ordered AS (
            SELECT id, row_number() OVER (ORDER BY version_number, uploaded_at, id) AS n
              FROM resumes WHERE candidate_id = :d)
        UPDATE resumes r SET candidate_id = :k, version_number = :offset + o.n
          FROM ordered o WHERE r.id = o.id"""),
        {"d": source, "k": target, "offset": offset},
    )
    return int(moved.rowcount or 0)  # type: ignore[attr-defined]


async def sections_of_many(
    session: AsyncSession, resume_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ResumeSectionRow]]:
    found: dict[uuid.UUID, list[ResumeSectionRow]] = {rid: [] for rid in resume_ids}
    if not resume_ids:
        return found
    rows = await session.scalars(
        select(ResumeSectionRow)
        .where(ResumeSectionRow.resume_id.in_(list(resume_ids)))
        .order_by(ResumeSectionRow.resume_id, ResumeSectionRow.sequence_order)
    )
    for row in rows:
        found.setdefault(row.resume_id, []).append(row)
    return found


async def storage_keys_in_use(
    session: AsyncSession, keys: set[str], besides: Sequence[uuid.UUID]
) -> set[str]:
    if not keys:
        return set()
    rows = await session.scalars(
        select(Resume.storage_key)
        .where(Resume.storage_key.in_(sorted(keys)), Resume.id.not_in(list(besides)))
        .distinct()
    )
    return {key for key in rows if key is not None}


async def resume_of_candidate(
    session: AsyncSession, candidate_id: uuid.UUID, resume_id: uuid.UUID | None
) -> uuid.UUID | None:
    if resume_id is not None:
        found = await session.scalar(
            text("SELECT id FROM resumes WHERE id = :id AND candidate_id = :candidate"),
            {"id": resume_id, "candidate": candidate_id},
        )
        return found if isinstance(found, uuid.UUID) else None
    latest = await session.scalar(
        text(
            "SELECT id FROM resumes WHERE candidate_id = :candidate "
            "ORDER BY version_number DESC, uploaded_at DESC LIMIT 1"
        ),
        {"candidate": candidate_id},
    )
    return latest if isinstance(latest, uuid.UUID) else None


async def status_counts(session: AsyncSession) -> dict[str, int]:
    row = (
        await session.execute(
            text("""
            SELECT count(*) FILTER (WHERE status IN ('pending', 'processing')) AS processing,
                   count(*) FILTER (WHERE status = 'error') AS failed
              FROM resumes""")
        )
    ).one()
    return {"processing": int(row.processing), "failed": int(row.failed)}


async def parse_rows(session: AsyncSession, resume_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Plain rows (no ORM objects) of the versions that hold a stored parse."""
    if not resume_ids:
        return []
    result = await session.execute(
        select(
            Resume.id, Resume.candidate_id, Resume.extracted_text, Resume.document, Resume.fields
        ).where(
            Resume.id == any_(cast(list(resume_ids), ARRAY(UUID(as_uuid=True)))),
            Resume.status == "completed",
            Resume.fields.is_not(None),
            Resume.document.is_not(None),
            Resume.extracted_text.is_not(None),
        )
    )
    return list(result)


async def section_rows(session: AsyncSession, resume_ids: Sequence[uuid.UUID]) -> list[Any]:
    """Plain rows of the sections of many versions, in order."""
    if not resume_ids:
        return []
    s = ResumeSectionRow
    result = await session.execute(
        select(
            s.resume_id,
            s.id,
            s.section_type,
            s.section_title,
            s.content,
            s.start_position,
            s.end_position,
            s.start_page,
            s.end_page,
            s.sequence_order,
            s.confidence_score,
        )
        .where(s.resume_id == any_(cast(list(resume_ids), ARRAY(UUID(as_uuid=True)))))
        .order_by(s.resume_id, s.sequence_order)
    )
    return list(result)
