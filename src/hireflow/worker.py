"""The Procrastinate app: every background task and periodic task is registered here.

``hireflow serve`` runs a worker inside the web process; ``hireflow worker`` runs standalone
ones. Tasks open their own unit of work (one transaction per job).
"""

from __future__ import annotations

import contextlib
import uuid

import structlog
from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued

from hireflow.automation import tasks as automation_tasks
from hireflow.config import Settings, get_settings
from hireflow.db.engine import Database, libpq_url
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.jobs import tasks as job_tasks

log = structlog.get_logger(__name__)

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
    return _settings or get_settings()


def database() -> Database:
    if _database is None:
        raise RuntimeError("the worker has no database; call bind_database() at start-up")
    return _database


@app.periodic(cron="* * * * * */10", periodic_id="heartbeat")
@app.task(name="heartbeat", queueing_lock="heartbeat", pass_context=False)
async def heartbeat(timestamp: int) -> None:
    async with unit_of_work(database().system_sessions, SYSTEM) as session:
        await automation_tasks.record_heartbeat(session)


@app.periodic(cron="* * * * *", periodic_id="retry_stalled_jobs")
@app.task(name="retry_stalled_jobs", queueing_lock="retry_stalled_jobs", pass_context=False)
async def retry_stalled_jobs(timestamp: int) -> None:
    await automation_tasks.retry_stalled_jobs(app)


@app.periodic(cron="17 * * * *", periodic_id="prune_security_counters")
@app.task(
    name="prune_security_counters", queueing_lock="prune_security_counters", pass_context=False
)
async def prune_security_counters(timestamp: int) -> None:
    async with unit_of_work(database().system_sessions, SYSTEM) as session:
        await automation_tasks.prune_security_counters(session)


@app.task(
    name="process_resume",
    queue="resumes",
    pass_context=False,
    retry=RetryStrategy(max_attempts=5, exponential_wait=2),
)
async def process_resume(resume_id: str) -> None:
    from hireflow.resumes.tasks import run_process_resume

    await run_process_resume(database(), resume_id, settings())


@app.task(
    name="delete_resume_files",
    queue="resumes",
    pass_context=False,
    retry=RetryStrategy(max_attempts=5, exponential_wait=5),
)
async def delete_resume_files(storage_keys: list[str]) -> None:
    from hireflow.resumes.tasks import run_delete_files

    await run_delete_files(database(), settings(), storage_keys)


REVIEW_ATTEMPTS = 4


@app.task(
    name="review_resume",
    queue="reviews",
    pass_context=True,
    retry=RetryStrategy(max_attempts=REVIEW_ATTEMPTS, exponential_wait=5),
)
async def review_resume(context: JobContext, review_request_id: str) -> None:
    from hireflow.reviews.tasks import run_review

    # Transient provider failures are raised (and retried) until the last attempt.
    await run_review(
        database(),
        review_request_id,
        settings(),
        final_attempt=context.job.attempts + 1 >= REVIEW_ATTEMPTS,
    )


@app.task(name="score_application", queue="scoring", pass_context=False, retry=2)
async def score_application(application_id: str) -> None:
    async with unit_of_work(database().system_sessions, SYSTEM) as session:
        await job_tasks.score_application(session, uuid.UUID(application_id))


@app.task(name="rescore_job", queue="scoring", pass_context=False, retry=2)
async def rescore_job(job_id: str) -> None:
    async with unit_of_work(database().system_sessions, SYSTEM) as session:
        await job_tasks.rescore_job(session, uuid.UUID(job_id))


@app.task(name="shortlist_job", pass_context=False, retry=2)
async def shortlist_job(job_id: str) -> None:
    """Close and shortlist one job whose closing date passed (trigger ``scheduled``)."""
    async with unit_of_work(database().system_sessions, SYSTEM) as session:
        await job_tasks.shortlist_job(session, uuid.UUID(job_id))


@app.periodic(cron="* * * * *", periodic_id="close_due_jobs")
@app.task(name="close_due_jobs", queueing_lock="close_due_jobs", pass_context=False)
async def close_due_jobs(timestamp: int) -> None:
    """Every minute: one ``shortlist_job`` per job whose closing date passed, each under the
    job's lock (and the service's advisory lock), so runs never overlap."""
    async with unit_of_work(database().system_sessions, SYSTEM) as session:
        for job_id in await job_tasks.due_jobs(session):
            with contextlib.suppress(AlreadyEnqueued):
                await shortlist_job.configure(
                    lock=f"job:{job_id}", queueing_lock=f"shortlist:{job_id}"
                ).defer_async(job_id=str(job_id))
