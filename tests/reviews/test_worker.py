"""The review job through the real Procrastinate worker, on a database of its own (committed
data): a deferred review runs to completion, and a job whose worker died mid-review is put
back by the stalled-job retry and completes once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from hireflow import worker
from hireflow.audit.service import RequestMeta
from hireflow.auth.roles import Role
from hireflow.automation.tasks import retry_stalled_jobs
from hireflow.db import migrate
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.reviews import service
from hireflow.reviews.models import ReviewRequest, ReviewResult
from hireflow.reviews.schemas import ReviewRequestIn
from tests.conftest import TestServer
from tests.factories import make_user
from tests.reviews.support import add_resume, make_candidate

DB = "hireflow_review_worker"


@pytest.fixture
async def worker_database(
    pg_server: TestServer, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Database]:
    monkeypatch.setenv("HIREFLOW_AI_PROVIDER", "offline")
    target = pg_server.target(DB)
    migrate.upgrade(pg_server.settings_for(DB), target.migration_url, "head")
    database = Database.connect(target, pool_size=2)
    worker.bind_database(database)
    try:
        async with worker.app.open_async():
            yield database
    finally:
        await database.dispose()
        pg_server.drop_database(DB)


async def _requested(database: Database, tmp_path: Path) -> uuid.UUID:
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        senior = await make_user(session, Role.SENIOR)
        candidate = await make_candidate(session, senior)
        resume = await add_resume(session, tmp_path, candidate, senior)
        request = await service.request_review(
            session,
            resume.id,
            ReviewRequestIn(target_role="Backend Engineer"),
            actor_id=senior.id,
            meta=RequestMeta(),
        )
        return request.id


async def _state(database: Database, request_id: uuid.UUID) -> tuple[str, int, list[str]]:
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        status = await session.scalar(
            select(ReviewRequest.status).where(ReviewRequest.id == request_id)
        )
        results = await session.scalar(
            select(func.count())
            .select_from(ReviewResult)
            .where(ReviewResult.review_request_id == request_id)
        )
        jobs = (
            await session.scalars(
                text("SELECT status::text FROM procrastinate_jobs WHERE queueing_lock = :lock"),
                {"lock": f"review:{request_id}"},
            )
        ).all()
        return str(status), int(results or 0), list(jobs)


async def _work(queue: str = "reviews") -> None:
    await worker.app.run_worker_async(
        wait=False, install_signal_handlers=False, queues=[queue], concurrency=1
    )


async def test_worker_reviews_and_a_stalled_job_is_retried_once(
    worker_database: Database, tmp_path: Path
) -> None:
    request_id = await _requested(worker_database, tmp_path)
    assert await _state(worker_database, request_id) == ("pending", 0, ["todo"])
    await _work()
    assert await _state(worker_database, request_id) == ("completed", 1, ["succeeded"])

    # A second request whose worker is killed after claiming it: job "doing", request
    # "processing", the worker's heartbeat long gone.
    second = await _requested(worker_database, tmp_path)
    async with unit_of_work(worker_database.system_sessions, SYSTEM) as session:
        dead = await session.scalar(
            text(
                "INSERT INTO procrastinate_workers (last_heartbeat) "
                "VALUES (now() - interval '1 hour') RETURNING id"
            )
        )
        await session.execute(
            text(
                "UPDATE procrastinate_jobs SET status = 'doing', worker_id = :w "
                "WHERE queueing_lock = :lock"
            ),
            {"w": dead, "lock": f"review:{second}"},
        )
        await session.execute(
            text("UPDATE review_requests SET status = 'processing' WHERE id = :id"), {"id": second}
        )
    assert await _state(worker_database, second) == ("processing", 0, ["doing"])
    assert await retry_stalled_jobs(worker.app) == 1
    await _work()
    assert await _state(worker_database, second) == ("completed", 1, ["succeeded"])
