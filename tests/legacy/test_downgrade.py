"""Downgrade to v1.0: byte-identical data; refused when v1.1 holds new data, unless discarded."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from hireflow.cli import app
from hireflow.db import migrate
from hireflow.kit.errors import MigrationRefused
from tests.legacy.conftest import LegacyDatabase

COUNTED = (
    "candidates",
    "user_candidate_assignments",
    "resumes",
    "resume_sections",
    "review_requests",
    "review_results",
    "review_feedback_items",
    "prompt_usage_history",
    "users",
    "schema_migrations",
    "migration_progress",
)


def counts(db: LegacyDatabase) -> dict[str, int]:
    return {t: db.scalar(f"SELECT count(*) FROM public.{t}") for t in COUNTED}


@pytest.fixture(scope="module")
def roundtrip(legacy_database: Callable[..., LegacyDatabase]) -> tuple[LegacyDatabase, str]:
    db = legacy_database("legacy_roundtrip", scale=600, seed=3)
    return db, db.dump()


def test_up_down_up_over_the_whole_chain_is_exact_and_duplicates_nothing(
    roundtrip: tuple[LegacyDatabase, str],
) -> None:
    db, before = roundtrip
    db.upgrade("head")
    first = counts(db)
    db.upgrade("head")  # a second upgrade is a no-op
    assert counts(db) == first
    db.downgrade("v1_0")
    assert db.revisions() == ("v1_0",)
    assert db.scalar("SELECT to_regnamespace('legacy_v1_0') IS NULL")
    assert db.dump() == before
    db.upgrade("head")
    assert counts(db) == first


def test_new_data_refuses_the_downgrade_and_names_it(roundtrip: tuple[LegacyDatabase, str]) -> None:
    db, before = roundtrip
    if db.revisions() != (migrate.head_revision(db.settings),):
        db.upgrade("head")
    with db.connect() as conn:
        conn.execute("""
            INSERT INTO public.candidates (first_name, last_name, created_by_user_id)
            SELECT 'Ada', 'Lovelace', id FROM public.users LIMIT 1""")
        conn.execute("""
            INSERT INTO public.users (email, password_hash, first_name, last_name, role)
            VALUES ('new@example.com', 'x', 'New', 'Recruiter', 'senior_recruiter')""")
    result = CliRunner().invoke(app, ["db", "downgrade", "v1_0", "--database-url", db.cli_url()])
    assert result.exit_code == 1, result.output
    assert "candidates: 1 new" in result.output and "users: 1 new" in result.output
    assert db.revisions() == (migrate.head_revision(db.settings),)  # refused before anything ran

    db.downgrade("v1_1")
    with pytest.raises(MigrationRefused, match="candidates: 1 new row"):
        db.downgrade("v1_0")
    assert db.revisions() == ("v1_1",)
    assert db.scalar("SELECT count(*) FROM public.candidates WHERE first_name = 'Ada'") == 1

    result = CliRunner().invoke(
        app, ["db", "downgrade", "v1_0", "--discard-new-data", "--database-url", db.cli_url()]
    )
    assert result.exit_code == 0, result.output
    assert db.dump() == before


def test_changed_user_counts_as_new_data(roundtrip: tuple[LegacyDatabase, str]) -> None:
    db, before = roundtrip
    db.upgrade("v1_1")
    with db.connect() as conn:
        conn.execute(
            "UPDATE public.users SET role = 'senior_recruiter' WHERE id = "
            "(SELECT id FROM public.users WHERE role = 'junior_recruiter' LIMIT 1)"
        )
    with pytest.raises(MigrationRefused, match="users: 1 changed"):
        db.downgrade("v1_0")
    db.downgrade("v1_0", discard_new_data=True)
    assert db.dump() == before
