"""The background job queue: the Procrastinate app and in-transaction deferral.

A leaf module: it imports no domain. Each domain's ``tasks.py`` registers its tasks on
:data:`app`; services defer jobs by task name through :func:`defer` (so no service imports
its own tasks or the worker); ``hireflow.worker`` imports every ``tasks`` module and runs
the worker. A job is written on the caller's own connection, so it commits with the change
that caused it, or vanishes with it on rollback (transactional outbox).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from procrastinate import App, PsycopgConnector
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.config import Settings, get_settings
from hireflow.db.engine import Database, libpq_url

app = App(connector=PsycopgConnector(), import_paths=[])

_database: Database | None = None
_settings: Settings | None = None


def bind_database(database: Database, settings: Settings | None = None) -> App:
    """Point the task app at ``database`` (its runtime role) for this process."""
    global _database, _settings
    _database = database
    _settings = settings
    connector = PsycopgConnector(
        conninfo=libpq_url(database.target.runtime_url), min_size=1, max_size=4
    )
    app.connector = connector
    app.job_manager.connector = connector
    return app


def settings() -> Settings:
    """The settings the process was bound with (the environment's otherwise)."""
    return _settings or get_settings()


def database() -> Database:
    """The database tasks open their units of work on."""
    if _database is None:
        raise RuntimeError("the queue has no database; call bind_database() at start-up")
    return _database


async def defer(
    session: AsyncSession,
    task_name: str,
    *,
    queueing_lock: str | None = None,
    lock: str | None = None,
    schedule_at: datetime | None = None,
    queue_name: str | None = None,
    **task_kwargs: Any,
) -> int:
    """Queue ``task_name`` with ``task_kwargs`` in the session's current transaction.

    ``schedule_at``: not before this instant (retries with backoff, reminders).
    ``queue_name``: another queue than the task's own (workers started for it). Returns the
    job id. The task need not be imported here: the worker that runs it has it
    registered.
    """
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    deferrer = app.configure_task(
        task_name,
        queueing_lock=queueing_lock,
        lock=lock,
        schedule_at=schedule_at,
        queue=queue_name,
    )
    job = deferrer.make_new_job(**task_kwargs)
    deferred = await app.job_manager.defer_job_async(job, connection=raw.driver_connection)
    assert deferred.id is not None
    return int(deferred.id)
