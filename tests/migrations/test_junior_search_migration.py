"""Revision ``junior_search`` changes functions only, and its downgrade restores exactly the
security functions of ``search_estimates`` (definitions, settings, owners and grants)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from hireflow.db import migrate
from tests.conftest import TestServer

DB = "hireflow_junior_search_migration"
FUNCTIONS = """
SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid), p.proconfig,
       pg_get_userbyid(p.proowner), p.proacl::text
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname IN ('hireflow_security', 'public') AND p.prokind = 'f'
 ORDER BY 1
"""
TABLES = """
SELECT c.relname, c.relfilenode FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') ORDER BY 1
"""


@pytest.fixture
def junior_search_db(pg_server: TestServer) -> Iterator[str]:
    pg_server.target(DB)
    yield DB
    pg_server.drop_database(DB)


def _snapshot(url: object, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)  # type: ignore[call-overload]
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_functions_only_and_the_downgrade_is_exact(
    pg_server: TestServer, junior_search_db: str
) -> None:
    settings = pg_server.settings_for(junior_search_db)
    target = pg_server.target(junior_search_db)
    migrate.upgrade(settings, target.migration_url, "search_estimates")
    functions = _snapshot(target.migration_url, FUNCTIONS)
    tables = _snapshot(target.migration_url, TABLES)

    migrate.upgrade(settings, target.migration_url, "junior_search")
    upgraded = {row[0] for row in _snapshot(target.migration_url, FUNCTIONS)}
    assert {
        "hireflow_security.sees_candidate(uuid)",
        "hireflow_security.candidates_with_company_like(text,integer)",
        "hireflow_security.estimated_rows(text)",
    } <= upgraded
    # No table or index was rewritten or built.
    assert _snapshot(target.migration_url, TABLES) == tables

    migrate.downgrade(settings, target.migration_url, "search_estimates")
    assert _snapshot(target.migration_url, FUNCTIONS) == functions
    assert _snapshot(target.migration_url, TABLES) == tables
