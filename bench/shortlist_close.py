"""Close + shortlist of one job with ``--count`` (10,000) scored applications, in PostgreSQL.

Generates the job, candidates and scored applications set-based (``generate_series``) on a
throw-away embedded PostgreSQL, then times ``shortlisting.close_and_shortlist`` (one
transaction: rank, shortlist, write back, log every event) twice on the same data, each run
rolled back: the current code (the unscored ones found in SQL; the machine's input read as
plain rows in one query; one set-based UPDATE; the automation log one multi-row insert) and
the previous implementation (every application loaded as an ORM object twice: once to find
the unscored ones in Python, once for the machine), in the same run.

    .venv/bin/python bench/shortlist_close.py [--count 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import text

from hireflow.automation.service import Trigger
from hireflow.config import Settings
from hireflow.db import migrate
from hireflow.db.engine import Database
from hireflow.db.server import resolve_database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.jobs import scoring_service
from hireflow.jobs import service as jobs
from hireflow.jobs.repository import Standing
from hireflow.jobs.shortlisting import service as shortlisting

SEED = """
INSERT INTO jobs (id, title, number_of_openings, shortlisting_buffer)
VALUES (:job, 'Backend Engineer', 5, 10);
INSERT INTO candidates (id, first_name, last_name)
SELECT md5('c' || g)::uuid, 'Candidate', g::text FROM generate_series(1, :n) g;
INSERT INTO applications (job_id, candidate_id, fit_score, ai_processed,
                          scored_requirements_version, applied_at)
SELECT :job, md5('c' || g)::uuid, (g * 7919) % 1000 / 10.0, true, 1,
       now() - make_interval(mins => g)
  FROM generate_series(1, :n) g;
"""


class PreviousJobs:
    """The previous implementation's reads: every application loaded as an ORM object twice
    (once to find the unscored ones in Python, once for the state machine)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(jobs, name)

    @staticmethod
    async def standings_of(session: Any, job_id: uuid.UUID) -> list[Standing]:
        return [
            Standing(
                a.id,
                a.fit_score,
                a.applied_at,
                a.shortlist_status,
                a.rank,
                a.buffer_position,
                a.manual_decision,
                len((a.score_breakdown or {}).get("must_have_matched", ())),
            )
            for a in await jobs.applications_of(session, job_id)
        ]


async def previous_score_unprocessed(session: Any, job: Any) -> int:
    stale = [
        a
        for a in await jobs.applications_of(session, job.id)
        if not a.ai_processed
        or a.scored_requirements_version != job.requirements_version
        or a.score_error is not None
    ]
    if stale:
        await scoring_service.score_applications(session, job, stale)
    return len(stale)


async def timed_close(database: Database, job: uuid.UUID) -> float:
    async with database.system_sessions() as session, session.begin():
        await switch_actor(session, SYSTEM)
        started = time.perf_counter()
        outcome = await shortlisting.close_and_shortlist(session, job, trigger=Trigger.MANUAL)
        elapsed = time.perf_counter() - started
        assert outcome.ran and outcome.shortlisted == 5, outcome  # every opening filled
        await session.rollback()
    return elapsed


async def compare(database: Database, job: uuid.UUID, repeat: int) -> None:
    """Time the current and the previous implementation on ``job``, alternating, and print."""
    results: dict[str, list[float]] = {"current": [], "previous": []}
    current = shortlisting.jobs, shortlisting.score_unprocessed
    previous = PreviousJobs(), previous_score_unprocessed
    try:
        for _ in range(repeat):
            shortlisting.jobs, shortlisting.score_unprocessed = current
            results["current"].append(await timed_close(database, job))
            shortlisting.jobs, shortlisting.score_unprocessed = previous  # type: ignore[assignment]
            results["previous"].append(await timed_close(database, job))
    finally:
        shortlisting.jobs, shortlisting.score_unprocessed = current
    for name, times in results.items():
        print(
            f"  {name:<22} {statistics.median(times):7.3f} s   runs: "
            + ", ".join(f"{t:.3f}" for t in times),
            flush=True,
        )


async def run(settings: Settings, count: int, repeat: int) -> None:
    target = resolve_database(settings, fast_unsafe=True)
    try:
        migrate.upgrade(settings, target.migration_url, "head")
        database = Database.connect(target, pool_size=2)
        job = uuid.uuid4()
        async with database.system_sessions() as session, session.begin():
            await switch_actor(session, SYSTEM)
            for statement in SEED.split(";"):
                if statement.strip():
                    await session.execute(text(statement), {"job": job, "n": count})
        print(f"close + shortlist of a job with {count:,} applications (median of {repeat}):")
        await compare(database, job, repeat)
        await database.dispose()
    finally:
        if target.embedded is not None:
            target.embedded.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="hireflow-bench-"))
    settings = Settings(
        data_dir=data_dir, load_demo_data=False, log_level="WARNING", _env_file=None
    )  # type: ignore[call-arg]
    try:
        asyncio.run(run(settings, args.count, args.repeat))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
