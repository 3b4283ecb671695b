"""Performance at scale: ``--candidates`` (1,000,000) candidates with resumes and applications.

Generates everything in PostgreSQL set-based (``generate_series``, in chunks, with progress) on
a throw-away embedded server, then measures through the app's own functions, under the
caller's identity (row-level security on), each next to the same query without its indexes
(``SET LOCAL enable_indexscan/bitmapscan/indexonlyscan = off`` in that transaction) or the
previous implementation, in the same run:

- candidate list (first page, and a later page through the keyset cursor) and search (full
  text, and a misspelt name through trigrams), p50/p95, as a senior and as a junior (who sees
  only the candidates assigned to them);
- a job's ranked applicants (``jobs.repository.applications_of``, the applicants page);
- close + shortlist of a job with 10,000 applications (current vs previous implementation).

    .venv/bin/python bench/scale.py [--candidates 1000000] [--runs 30] [--data-dir DIR]

With ``--data-dir`` the cluster is kept there (stopped at the end) and a later run with the same
directory reuses its data instead of seeding again.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import RequestMeta
from hireflow.auth import accounts
from hireflow.auth.roles import Role
from hireflow.auth.schemas import UserCreate
from hireflow.automation.service import Trigger
from hireflow.candidates import search
from hireflow.config import Settings
from hireflow.db import migrate
from hireflow.db.engine import Database
from hireflow.db.server import resolve_database
from hireflow.db.session import SYSTEM, Actor, switch_actor, unit_of_work
from hireflow.jobs import repository as job_queries
from hireflow.jobs.shortlisting import service as shortlisting

sys.path.insert(0, str(Path(__file__).parent))
import shortlist_close  # the previous implementation of close + shortlist

CHUNK = 100_000
BUDGET = 15.0  # seconds of samples per probe and variant (slow probes get fewer samples)
PER_JOB = 10_000
FIRST = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jon", "Kofi"]
LAST = ["Garcia", "Smith", "Nguyen", "Okafor", "Kowalski", "Tanaka", "Haddad", "Silva", "Berg"]
COMPANY = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne"]
NO_INDEX_LIMIT_S = 30  # a no-index sample still running after this is reported as "> 30 s"
NO_INDEX = (
    f"SET LOCAL statement_timeout = '{NO_INDEX_LIMIT_S}s'",
    "SET LOCAL enable_indexscan = off",
    "SET LOCAL enable_bitmapscan = off",
    "SET LOCAL enable_indexonlyscan = off",
)

CANDIDATES = """
INSERT INTO candidates (id, first_name, last_name, email, current_company, current_position,
                        years_experience, created_by_user_id, created_at, updated_at)
SELECT md5('c' || g)::uuid,
       (CAST(:first AS text[]))[1 + g % cardinality(CAST(:first AS text[]))],
       (CAST(:last AS text[]))[1 + (g / 11) % cardinality(CAST(:last AS text[]))] || g,
       'candidate' || g || '@example.test',
       (CAST(:company AS text[]))[1 + g % cardinality(CAST(:company AS text[]))],
       'Engineer ' || g % 50, g % 30, :senior,
       timestamptz '2026-01-01' + make_interval(secs => g * 10),
       timestamptz '2026-01-01' + make_interval(secs => g * 10)
  FROM generate_series(:lo, :hi) g
"""
RESUMES = """
INSERT INTO resumes (candidate_id, uploaded_by_user_id, original_filename, stored_filename,
                     file_hash, file_size, mime_type, status, progress, extracted_text,
                     word_count)
SELECT md5('c' || g)::uuid, :senior, 'resume' || g || '.txt', 'resume' || g || '.txt',
       encode(sha256(('resume' || g)::bytea), 'hex'), 400, 'text/plain', 'completed', 100,
       'Candidate ' || g || E'\\nEXPERIENCE\\nBackend Engineer, Example Corp, 2019 - 2024\\n'
       || E'SKILLS\\nPython, PostgreSQL, Docker\\n', 12
  FROM generate_series(:lo, :hi) g
"""
APPLICATIONS = """
INSERT INTO applications (job_id, candidate_id, fit_score, ai_processed,
                          scored_requirements_version, applied_at)
SELECT md5('j' || (g % :jobs))::uuid, md5('c' || g)::uuid, (g::bigint * 7919) % 1000 / 10.0,
       true, 1,
       timestamptz '2026-06-01' + make_interval(secs => g)
  FROM generate_series(:lo, :hi) g
"""
JOBS = """
INSERT INTO jobs (id, title, number_of_openings, shortlisting_buffer, owner_user_id)
SELECT md5('j' || j)::uuid, 'Backend Engineer ' || j, 5, 10, :senior
  FROM generate_series(0, :jobs - 1) j
"""
ASSIGN = """
INSERT INTO user_candidate_assignments (user_id, candidate_id, assigned_by_user_id)
SELECT :junior, md5('c' || g)::uuid, :senior FROM generate_series(1, :n, :step) g
"""


async def _user(database: Database, role: Role) -> uuid.UUID:
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        user, _ = await accounts.create_user(
            session,
            UserCreate(
                email=f"{role.value}@example.test",
                first_name=role.value.split("_")[0].title(),
                last_name="Bench",
                role=role,
                password="bench-password-123456",
            ),
            actor_id=None,
            meta=RequestMeta(),
        )
        return user.id


async def seed(database: Database, count: int) -> tuple[Actor, Actor, int]:
    senior = await _user(database, Role.SENIOR)
    junior = await _user(database, Role.JUNIOR)
    jobs = max(2, count // PER_JOB)
    names = {"first": FIRST, "last": LAST, "company": COMPANY}
    started = time.perf_counter()
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await session.execute(text(JOBS), {"jobs": jobs, "senior": senior})
    for lo in range(1, count + 1, CHUNK):
        hi = min(count, lo + CHUNK - 1)
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            bounds = {"lo": lo, "hi": hi, "senior": senior}
            await session.execute(text(CANDIDATES), bounds | names)
            await session.execute(text(RESUMES), bounds)
            await session.execute(text(APPLICATIONS), bounds | {"jobs": jobs})
        elapsed = time.perf_counter() - started
        print(f"  seeded {hi:>9,} / {count:,} candidates  ({elapsed:6.1f} s)", flush=True)
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        step = max(1, count // 2_000)  # the junior is assigned 2,000 candidates
        await session.execute(
            text(ASSIGN), {"junior": junior, "senior": senior, "n": count, "step": step}
        )
    async with database.system_engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE"))
    print(f"  seeded and analysed in {time.perf_counter() - started:.1f} s", flush=True)
    return Actor(senior, Role.SENIOR.value), Actor(junior, Role.JUNIOR.value), jobs


async def _count(database: Database, sql: str) -> int:
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        return int((await session.execute(text(sql))).scalar_one())


async def already_seeded(database: Database) -> tuple[Actor, Actor, int] | None:
    """The senior, the junior and the number of jobs of an earlier run's data, if any."""
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        emails = [f"{role.value}@example.test" for role in (Role.SENIOR, Role.JUNIOR)]
        found = await session.execute(
            text("SELECT email, id FROM users WHERE email = ANY(:emails)"), {"emails": emails}
        )
        users = {email: user_id for email, user_id in found.all()}
        jobs = int((await session.execute(text("SELECT count(*) FROM jobs"))).scalar_one())
    senior = users.get(f"{Role.SENIOR.value}@example.test")
    junior = users.get(f"{Role.JUNIOR.value}@example.test")
    if senior is None or junior is None or not jobs:
        return None
    return Actor(senior, Role.SENIOR.value), Actor(junior, Role.JUNIOR.value), jobs


Probe = Callable[[AsyncSession], Awaitable[Any]]


class Captured:
    """The application queries a probe sent (to time them again with EXPLAIN ANALYZE)."""

    def __init__(self, database: Database) -> None:
        self.statements: list[tuple[str, Any]] = []
        event.listen(database.runtime_engine.sync_engine, "before_cursor_execute", self.seen)

    def seen(self, _conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "set_config" not in statement:
            self.statements.append((statement, params))


async def timed(
    database: Database, captured: Captured, actor: Actor, probe: Probe, *, indexes: bool
) -> tuple[float, float]:
    """One probe in its own transaction as ``actor``: milliseconds through the app, and the
    server's execution time of its queries (each run again with EXPLAIN ANALYZE, same
    transaction and identity, summed: a search that first lists resume matches counts both).
    A no-index sample cancelled by its statement timeout is ``inf``."""
    try:
        return await _timed(database, captured, actor, probe, indexes=indexes)
    except DBAPIError as exc:
        if indexes or "statement timeout" not in str(exc):
            raise
        # Its transaction ended before DISCARD PLANS: new connections, new plan caches.
        await database.runtime_engine.dispose()
        return float("inf"), float("inf")


async def _timed(
    database: Database, captured: Captured, actor: Actor, probe: Probe, *, indexes: bool
) -> tuple[float, float]:
    async with database.runtime_sessions() as session, session.begin():
        await switch_actor(session, actor)
        if not indexes:
            for statement in NO_INDEX:
                await session.execute(text(statement))
        captured.statements.clear()
        started = time.perf_counter()
        await probe(session)
        elapsed = (time.perf_counter() - started) * 1000
        sent = list(captured.statements)
        assert sent
        connection = await session.connection()
        server = 0.0
        for sql, params in sent:
            plan = (
                await connection.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            ).scalar_one()
            server += float(plan[0]["Execution Time"])
        if not indexes:
            # Plans cached on this pooled connection while indexes were off (the driver's
            # prepared statements, the PL/pgSQL functions' plans) would otherwise be reused by
            # the next indexed probe.
            await session.execute(text("DISCARD PLANS"))
        await session.rollback()
    return elapsed, server


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def _figures(samples: list[tuple[float, float]]) -> str:
    if samples[-1][1] == float("inf"):
        return f"timed out (> {NO_INDEX_LIMIT_S} s)"
    app = [a for a, _ in samples]
    server = [s for _, s in samples]
    return (
        f"server p50 {statistics.median(server):7.2f} p95 {percentile(server, 0.95):7.2f} ms"
        f" (app p95 {percentile(app, 0.95):7.2f})"
    )


async def sampled(
    database: Database, captured: Captured, actor: Actor, probe: Probe, runs: int, *, indexes: bool
) -> list[tuple[float, float]]:
    """Up to ``runs`` samples, stopping after BUDGET seconds (at least 3 samples)."""
    samples: list[tuple[float, float]] = []
    deadline = time.perf_counter() + BUDGET
    while len(samples) < runs and (len(samples) < 3 or time.perf_counter() < deadline):
        samples.append(await timed(database, captured, actor, probe, indexes=indexes))
        if samples[-1][1] == float("inf"):
            break  # timed out: one such sample says it
    return samples


async def report(
    database: Database,
    captured: Captured,
    name: str,
    actor: Actor,
    probe: Probe,
    runs: int,
    baseline_runs: int,
) -> None:
    await timed(database, captured, actor, probe, indexes=True)  # warm the cache
    fast = await sampled(database, captured, actor, probe, runs, indexes=True)
    slow = await sampled(database, captured, actor, probe, baseline_runs, indexes=False)
    print(
        f"  {name:<34} {_figures(fast)} n={len(fast)}  | no index: {_figures(slow)} n={len(slow)}",
        flush=True,
    )


def listing(query: search.CandidateQuery) -> Probe:
    async def probe(session: AsyncSession) -> Any:
        return await search.search(session, query)

    return probe


async def later_page_cursor(database: Database, actor: Actor, pages: int) -> str | None:
    cursor = None
    async with database.runtime_sessions() as session, session.begin():
        await switch_actor(session, actor)
        for _ in range(pages):
            _, cursor = await search.search(session, search.CandidateQuery(cursor=cursor))
    return cursor


async def close_ranked(database: Database, job: uuid.UUID) -> None:
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        await shortlisting.close_and_shortlist(session, job, trigger=Trigger.MANUAL)


async def run(settings: Settings, count: int, runs: int) -> None:
    target = resolve_database(settings, fast_unsafe=True)
    try:
        migrate.upgrade(settings, target.migration_url, "head")
        database = Database.connect(target, pool_size=2)
        seeded = await already_seeded(database)
        if seeded is None:
            print(f"seeding {count:,} candidates, resumes and applications:", flush=True)
            senior, junior, jobs = await seed(database, count)
        else:
            print("reusing the seeded data of --data-dir", flush=True)
            senior, junior, jobs = seeded
            count = await _count(database, "SELECT count(*) FROM candidates")
        big, ranked = (uuid.UUID(_md5(f"j{j}")) for j in (0, 1))
        if seeded is None:
            await close_ranked(database, ranked)
        baseline_runs = max(3, runs // 6)
        captured = Captured(database)
        print(f"\n{count:,} candidates, {jobs} jobs of ~{PER_JOB:,} applications; {runs} runs")
        g = count // 2
        last = LAST[(g // 11) % len(LAST)]
        typo = f"{FIRST[g % len(FIRST)]} {last[0] + last[2] + last[1] + last[3:]}{g}"  # swapped
        for who, actor in (("senior", senior), ("junior", junior)):
            cursor = await later_page_cursor(database, actor, 5 if who == "senior" else 2)
            probes: list[tuple[str, Probe]] = [
                ("list, first page", listing(search.CandidateQuery())),
                ("list, later page (keyset cursor)", listing(search.CandidateQuery(cursor=cursor))),
                ("list by name", listing(search.CandidateQuery(sort="name"))),
                ("search 'garcia' (full text)", listing(search.CandidateQuery(q="garcia"))),
                (
                    "search 'python' (every resume)",
                    listing(search.CandidateQuery(q="python")),
                ),
                (
                    f"search {typo!r} (trigram)",
                    listing(search.CandidateQuery(q=typo)),
                ),
            ]
            print(f"as a {who}:")
            for name, probe in probes:
                await report(database, captured, name, actor, probe, runs, baseline_runs)

        async def every_applicant(session: AsyncSession) -> Any:
            return await job_queries.applications_of(session, ranked)

        def applicants_page(number: int) -> Probe:
            async def probe(session: AsyncSession) -> Any:
                # What the job page and the API run: the counts, then one page.
                await job_queries.stage_counts(session, ranked)
                return await job_queries.applications_page(
                    session, ranked, offset=(number - 1) * 50, limit=50
                )

            return probe

        print("a job's ranked applicants (~10,000, as the senior):")
        pages = [
            ("page 1 of 50 rows", applicants_page(1)),
            ("page 200 of 50 rows", applicants_page(200)),
        ]
        for name, probe in pages:
            await report(database, captured, name, senior, probe, runs, baseline_runs)
        await report(
            database,
            captured,
            "all rows (previous page)",
            senior,
            every_applicant,
            max(5, runs // 3),
            3,
        )
        print("close + shortlist of a job with ~10,000 applications:", flush=True)
        await shortlist_close.compare(database, big, repeat=3)
        await database.dispose()
    finally:
        if target.embedded is not None:
            target.embedded.stop()


def _md5(value: str) -> str:
    import hashlib

    return hashlib.md5(value.encode()).hexdigest()  # ids, as md5(...)::uuid in SQL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--data-dir", type=Path, help="keep (and reuse) the seeded cluster here")
    args = parser.parse_args()
    keep = args.data_dir is not None
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="hireflow-scale-"))
    settings = Settings(
        data_dir=data_dir, load_demo_data=False, log_level="WARNING", _env_file=None
    )  # type: ignore[call-arg]
    try:
        asyncio.run(run(settings, args.candidates, args.runs))
    finally:
        if not keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
