"""M1: the database believes only a signed identity claim, never bare settings.

Each test works on the runtime role's own connection, the way a leaked connection string or
an injected statement would: it sets whatever settings it likes and sees what RLS lets it.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from hireflow.auth import repository
from hireflow.auth.roles import Role
from hireflow.db import identity
from tests.factories import make_user

FORGE = text(
    "SELECT set_config('hireflow.claim', :claim, true), "
    "set_config('hireflow.user_id', :user_id, true), set_config('hireflow.role', :role, true)"
)


async def _forge(conn: AsyncConnection, role: str, user_id: uuid.UUID, claim: str = "") -> None:
    await conn.execute(FORGE, {"claim": claim, "user_id": str(user_id), "role": role})


@pytest.fixture
async def world(session: AsyncSession) -> dict[str, uuid.UUID]:
    """An admin and a candidate, written by a real (signed) system transaction."""
    admin = await make_user(session, Role.ADMIN)
    junior = await make_user(session, Role.JUNIOR)
    candidate = uuid.uuid4()
    await session.execute(
        text("INSERT INTO candidates (id, first_name, last_name) VALUES (:id, 'Ada', 'Probe')"),
        {"id": candidate},
    )
    await session.flush()
    assert (
        await session.scalar(
            text("SELECT count(*) FROM candidates WHERE id = :id"), {"id": candidate}
        )
        == 1
    )
    return {"admin": admin.id, "junior": junior.id, "candidate": candidate}


@pytest.mark.parametrize("role", ["admin", "system", "senior_recruiter", "junior_recruiter"])
async def test_settings_alone_see_no_candidates_and_no_users(
    db_connection: AsyncConnection, world: dict[str, uuid.UUID], role: str
) -> None:
    await _forge(db_connection, role, world["admin"])
    assert await db_connection.scalar(text("SELECT hireflow_role()")) == ""
    assert await db_connection.scalar(text("SELECT count(*) FROM candidates")) == 0
    assert await db_connection.scalar(text("SELECT count(*) FROM users")) == 0
    assert await db_connection.scalar(text("SELECT count(*) FROM activity_logs")) == 0


async def test_a_forged_or_replayed_claim_is_nobody(
    db_connection: AsyncConnection, world: dict[str, uuid.UUID]
) -> None:
    pid = await db_connection.scalar(text("SELECT pg_backend_pid()"))
    real = identity.sign_claim(str(world["admin"]), "admin", int(pid))
    tampered = real.replace("|admin|", "|system|")
    other_backend = identity.sign_claim(str(world["admin"]), "admin", int(pid) + 1)
    expired = identity.sign_claim(str(world["admin"]), "admin", int(pid), now=0)
    for claim in (tampered, other_backend, expired, "x|admin|1|99999999999|00"):
        await _forge(db_connection, "admin", world["admin"], claim)
        assert await db_connection.scalar(text("SELECT count(*) FROM candidates")) == 0, claim
    await _forge(db_connection, "", world["admin"], real)
    assert await db_connection.scalar(text("SELECT hireflow_role()")) == "admin"
    assert await db_connection.scalar(text("SELECT count(*) FROM candidates")) >= 1


async def test_password_hashes_are_not_readable_and_roles_not_changeable(
    db_connection: AsyncConnection, world: dict[str, uuid.UUID]
) -> None:
    await _forge(db_connection, "system", world["admin"])
    savepoint = await db_connection.begin_nested()
    with pytest.raises(ProgrammingError, match="permission denied"):
        await db_connection.execute(text("SELECT password_hash FROM users"))
    await savepoint.rollback()
    assert (
        await db_connection.scalar(
            text("SELECT hireflow_security.password_hash_of(:id)"), {"id": world["admin"]}
        )
        is None
    )
    promoted = await db_connection.execute(
        text("UPDATE users SET role = 'admin' WHERE id = :id"), {"id": world["junior"]}
    )
    assert promoted.rowcount == 0
    redacted = await db_connection.scalar(
        text("SELECT hireflow_security.redact_activity(ARRAY[:id]::uuid[])"),
        {"id": world["candidate"]},
    )
    assert redacted == 0


async def test_a_verified_non_admin_cannot_change_a_role(
    db_connection: AsyncConnection, world: dict[str, uuid.UUID]
) -> None:
    pid = int(await db_connection.scalar(text("SELECT pg_backend_pid()")))
    claim = identity.sign_claim(str(world["junior"]), "junior_recruiter", pid)
    await _forge(db_connection, "junior_recruiter", world["junior"], claim)
    savepoint = await db_connection.begin_nested()
    with pytest.raises(DBAPIError, match="only an administrator may change a role"):
        await db_connection.execute(
            text("UPDATE users SET role = 'admin' WHERE id = :id"), {"id": world["junior"]}
        )
    await savepoint.rollback()


async def test_the_app_still_reads_its_own_hash_through_the_definer(
    session: AsyncSession, world: dict[str, uuid.UUID]
) -> None:
    stored = await repository.password_hash_of(session, world["admin"])
    assert stored is not None and stored.startswith("$argon2id$")


async def test_settings_alone_cannot_queue_or_rewrite_a_job(
    db_connection: AsyncConnection, world: dict[str, uuid.UUID]
) -> None:
    insert = text(
        "INSERT INTO procrastinate_jobs (queue_name, task_name, args) "
        "VALUES ('default', 'delete_resume_files', CAST(:args AS jsonb)) RETURNING id"
    )
    await _forge(db_connection, "system", world["admin"])
    savepoint = await db_connection.begin_nested()
    with pytest.raises(DBAPIError, match="only hireflow may queue"):
        await db_connection.execute(insert, {"args": '{"storage_keys": ["someone/else.pdf"]}'})
    await savepoint.rollback()
    pid = int(await db_connection.scalar(text("SELECT pg_backend_pid()")))
    await _forge(db_connection, "", world["admin"], identity.sign_claim("", "system", pid))
    job = await db_connection.scalar(insert, {"args": '{"storage_keys": []}'})
    await _forge(db_connection, "system", world["admin"])
    savepoint = await db_connection.begin_nested()
    with pytest.raises(DBAPIError, match="only hireflow may queue"):
        await db_connection.execute(
            text('UPDATE procrastinate_jobs SET args = \'{"storage_keys": ["x"]}\' WHERE id = :id'),
            {"id": job},
        )
    await savepoint.rollback()
