"""A worker killed mid-job: its job is found through the stale heartbeat and runs again."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from hireflow import queue, worker
from hireflow.automation.tasks import retry_stalled_jobs
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from tests.test_queue import bound_worker, record_probe_heartbeat

__all__ = ["bound_worker"]  # the fixture, shared with the job tests


async def _status(database: Database, job_id: int) -> str:
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        return str(
            await session.scalar(
                text("SELECT status::text FROM procrastinate_jobs WHERE id = :i"), {"i": job_id}
            )
        )


async def test_job_of_a_dead_worker_is_retried_and_runs(
    database: Database, bound_worker: None
) -> None:
    name = f"probe-{uuid.uuid4().hex[:8]}"
    # A queue of its own: jobs other tests left in "default" are not this worker's to take.
    own_queue = f"stalled-{name}"
    async with unit_of_work(database.runtime_sessions) as session:
        job_id = await queue.defer(
            session, record_probe_heartbeat.name, queue_name=own_queue, worker_name=name
        )
    manager = worker.app.job_manager
    dead_worker = await manager.register_worker()
    job = await manager.fetch_job(queues=[own_queue], worker_id=dead_worker)
    assert job is not None and job.id == job_id
    assert await _status(database, job_id) == "doing"

    assert await retry_stalled_jobs(worker.app, seconds_since_heartbeat=60) == 0, (
        "a live worker's job is left alone"
    )
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(
            text(
                "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '10 minutes' "
                "WHERE id = :w"
            ),
            {"w": dead_worker},
        )
    assert await retry_stalled_jobs(worker.app, seconds_since_heartbeat=60) == 1
    assert await _status(database, job_id) == "todo"

    await worker.app.run_worker_async(
        wait=False, install_signal_handlers=False, queues=[own_queue], concurrency=1
    )
    assert await _status(database, job_id) == "succeeded"
