"""Benchmark: migrate generated v1.0 data to v1.1 on the embedded PostgreSQL.

    python bench/legacy_migration.py --scale 100000 [--seed 1] [--downgrade]

Starts a throw-away embedded server with default settings (fsync on), builds the v1.0
schema, generates ``--scale`` uploads (and as many requests, their results and prompt
history), then runs ``upgrade v1_1`` and prints the time of each phase and the total.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL

from hireflow.config import Settings
from hireflow.db import migrate
from hireflow.db.server import resolve_database
from hireflow.legacy.generator import generate_legacy_data, legacy_counts
from hireflow.legacy.progress import (
    DISCARD_NEW_DATA_ATTRIBUTE,
    OBSERVER_ATTRIBUTE,
    RecordingObserver,
)


def libpq_url(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000, help="v1.0 uploads to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--downgrade", action="store_true", help="also time the downgrade")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="hireflow-bench-"))
    settings = Settings(data_dir=tmp, db_name="legacy_bench", load_demo_data=False,
                        log_level="WARNING", _env_file=None)  # type: ignore[call-arg]
    target = resolve_database(settings)
    try:
        migrate.upgrade(settings, target.migration_url, "v1_0")
        started = time.perf_counter()
        with psycopg.connect(libpq_url(target.migration_url)) as conn:
            generate_legacy_data(conn, args.scale, args.seed)
            counts = legacy_counts(conn)
        print(f"generated in {time.perf_counter() - started:.1f}s: "
              + ", ".join(f"{table} {n:,}" for table, n in counts.items()))

        observer = RecordingObserver()
        started = time.perf_counter()
        migrate.upgrade(settings, target.migration_url, "v1_1",
                        attributes={OBSERVER_ATTRIBUTE: observer})
        total = time.perf_counter() - started
        print(f"\nupgrade v1_0 -> v1_1, scale {args.scale:,} uploads:")
        for report in observer.reports:
            print(f"  {report.phase:<18} {report.seconds:8.2f}s  {report.rows:>10,} rows")
        phases = sum(report.seconds for report in observer.reports)
        print(f"  {'phases':<18} {phases:8.2f}s")
        print(f"  {'total (alembic)':<18} {total:8.2f}s")

        if args.downgrade:
            started = time.perf_counter()
            migrate.downgrade(settings, target.migration_url, "v1_0",
                              attributes={DISCARD_NEW_DATA_ATTRIBUTE: False})
            print(f"  {'downgrade':<18} {time.perf_counter() - started:8.2f}s")
    finally:
        if target.embedded is not None:
            target.embedded.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
