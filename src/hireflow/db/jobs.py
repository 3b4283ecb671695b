"""Defer background jobs inside the caller's transaction (transactional outbox).

The job row is written on the session's own connection, so it commits with the change that
caused it, or vanishes with it on rollback.
"""

from __future__ import annotations

from typing import Any

from procrastinate import App
from procrastinate.tasks import Task
from sqlalchemy.ext.asyncio import AsyncSession


async def defer_in_transaction(
    session: AsyncSession,
    app: App,
    task: Task[Any, Any, Any] | str,
    *,
    queueing_lock: str | None = None,
    lock: str | None = None,
    **task_kwargs: Any,
) -> int:
    """Queue ``task`` with ``task_kwargs`` in the session's current transaction; returns job id."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    task_name = task if isinstance(task, str) else task.name
    deferrer = app.configure_task(task_name, queueing_lock=queueing_lock, lock=lock)
    job = deferrer.make_new_job(**task_kwargs)
    deferred = await app.job_manager.defer_job_async(job, connection=raw.driver_connection)
    assert deferred.id is not None
    return int(deferred.id)
