"""Cost of the verified identity: the same queries with and without claim verification.

On a throw-away embedded PostgreSQL, ``--count`` candidates are stored; then, as the
runtime role, the same statements run at revision ``notifications`` (identity from plain
settings) and at ``security`` (every ``hireflow_role()`` / ``hireflow_user_id()`` call
verifies the HMAC-signed claim):

- one function call (``SELECT hireflow_role()`` over ``--calls`` rows): the per-call cost;
- a one-row candidate lookup by id, as an admin and as a junior: the per-query overhead;
- a full count of candidates as a junior (the policy evaluated on every row): the worst case.

    .venv/bin/python bench/identity.py [--count 5000] [--calls 100000] [--repeat 200]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.roles import Role
from hireflow.config import Settings
from hireflow.db import migrate
from hireflow.db.engine import Database
from hireflow.db.server import resolve_database
from hireflow.db.session import SYSTEM, Actor, unit_of_work


async def _time(action: Callable[[], Awaitable[object]], repeat: int) -> float:
    """Median seconds of ``action`` over ``repeat`` runs (after one warm-up)."""
    await action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        await action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


async def measure(
    database: Database, admin: Actor, junior: Actor, args: argparse.Namespace, probe: uuid.UUID
) -> dict[str, float]:
    figures: dict[str, float] = {}
    for label, actor in (("admin", admin), ("junior", junior)):
        async with unit_of_work(database.runtime_sessions, actor) as session:

            async def lookup(s: AsyncSession = session) -> object:
                return await s.scalar(
                    text("SELECT first_name FROM candidates WHERE id = :id"), {"id": probe}
                )

            figures[f"lookup_{label}"] = await _time(lookup, args.repeat)
    async with unit_of_work(database.runtime_sessions, junior) as session:

        async def count(s: AsyncSession = session) -> object:
            return await s.scalar(text("SELECT count(*) FROM candidates"))

        figures["count_junior"] = await _time(count, max(3, args.repeat // 20))

        async def calls(s: AsyncSession = session) -> object:
            return await s.scalar(
                text(
                    "SELECT count(*) FROM generate_series(1, :n) g WHERE hireflow_role() <> g::text"
                ),
                {"n": args.calls},
            )

        figures["calls"] = await _time(calls, 5) / args.calls
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="candidates stored")
    parser.add_argument("--calls", type=int, default=100_000, help="function calls timed")
    parser.add_argument("--repeat", type=int, default=200, help="runs per query (median)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="hireflow-bench-"))
    settings = Settings(
        data_dir=tmp,
        db_name="identity_bench",
        load_demo_data=False,
        log_level="WARNING",
        _env_file=None,  # type: ignore[call-arg]
    )
    target = resolve_database(settings)
    admin, junior = Actor(uuid.uuid4(), Role.ADMIN), Actor(uuid.uuid4(), Role.JUNIOR)
    probe = uuid.uuid4()

    async def seed() -> None:
        database = Database.connect(target, pool_size=2)
        try:
            async with unit_of_work(database.system_sessions, SYSTEM) as session:
                for actor in (admin, junior):
                    await session.execute(
                        text(
                            "INSERT INTO users (id, email, password_hash, first_name, "
                            "last_name, role) VALUES (:id, :email, 'x', 'B', 'B', :role)"
                        ),
                        {
                            "id": actor.user_id,
                            "email": f"{actor.role}@bench.test",
                            "role": actor.role,
                        },
                    )
                ids = [probe] + [uuid.uuid4() for _ in range(args.count - 1)]
                await session.execute(
                    text(
                        "INSERT INTO candidates (id, first_name, last_name) "
                        "SELECT id, 'Bench', 'Candidate' FROM unnest(CAST(:ids AS uuid[])) id"
                    ),
                    {"ids": ids},
                )
                # The junior sees 1 in 10 (assigned), the rest is hidden by the policy.
                await session.execute(
                    text(
                        "INSERT INTO user_candidate_assignments (id, user_id, candidate_id, "
                        "assigned_by_user_id, is_active, assignment_type) "
                        "SELECT gen_random_uuid(), :u, id, :a, true, 'primary' "
                        "FROM unnest(CAST(:ids AS uuid[])) id"
                    ),
                    {"u": junior.user_id, "a": admin.user_id, "ids": ids[::10]},
                )
        finally:
            await database.dispose()

    async def run() -> dict[str, float]:
        database = Database.connect(target, pool_size=2)
        try:
            return await measure(database, admin, junior, args, probe)
        finally:
            await database.dispose()

    try:
        migrate.upgrade(settings, target.migration_url, "head")
        asyncio.run(seed())
        with_claims = asyncio.run(run())
        migrate.downgrade(settings, target.migration_url, "notifications")
        without = asyncio.run(run())
        migrate.upgrade(settings, target.migration_url, "head")
    finally:
        if target.embedded is not None:
            target.embedded.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"identity check cost, {args.count} candidates, runtime role, median of runs")
    print(f"{'statement':<42}{'settings only':>15}{'verified claim':>16}{'overhead':>12}")
    rows = (
        ("one hireflow_role() call", "calls", 1e6, "µs"),
        ("candidate by id, admin", "lookup_admin", 1e3, "ms"),
        ("candidate by id, junior", "lookup_junior", 1e3, "ms"),
        (f"count(*) of {args.count} candidates, junior", "count_junior", 1e3, "ms"),
    )
    for label, key, scale, unit in rows:
        before, after = without[key] * scale, with_claims[key] * scale
        print(
            f"{label:<42}{before:>12.3f} {unit}{after:>13.3f} {unit}{after - before:>+9.3f} {unit}"
        )


if __name__ == "__main__":
    main()
