"""Jobs are deferred inside the caller's transaction: gone on rollback, run after commit."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from hireflow import queue, worker
from hireflow.automation.tasks import record_heartbeat
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work


@worker.app.task(name="tests.record_probe_heartbeat", pass_context=False)
async def record_probe_heartbeat(worker_name: str) -> None:
    async with unit_of_work(worker.database().system_sessions, SYSTEM) as session:
        await record_heartbeat(session, worker_name)


@pytest.fixture
async def bound_worker(database: Database) -> AsyncIterator[None]:
    worker.bind_database(database)
    async with worker.app.open_async():
        yield
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(
            text("DELETE FROM procrastinate_jobs WHERE task_name = 'tests.record_probe_heartbeat'")
        )
        await session.execute(
            text("DELETE FROM worker_heartbeats WHERE worker_name LIKE 'probe-%'")
        )


async def _jobs_for(database: Database, name: str) -> list[str]:
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        rows = await session.scalars(
            text(
                "SELECT status::text FROM procrastinate_jobs "
                "WHERE task_name = 'tests.record_probe_heartbeat' AND args->>'worker_name' = :n"
            ),
            {"n": name},
        )
        return list(rows)


async def test_deferred_job_vanishes_with_rolled_back_transaction(
    database: Database, bound_worker: None
) -> None:
    name = f"probe-{uuid.uuid4().hex[:8]}"

    class AbortError(Exception):
        pass

    with pytest.raises(AbortError):
        async with unit_of_work(database.runtime_sessions) as session:
            await queue.defer(session, record_probe_heartbeat.name, worker_name=name)
            assert (
                await session.scalar(
                    text("SELECT count(*) FROM procrastinate_jobs WHERE args->>'worker_name' = :n"),
                    {"n": name},
                )
                == 1
            ), "visible inside its own transaction"
            raise AbortError
    assert await _jobs_for(database, name) == []


async def test_deferred_job_runs_after_commit(database: Database, bound_worker: None) -> None:
    name = f"probe-{uuid.uuid4().hex[:8]}"
    async with unit_of_work(database.runtime_sessions) as session:
        job_id = await queue.defer(session, record_probe_heartbeat.name, worker_name=name)
    assert job_id > 0
    assert await _jobs_for(database, name) == ["todo"]

    await worker.app.run_worker_async(
        wait=False, install_signal_handlers=False, queues=["default"], concurrency=1
    )

    assert await _jobs_for(database, name) == ["succeeded"]
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        beats = await session.scalar(
            text("SELECT beats FROM worker_heartbeats WHERE worker_name = :n"), {"n": name}
        )
    assert beats == 1
