"""Row-level security as the runtime role: a junior's plain SELECTs see only assigned candidates
and what hangs off them; assigning grants access at once, unassigning removes it at once."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, Actor, switch_actor
from tests.factories import SignedIn

CHILD_TABLES = (
    "resumes",
    "resume_sections",
    "review_requests",
    "review_results",
    "review_feedback_items",
)


async def _candidate_with_everything(session: AsyncSession, creator: uuid.UUID) -> uuid.UUID:
    await switch_actor(session, SYSTEM)
    ids = {name: uuid.uuid4() for name in ("cand", "resume", "section", "request", "result")}
    await session.execute(
        text("""
        INSERT INTO candidates (id, first_name, last_name, created_by_user_id)
             VALUES (:cand, 'Hidden', 'Person', :creator);
        """),
        {**ids, "creator": creator},
    )
    await session.execute(
        text("""
        INSERT INTO resumes (id, candidate_id, uploaded_by_user_id, original_filename,
                             stored_filename, file_hash, file_size, mime_type, status)
             VALUES (:resume, :cand, :creator, 'cv.pdf', 'x/cv.pdf', repeat('a', 64), 10,
                     'application/pdf', 'completed')"""),
        {**ids, "creator": creator},
    )
    await session.execute(
        text("""
        INSERT INTO resume_sections (id, resume_id, section_type, content, sequence_order)
             VALUES (:section, :resume, 'experience', 'Built things', 1)"""),
        ids,
    )
    await session.execute(
        text("""
        INSERT INTO review_requests (id, resume_id, requested_by_user_id)
             VALUES (:request, :resume, :creator)"""),
        {**ids, "creator": creator},
    )
    await session.execute(
        text("""
        INSERT INTO review_results (id, review_request_id, overall_score, ai_model_used)
             VALUES (:result, :request, 71, 'offline')"""),
        ids,
    )
    await session.execute(
        text("""
        INSERT INTO review_feedback_items (review_result_id, feedback_type, feedback_text)
             VALUES (:result, 'strength', 'Clear bullets')"""),
        ids,
    )
    return ids["cand"]


async def _visible(session: AsyncSession, candidate_id: uuid.UUID) -> dict[str, int]:
    counts = {
        "candidates": int(
            await session.scalar(
                text("SELECT count(*) FROM candidates WHERE id = :c"), {"c": candidate_id}
            )
            or 0
        )
    }
    for table in CHILD_TABLES:
        counts[table] = int(await session.scalar(text(f"SELECT count(*) FROM {table}")) or 0)
    return counts


async def test_junior_sees_only_assigned_candidates_even_with_plain_sql(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    admin, junior = people["admin"].user, people["junior"].user
    candidate = await _candidate_with_everything(session, admin.id)
    as_junior = Actor(junior.id, junior.role)
    nothing = {"candidates": 0, **dict.fromkeys(CHILD_TABLES, 0)}
    one_each = {"candidates": 1, **dict.fromkeys(CHILD_TABLES, 1)}

    await switch_actor(session, as_junior)
    assert await _visible(session, candidate) == nothing
    updated = await session.execute(
        text("UPDATE candidates SET first_name = 'x' WHERE id = :c"), {"c": candidate}
    )
    assert updated.rowcount == 0  # type: ignore[attr-defined]

    await switch_actor(session, Actor(people["senior"].user.id, "senior_recruiter"))
    assert await _visible(session, candidate) == one_each
    await session.execute(
        text("""
        INSERT INTO user_candidate_assignments (user_id, candidate_id, assigned_by_user_id)
             VALUES (:u, :c, :by)"""),
        {"u": junior.id, "c": candidate, "by": admin.id},
    )

    await switch_actor(session, as_junior)
    assert await _visible(session, candidate) == one_each

    await switch_actor(session, SYSTEM)
    await session.execute(
        text("""
        UPDATE user_candidate_assignments SET is_active = false, unassigned_at = now()
         WHERE user_id = :u AND candidate_id = :c"""),
        {"u": junior.id, "c": candidate},
    )
    await switch_actor(session, as_junior)
    assert await _visible(session, candidate) == nothing


async def test_junior_cannot_assign_themselves_to_someone_elses_candidate(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    candidate = await _candidate_with_everything(session, people["admin"].user.id)
    junior = people["junior"].user
    await switch_actor(session, Actor(junior.id, junior.role))
    with pytest.raises(DBAPIError, match="row-level security"):
        async with session.begin_nested():
            await session.execute(
                text("""
                INSERT INTO user_candidate_assignments (user_id, candidate_id, assigned_by_user_id)
                     VALUES (:u, :c, :u)"""),
                {"u": junior.id, "c": candidate},
            )


async def test_anonymous_and_juniors_cannot_read_the_activity_log(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    await switch_actor(session, SYSTEM)
    total = await session.scalar(text("SELECT count(*) FROM activity_logs"))
    assert total and total > 0
    junior = people["junior"].user
    await switch_actor(session, Actor(junior.id, junior.role))
    assert await session.scalar(text("SELECT count(*) FROM activity_logs")) == 0
    await switch_actor(session, Actor())
    assert await session.scalar(text("SELECT count(*) FROM activity_logs")) == 0
    await switch_actor(session, SYSTEM)
    deleted = await session.execute(text("DELETE FROM activity_logs"))
    assert deleted.rowcount == 0, "the activity log is append-only"  # type: ignore[attr-defined]
