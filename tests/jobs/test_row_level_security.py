"""Row-level security of jobs, applications, automation logs, flags and calendar tokens,
checked in the database itself (the runtime role, as each actor)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, Actor, switch_actor
from tests.factories import SignedIn
from tests.jobs.helpers import make_candidate


def _as(person: SignedIn) -> Actor:
    return Actor(person.user.id, person.user.role)


async def _count(session: AsyncSession, sql: str, **params: object) -> int:
    return int(await session.scalar(text(sql), params) or 0)


async def test_juniors_see_their_team_jobs_and_those_applicants_only(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    junior, junior2, senior = people["junior"], people["junior2"], people["senior"]
    await switch_actor(session, SYSTEM)
    job_id = uuid.uuid4()
    await session.execute(
        text("INSERT INTO jobs (id, title, shortlisting_buffer) VALUES (:id, 'RLS job', 1)"),
        {"id": job_id},
    )
    await session.execute(
        text("INSERT INTO job_team_members (job_id, user_id) VALUES (:j, :u)"),
        {"j": job_id, "u": junior.user.id},
    )
    candidate_id, _ = await make_candidate(session, senior.user.id, "text")
    await session.execute(
        text("INSERT INTO applications (job_id, candidate_id) VALUES (:j, :c)"),
        {"j": job_id, "c": candidate_id},
    )
    await session.execute(
        text(
            "INSERT INTO automation_logs (job_id, action_type, trigger_source) "
            "VALUES (:j, 'ranked', 'auto')"
        ),
        {"j": job_id},
    )

    await switch_actor(session, _as(junior))
    assert await _count(session, "SELECT count(*) FROM jobs WHERE id = :j", j=job_id) == 1
    assert (
        await _count(session, "SELECT count(*) FROM applications WHERE job_id = :j", j=job_id) == 1
    )
    assert (
        await _count(session, "SELECT count(*) FROM automation_logs WHERE job_id = :j", j=job_id)
        == 1
    )
    assert await _count(session, "SELECT count(*) FROM feature_flags") == 6

    await switch_actor(session, _as(junior2))
    assert await _count(session, "SELECT count(*) FROM jobs WHERE id = :j", j=job_id) == 0
    assert (
        await _count(session, "SELECT count(*) FROM applications WHERE job_id = :j", j=job_id) == 0
    )
    assert (
        await _count(session, "SELECT count(*) FROM automation_logs WHERE job_id = :j", j=job_id)
        == 0
    )
    updated = await session.execute(
        text("UPDATE jobs SET title = 'hijacked' WHERE id = :j"), {"j": job_id}
    )
    assert updated.rowcount == 0  # type: ignore[attr-defined]
    with pytest.raises(DBAPIError):
        async with session.begin_nested():
            await session.execute(
                text("INSERT INTO applications (job_id, candidate_id) VALUES (:j, :c)"),
                {"j": job_id, "c": candidate_id},
            )
    await switch_actor(session, Actor())  # anonymous
    assert await _count(session, "SELECT count(*) FROM feature_flags") == 0


async def test_flags_are_admin_only_and_logs_append_only(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    await switch_actor(session, _as(people["senior"]))
    changed = await session.execute(text("UPDATE feature_flags SET is_enabled = false"))
    assert changed.rowcount == 0  # type: ignore[attr-defined]
    await switch_actor(session, _as(people["admin"]))
    changed = await session.execute(
        text("UPDATE feature_flags SET is_enabled = false WHERE flag_name = 'negotiation_bot'")
    )
    assert changed.rowcount == 1  # type: ignore[attr-defined]
    await session.execute(
        text("INSERT INTO automation_logs (action_type, trigger_source) VALUES ('x', 'manual')")
    )
    removed = await session.execute(text("DELETE FROM automation_logs"))
    assert removed.rowcount == 0  # type: ignore[attr-defined]


async def test_calendar_tokens_belong_to_their_user(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    senior, admin = people["senior"], people["admin"]
    await switch_actor(session, _as(senior))
    await session.execute(
        text(
            "INSERT INTO calendar_tokens (user_id, access_token_encrypted) "
            "VALUES (:u, '\\x00'::bytea)"
        ),
        {"u": senior.user.id},
    )
    assert await _count(session, "SELECT count(*) FROM calendar_tokens") == 1
    await switch_actor(session, _as(admin))
    assert await _count(session, "SELECT count(*) FROM calendar_tokens") == 0
