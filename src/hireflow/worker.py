"""Runs the background worker.

Importing this module imports every domain's ``tasks`` module, so each registers its tasks
and periodic tasks on the leaf queue app (:mod:`hireflow.queue`). Only the CLI and the app
factory import it; services defer jobs through :func:`hireflow.queue.defer`.
"""

from __future__ import annotations

from procrastinate import App

from hireflow import queue
from hireflow.auth import tasks as auth_tasks
from hireflow.automation import tasks as automation_tasks
from hireflow.calendars import tasks as calendar_tasks
from hireflow.candidates import tasks as candidate_tasks
from hireflow.interviews import tasks as interview_tasks
from hireflow.jobs import tasks as job_tasks
from hireflow.notifications import tasks as notification_tasks
from hireflow.resumes import tasks as resume_tasks
from hireflow.reviews import tasks as review_tasks

app: App = queue.app
bind_database = queue.bind_database
database = queue.database
settings = queue.settings

# The registered task modules (named so linters and readers see why they are imported).
TASK_MODULES = (
    automation_tasks,
    auth_tasks,
    calendar_tasks,
    candidate_tasks,
    interview_tasks,
    job_tasks,
    notification_tasks,
    resume_tasks,
    review_tasks,
)


async def run(*, concurrency: int, name: str = "worker", in_process: bool = False) -> None:
    """Run a worker until cancelled (``in_process``: inside ``serve``, no signal handlers)."""
    current = settings()
    async with app.open_async():
        await app.run_worker_async(
            concurrency=concurrency,
            install_signal_handlers=not in_process,
            name=name,
            update_heartbeat_interval=current.worker_heartbeat_seconds,
            stalled_worker_timeout=current.stalled_worker_seconds,
        )
