"""Prometheus metrics: request latency by route template (an ASGI middleware) and the job
queue read from the Procrastinate tables at scrape time (one grouped statement).

The queue figures come from the database, not from this process's memory, so every web
process reports the whole installation's queue whichever host ran the jobs. The finished-job
figures count the jobs still kept in the table (by task and outcome), so they are gauges.

The scheduler's sweeps (every periodic task) run in the workers, other processes on other
hosts: their last run is read from the queue's own records at scrape time too (the periodic
tasks Procrastinate schedules, their last finished job, its ``started`` and finishing
events), so a web process reports how long each sweep took wherever it ran.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hireflow.kit.metrics import REGISTRY, REQUEST_SECONDS

UNMATCHED = "unmatched"  # 404s of scanners must not make one series per probed path
FINISHED = ("succeeded", "failed", "cancelled", "aborted")

_QUEUE = text(
    "SELECT queue_name, task_name, status::text AS status, count(*) AS jobs "
    "FROM procrastinate_jobs GROUP BY 1, 2, 3"
)
# Due jobs not started yet: their age since they were deferred (or scheduled for).
_WAITING = text(
    """
    SELECT j.queue_name,
           extract(epoch FROM now() - min(greatest(e.at, coalesce(j.scheduled_at, e.at))))
               AS waiting
      FROM procrastinate_jobs j
      JOIN procrastinate_events e ON e.job_id = j.id AND e.type = 'deferred'
     WHERE j.status = 'todo' AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())
     GROUP BY 1
    """
)


# Each periodic task's last finished job: one backwards walk of the job ids per task (no
# scan of the whole history), and that job's start and finish times.
_SWEEPS = text(
    """
    SELECT p.task_name, last.status::text AS status,
           extract(epoch FROM last.finished - last.started) AS seconds,
           extract(epoch FROM last.finished) AS finished
      FROM (SELECT DISTINCT task_name FROM procrastinate_periodic_defers) p
     CROSS JOIN LATERAL (
           SELECT j.status,
                  (SELECT max(e.at) FROM procrastinate_events e
                    WHERE e.job_id = j.id AND e.type = 'started') AS started,
                  (SELECT max(e.at) FROM procrastinate_events e
                    WHERE e.job_id = j.id
                      AND e.type IN ('succeeded', 'failed', 'aborted')) AS finished
             FROM procrastinate_jobs j
            WHERE j.task_name = p.task_name
              AND j.status IN ('succeeded', 'failed', 'aborted')
            ORDER BY j.id DESC
            LIMIT 1) last
     ORDER BY 1
    """
)


def route_template(scope: Scope) -> str:
    """``/api/candidates/{candidate_id}``, not the candidate's id; mounts by their prefix."""
    route = scope.get("route")
    if route is None:
        return UNMATCHED
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return str(template) if template else UNMATCHED


class RequestMetrics:
    """Time every HTTP request into ``hireflow_http_request_duration_seconds``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            REQUEST_SECONDS.labels(
                route=route_template(scope), method=scope["method"], status=str(status)
            ).observe(time.perf_counter() - started)


class _Families(Collector):
    def __init__(self, families: Iterable[Metric]) -> None:
        self.families = list(families)

    def collect(self) -> Iterator[Metric]:
        yield from self.families


async def queue_families(session: AsyncSession) -> list[Metric]:
    """Jobs by queue and status, oldest waiting job by queue, finished jobs by task/outcome."""
    statuses = (
        await session.scalars(text("SELECT unnest(enum_range(NULL::procrastinate_job_status))"))
    ).all()
    depth: dict[tuple[str, str], int] = {}
    waiting: dict[str, float] = {}
    outcomes: dict[tuple[str, str], int] = {}
    for row in await session.execute(_WAITING):
        waiting[row.queue_name] = float(row.waiting)
    for row in await session.execute(_QUEUE):
        depth[(row.queue_name, row.status)] = depth.get((row.queue_name, row.status), 0) + int(
            row.jobs
        )
        if row.status in FINISHED:
            outcomes[(row.task_name, row.status)] = int(row.jobs)
    jobs = GaugeMetricFamily(
        "hireflow_queue_jobs",
        "Jobs in the queue table by queue and status.",
        labels=["queue", "status"],
    )
    for queue in sorted({q for q, _s in depth}):
        for status in statuses:
            jobs.add_metric([queue, str(status)], depth.get((queue, str(status)), 0))
    oldest = GaugeMetricFamily(
        "hireflow_queue_oldest_waiting_seconds",
        "Age of the oldest job that is due and not yet started, by queue.",
        labels=["queue"],
    )
    for queue, seconds in sorted(waiting.items()):
        oldest.add_metric([queue], seconds)
    finished = GaugeMetricFamily(
        "hireflow_jobs_finished",
        "Finished jobs kept in the queue table, by task and outcome.",
        labels=["task", "outcome"],
    )
    for (task, outcome), count in sorted(outcomes.items()):
        finished.add_metric([task, outcome], count)
    return [jobs, oldest, finished, *await sweep_families(session)]


async def sweep_families(session: AsyncSession) -> list[Metric]:
    """Each scheduler sweep's last run, whichever worker ran it: how long it took, when it
    finished and whether it succeeded."""
    took = GaugeMetricFamily(
        "hireflow_scheduler_sweep_last_duration_seconds",
        "How long the last finished run of each periodic task (scheduler sweep) took, "
        "from the queue's records (any worker, any host).",
        labels=["task"],
    )
    finished_at = GaugeMetricFamily(
        "hireflow_scheduler_sweep_last_finished_timestamp_seconds",
        "When the last run of each periodic task finished (Unix time).",
        labels=["task"],
    )
    succeeded = GaugeMetricFamily(
        "hireflow_scheduler_sweep_last_succeeded",
        "1 when the last finished run of each periodic task succeeded, else 0.",
        labels=["task"],
    )
    for row in await session.execute(_SWEEPS):
        if row.seconds is not None:
            took.add_metric([row.task_name], float(row.seconds))
        if row.finished is not None:
            finished_at.add_metric([row.task_name], float(row.finished))
        succeeded.add_metric([row.task_name], 1.0 if row.status == "succeeded" else 0.0)
    return [took, finished_at, succeeded]


def exposition(families: list[Metric]) -> bytes:
    """This process's histograms followed by the families read at scrape time."""
    scraped = CollectorRegistry(auto_describe=False)
    scraped.register(_Families(families))
    return generate_latest(REGISTRY) + generate_latest(scraped)
