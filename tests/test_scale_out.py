"""Scale-out: the web process and two workers as separate OS processes, each with its own
data directory, sharing only PostgreSQL and S3 (moto's server on loopback). A worker killed
with SIGKILL in the middle of a resume job: the other worker completes it, once.

The job is held mid-way by a row lock the test takes on the candidate (the job's second
transaction locks that row to fill the candidate's blanks): the job is observably running
(``doing``, the killed worker's id, its first transaction committed, its backend waiting on
the lock) when the worker is killed. The stalled-job retry puts it back once the dead
worker's heartbeat is older than ``HIREFLOW_STALLED_WORKER_SECONDS`` (set short here).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import boto3
import httpx
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import text

from hireflow.auth.roles import Role
from hireflow.db import migrate
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.kit.secrets import instance_secret
from tests.conftest import TestServer
from tests.factories import PASSWORD, make_user
from tests.test_cli_serve import _free_port

DB = "hireflow_scale_out"
BUCKET = "hireflow-scale-out"
STALLED_AFTER = 6.0  # seconds of silence before a worker counts as dead
T = TypeVar("T")

RESUME = """{name}
{email}

EXPERIENCE
Backend Engineer, Example Corp
2019 - 2024
Built payment services in Python and PostgreSQL.

SKILLS
Python, PostgreSQL, Docker
"""


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="scale",
        aws_secret_access_key="scale",
    ).create_bucket(Bucket=BUCKET)
    try:
        yield endpoint
    finally:
        server.stop()


@pytest.fixture
async def shared_database(pg_server: TestServer) -> AsyncIterator[Database]:
    target = pg_server.target(DB)
    migrate.upgrade(pg_server.settings_for(DB), target.migration_url, "head")
    database = Database.connect(target, pool_size=3)
    try:
        yield database
    finally:
        await database.dispose()
        pg_server.drop_database(DB)


class Cluster:
    """The processes of one deployment: web and workers, each started with its own env."""

    def __init__(self, pg_server: TestServer, database: Database, s3: str, root: Path) -> None:
        settings = pg_server.settings_for(DB)
        url = database.target.migration_url.render_as_string(hide_password=False)
        self.root = root
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.base = {k: v for k, v in os.environ.items() if not k.startswith("HIREFLOW_")}
        self.base |= {
            "HIREFLOW_DATABASE_URL": url,
            "HIREFLOW_SECRET_KEY": instance_secret(settings).decode(),
            "HIREFLOW_LOAD_DEMO_DATA": "false",
            "HIREFLOW_LOG_LEVEL": "WARNING",
            "HIREFLOW_AI_PROVIDER": "offline",
            "HIREFLOW_STORAGE_BACKEND": "s3",
            "HIREFLOW_S3_BUCKET": BUCKET,
            "HIREFLOW_S3_ENDPOINT_URL": s3,
            "HIREFLOW_S3_ACCESS_KEY_ID": "scale",
            "HIREFLOW_S3_SECRET_ACCESS_KEY": "scale",
            "HIREFLOW_WORKER_HEARTBEAT_SECONDS": "0.5",
            "HIREFLOW_STALLED_WORKER_SECONDS": str(STALLED_AFTER),
        }
        for name in ("runtime", "system"):
            password = getattr(settings, f"db_{name}_password")
            if password is not None:
                self.base[f"HIREFLOW_DB_{name.upper()}_PASSWORD"] = password.get_secret_value()

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        data_dir = self.root / name  # no shared disk: every process has its own
        data_dir.mkdir()
        env = self.base | {"HIREFLOW_DATA_DIR": str(data_dir), "PGAPPNAME": name}
        process = subprocess.Popen(
            [sys.executable, "-m", "hireflow", *args],
            env=env,
            cwd=data_dir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.processes[name] = process
        return process

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def output(self, name: str) -> str:
        stream = self.processes[name].stderr
        return stream.read().decode(errors="replace")[-3000:] if stream else ""


async def _until(
    what: str,
    probe: Callable[[], Awaitable[T | None]],
    cluster: Cluster,
    within: float = 30,
    state: Callable[[], Awaitable[object]] | None = None,
) -> T:
    """Poll ``probe`` until it returns something, within a deadline (no fixed waits)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for name, process in cluster.processes.items():
            if process.returncode is None and process.poll() is not None:  # not the killed one
                raise AssertionError(f"{name} exited early:\n{cluster.output(name)}")
        found = await probe()
        if found is not None and found is not False:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}: {await state() if state else ''}")


async def _rows(database: Database, sql: str, **params: Any) -> list[Any]:
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        return list((await session.execute(text(sql), params)).all())


async def test_a_worker_killed_mid_job_is_replaced_by_the_other_once(
    pg_server: TestServer, shared_database: Database, s3_endpoint: str, tmp_path: Path
) -> None:
    database = shared_database
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        senior = await make_user(session, Role.SENIOR)
    cluster = Cluster(pg_server, database, s3_endpoint, tmp_path)
    try:
        port = _free_port()
        web = cluster.start("web", "serve", "--no-worker", "--port", str(port))
        await asyncio.to_thread(_wait_ready_or_no_worker, port, web)
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base, timeout=30) as api:
            login = await api.post(
                "/api/auth/login", json={"email": senior.email, "password": PASSWORD}
            )
            assert login.status_code == 200, login.text
            api.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
            uploads: dict[str, uuid.UUID] = {}  # resume id -> candidate id
            for n in range(4):
                made = await api.post(
                    "/api/candidates", json={"first_name": "Dana", "last_name": f"Scale{n}"}
                )
                assert made.status_code == 201, made.text
                candidate_id = uuid.UUID(made.json()["id"])
                body = RESUME.format(name=f"Dana Scale{n}", email=f"dana{n}@example.test")
                sent = await api.post(
                    f"/api/candidates/{candidate_id}/resumes",
                    files={"file": (f"dana{n}.txt", body.encode(), "text/plain")},
                )
                assert sent.status_code == 201, sent.text
                uploads[sent.json()["resume"]["id"]] = candidate_id
            held_resume, held_candidate = next(iter(uploads.items()))

            # Hold the candidate row: the job for its resume stops mid-way, at that row.
            async with unit_of_work(database.system_sessions, SYSTEM) as holder:
                await holder.execute(
                    text("SELECT 1 FROM candidates WHERE id = :c FOR UPDATE"),
                    {"c": held_candidate},
                )
                for name in ("worker-a", "worker-b"):
                    cluster.start(name, "worker", "--concurrency", "2")

                async def waiting_worker() -> tuple[str, int, int] | None:
                    rows = await _rows(
                        database,
                        "SELECT a.application_name, j.id, j.worker_id, r.status "
                        "FROM procrastinate_jobs j JOIN resumes r ON r.id::text = "
                        "j.args->>'resume_id' JOIN pg_stat_activity a "
                        "ON a.application_name LIKE 'worker-%' AND a.wait_event_type = 'Lock' "
                        "WHERE j.task_name = 'process_resume' AND j.status = 'doing' "
                        "AND r.id = :r",
                        r=held_resume,
                    )
                    if len(rows) == 1 and rows[0][3] == "processing" and rows[0][2] is not None:
                        return str(rows[0][0]), int(rows[0][1]), int(rows[0][2])
                    return None

                async def queue_state() -> object:
                    return await _rows(
                        database,
                        "SELECT j.id, j.task_name, j.status::text, j.worker_id, j.args, "
                        "(SELECT array_agg(application_name || ':' || coalesce(wait_event_type, "
                        "'-') || ':' || left(query, 60)) FROM pg_stat_activity "
                        "WHERE application_name LIKE 'worker-%') FROM procrastinate_jobs j",
                    )

                holder_name, job_id, dead_worker = await _until(
                    "a worker to be stuck mid-job",
                    waiting_worker,
                    cluster,
                    within=120,  # two fresh Python processes start (slow on a loaded machine)
                    state=queue_state,
                )
                survivor = "worker-b" if holder_name == "worker-a" else "worker-a"
                cluster.processes[holder_name].send_signal(signal.SIGKILL)
                cluster.processes[holder_name].wait()
                # The lock is released here (the holder's transaction ends).

            async def finished() -> list[Any] | None:
                rows = await _rows(
                    database,
                    "SELECT status::text, attempts, worker_id FROM procrastinate_jobs "
                    "WHERE id = :j",
                    j=job_id,
                )
                return rows if rows[0][0] == "succeeded" else None

            (status, _, _), *_ = await _until(
                "the other worker to finish the job", finished, cluster, within=45
            )
            assert cluster.processes[survivor].poll() is None, "the survivor keeps running"
            timeline = await _rows(
                database,
                "SELECT type::text, at FROM procrastinate_events WHERE job_id = :j ORDER BY id",
                j=job_id,
            )
            events = [e for e, _ in timeline]
            assert status == "succeeded", (status, events)
            assert events.count("started") == 2, events  # the killed worker's, the survivor's
            assert events.count("deferred_for_retry") == 1, events  # by the stalled-job retry
            assert events.count("succeeded") == 1, events
            assert "failed" not in events, events
            assert await _rows(
                database,
                "SELECT 1 FROM procrastinate_workers WHERE id = :w "
                "AND last_heartbeat < now() - make_interval(secs => :s)",
                w=dead_worker,
                s=STALLED_AFTER,
            ), "the dead worker's heartbeat stopped"

            async def all_completed() -> bool:
                rows = await _rows(database, "SELECT status FROM resumes")
                return len(rows) == len(uploads) and all(s == "completed" for (s,) in rows)

            await _until("every resume to be parsed", all_completed, cluster)
            sections = dict(
                await _rows(
                    database,
                    "SELECT resume_id::text, count(*) FROM resume_sections GROUP BY resume_id",
                )
            )
            assert set(sections) == set(uploads)
            assert len(set(sections.values())) == 1, f"one set of sections each: {sections}"
            jobs_per_resume = await _rows(
                database,
                "SELECT args->>'resume_id', count(*), min(status::text) FROM procrastinate_jobs "
                "WHERE task_name = 'process_resume' GROUP BY 1",
            )
            assert sorted(jobs_per_resume) == sorted((r, 1, "succeeded") for r in uploads), (
                "one job per resume, each succeeded"
            )
            filled = await _rows(
                database, "SELECT email FROM candidates WHERE id = :c", c=held_candidate
            )
            assert filled == [("dana0@example.test",)], "the candidate's blanks filled"

            # The file lives in S3 only: the web reads it back; no data directory holds it.
            download = await api.get(f"/api/resumes/{held_resume}/file")
            assert download.status_code == 200, download.text
            assert b"Dana Scale0" in download.content
            s3 = boto3.client(
                "s3",
                endpoint_url=s3_endpoint,
                region_name="us-east-1",
                aws_access_key_id="scale",
                aws_secret_access_key="scale",
            )
            assert s3.list_objects_v2(Bucket=BUCKET)["KeyCount"] == len(uploads)
            on_disk = await asyncio.to_thread(lambda: [str(p) for p in tmp_path.rglob("*.txt")])
            assert not on_disk, on_disk
    finally:
        cluster.stop()


def _wait_ready_or_no_worker(port: int, process: subprocess.Popen[bytes]) -> None:
    """The web process is up once the API answers (``/readyz`` also wants a worker heartbeat,
    and the workers start later)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("hireflow serve exited early")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise AssertionError("hireflow serve did not answer")
