"""``/metrics`` through HTTP: refused to the public, parsed as Prometheus exposition with the
token or an admin session, with latency by route template and the queue read at scrape time."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.kit.metrics import observe_sweep
from tests.factories import SignedIn

TOKEN = "scrape-" + "x" * 40


@pytest.fixture
async def scraper(settings: Settings, test_database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The app with HIREFLOW_METRICS_TOKEN set."""
    from hireflow.app import create_app

    configured = settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})
    app = create_app(configured, database=test_database, run_worker=False)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as c,
        app.router.lifespan_context(app),
    ):
        yield c


def _families(body: str) -> dict[str, list[tuple[str, dict[str, str], float]]]:
    found: dict[str, list[tuple[str, dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(body):
        found[family.name] = [(s.name, s.labels, s.value) for s in family.samples]
    return found


async def test_the_public_is_refused(
    client: httpx.AsyncClient, scraper: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    anonymous = await client.get("/metrics")
    assert anonymous.status_code == 401
    assert "HIREFLOW_METRICS_TOKEN" in anonymous.json()["error"]["message"]
    assert (await scraper.get("/metrics")).status_code == 401
    wrong = await scraper.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401
    recruiter = await client.get("/metrics", headers=people["senior"].headers)
    assert recruiter.status_code == 403
    # No token configured: a bearer that looks like one is not one.
    guessed = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert guessed.status_code == 401


async def test_with_the_token_the_exposition_parses_and_has_the_families(
    scraper: httpx.AsyncClient, session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    queue = f"q-{uuid.uuid4().hex[:8]}"
    await session.execute(
        text(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, status) VALUES "
            "(:q, 'resumes.parse', 'todo'), (:q, 'resumes.parse', 'todo'), "
            "(:q, 'resumes.parse', 'doing'), (:q, 'resumes.parse', 'succeeded'), "
            "(:q, 'reviews.run', 'failed')"
        ),
        {"q": queue},
    )
    await session.flush()
    candidate = uuid.uuid4()
    await scraper.get(f"/api/candidates/{candidate}", headers=people["admin"].headers)
    await scraper.get("/no/such/page")
    with observe_sweep("expire"):
        pass
    with pytest.raises(RuntimeError), observe_sweep("reminders"):
        raise RuntimeError("a sweep failing is timed too")

    response = await scraper.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    families = _families(response.text)

    latency = families["hireflow_http_request_duration_seconds"]
    routes = {labels["route"] for name, labels, _v in latency if name.endswith("_count")}
    assert "/api/candidates/{candidate_id}" in routes
    assert "unmatched" in routes
    assert not any(str(candidate) in route for route in routes)

    depth = {
        labels["status"]: value
        for _n, labels, value in families["hireflow_queue_jobs"]
        if labels["queue"] == queue
    }
    assert depth["todo"] == 2 and depth["doing"] == 1
    assert depth["succeeded"] == 1 and depth["failed"] == 1 and depth["cancelled"] == 0
    waiting = {
        labels["queue"]: v for _n, labels, v in families["hireflow_queue_oldest_waiting_seconds"]
    }
    assert waiting[queue] >= 0

    outcomes = {
        (labels["task"], labels["outcome"]): value
        for _n, labels, value in families["hireflow_jobs_finished"]
    }
    assert outcomes[("resumes.parse", "succeeded")] >= 1
    assert outcomes[("reviews.run", "failed")] >= 1

    sweeps = {
        (labels["sweep"], labels["outcome"]): value
        for name, labels, value in families["hireflow_scheduler_sweep_duration_seconds"]
        if name.endswith("_count")
    }
    assert sweeps[("expire", "ok")] >= 1
    assert sweeps[("reminders", "error")] >= 1


async def test_an_admin_session_may_read_it(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    response = await client.get("/metrics", headers=people["admin"].headers)
    assert response.status_code == 200
    assert "hireflow_queue_jobs" in _families(response.text)


async def _run_periodic(
    session: AsyncSession, task: str, outcome: str, seconds: float, stamp: int
) -> None:
    """Defer, fetch and finish one periodic job through Procrastinate's own SQL functions (as
    the scheduler and a worker do), then make its run have taken ``seconds``."""
    queue = f"q-{uuid.uuid4().hex[:8]}"
    job = await session.scalar(
        text(
            "SELECT procrastinate_defer_periodic_job_v2(:q, NULL, NULL, :t, 0, '', :ts,"
            " jsonb_build_object('timestamp', CAST(:ts AS bigint)))"
        ),
        {"q": queue, "t": task, "ts": stamp},
    )
    worker = await session.scalar(text("SELECT worker_id FROM procrastinate_register_worker_v1()"))
    fetched = await session.scalar(
        text("SELECT id FROM procrastinate_fetch_job_v2(ARRAY[CAST(:q AS varchar)], :w)"),
        {"q": queue, "w": worker},
    )
    assert job is not None and fetched == job
    await session.execute(
        text("SELECT procrastinate_finish_job_v1(:j, CAST(:s AS procrastinate_job_status), false)"),
        {"j": job, "s": outcome},
    )
    await session.execute(
        text(
            "UPDATE procrastinate_events SET at = at - make_interval(secs => :s)"
            " WHERE job_id = :j AND type IN ('deferred', 'started')"
        ),
        {"j": job, "s": seconds},
    )
    await session.flush()


async def test_sweep_durations_are_read_from_the_queue_whichever_worker_ran_them(
    scraper: httpx.AsyncClient, session: AsyncSession
) -> None:
    quick, broken = f"sweep.quick-{uuid.uuid4().hex[:6]}", f"sweep.broken-{uuid.uuid4().hex[:6]}"
    await _run_periodic(session, quick, "succeeded", 2.5, 1_700_000_000)
    await _run_periodic(session, broken, "failed", 0.25, 1_700_000_000)
    # The last run is the one reported.
    await _run_periodic(session, quick, "succeeded", 0.5, 1_700_000_060)

    response = await scraper.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    families = _families(response.text)

    def by_task(family: str) -> dict[str, float]:
        return {labels["task"]: value for _n, labels, value in families[family]}

    took = by_task("hireflow_scheduler_sweep_last_duration_seconds")
    assert took[quick] == pytest.approx(0.5, abs=0.01)
    assert took[broken] == pytest.approx(0.25, abs=0.01)
    succeeded = by_task("hireflow_scheduler_sweep_last_succeeded")
    assert succeeded[quick] == 1 and succeeded[broken] == 0
    finished = by_task("hireflow_scheduler_sweep_last_finished_timestamp_seconds")
    assert finished[quick] > 1_700_000_000
