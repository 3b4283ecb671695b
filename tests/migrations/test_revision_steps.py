"""Every revision steps up and down on its own, in order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, inspect

from hireflow.db import migrate
from tests.conftest import TestServer

DB = "hireflow_steps"


@pytest.fixture
def chain_db(pg_server: TestServer) -> Iterator[str]:
    pg_server.target(DB)
    yield DB
    pg_server.drop_database(DB)


def _tables(url: object) -> set[str]:
    engine = create_engine(url)  # type: ignore[call-overload]
    try:
        return set(inspect(engine).get_table_names(schema="public"))
    finally:
        engine.dispose()


def test_every_revision_steps_down_and_up(pg_server: TestServer, chain_db: str) -> None:
    settings = pg_server.settings_for(chain_db)
    target = pg_server.target(chain_db)
    revisions = [info.revision for info in migrate.history(settings)]
    assert revisions[0] == "v1_0"
    for revision in revisions:
        migrate.upgrade(settings, target.migration_url, revision)
        assert migrate.current_revisions(target.migration_url) == (revision,)
    for revision in reversed(revisions):
        migrate.downgrade(settings, target.migration_url, "-1")
        remaining = migrate.current_revisions(target.migration_url)
        assert revision not in remaining
    assert migrate.current_revisions(target.migration_url) == ()
