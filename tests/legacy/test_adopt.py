"""``hireflow db adopt``: a database made outside hireflow is proven v1.0, stamped, migrated."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from hireflow.cli import app
from hireflow.legacy.fingerprint import expected_v1_0, schema_fingerprint
from tests.legacy.conftest import SHARED_LEGACY, LegacyDatabase


def v1_0_as_deployed() -> str:
    """The shared v1.0 schema, as a user's own psql would load it where uuid-ossp is missing."""
    sql = (SHARED_LEGACY / "v1_0_schema.sql").read_text(encoding="utf-8")
    return sql.replace(
        'CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;', ""
    ).replace("public.uuid_generate_v4()", "gen_random_uuid()")


@pytest.fixture
def unmanaged(legacy_database: Callable[..., LegacyDatabase]) -> Callable[[str], LegacyDatabase]:
    def make(name: str) -> LegacyDatabase:
        db = legacy_database(name, at_revision=None)
        with db.connect() as conn:
            # As the owner role, as on the embedded server (another owner: tests/db/test_provision).
            conn.execute(f'SET ROLE "{db.settings.db_owner_role}"')
            conn.execute(v1_0_as_deployed())
            conn.execute((SHARED_LEGACY / "real_v1_0_shape.sql").read_text(encoding="utf-8"))
            conn.commit()
        return db

    return make


def test_revision_v1_0_matches_the_shipped_fingerprint(
    legacy_database: Callable[..., LegacyDatabase],
) -> None:
    db = legacy_database("legacy_fingerprint")
    with db.connect() as conn, conn.cursor() as cursor:
        assert schema_fingerprint(cursor) == expected_v1_0()


def test_adopt_then_upgrade_then_verify(unmanaged: Callable[[str], LegacyDatabase]) -> None:
    db = unmanaged("legacy_adopt_ok")
    runner = CliRunner()
    result = runner.invoke(app, ["db", "adopt", "--database-url", db.cli_url()])
    assert result.exit_code == 0, result.output
    assert db.revisions() == ("v1_0",)
    result = runner.invoke(app, ["db", "upgrade", "head", "--database-url", db.cli_url()])
    assert result.exit_code == 0, result.output
    assert db.scalar("SELECT count(*) FROM public.review_requests") == 16
    result = runner.invoke(app, ["db", "verify", "--database-url", db.cli_url()])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    result = runner.invoke(app, ["db", "adopt", "--database-url", db.cli_url()])
    assert result.exit_code == 1 and "already managed" in result.output


def test_adopt_refuses_a_different_schema_and_names_the_differences(
    unmanaged: Callable[[str], LegacyDatabase],
) -> None:
    db = unmanaged("legacy_adopt_diff")
    with db.connect() as conn:
        conn.execute("ALTER TABLE file_uploads ADD COLUMN notes text")
        conn.execute("CREATE UNIQUE INDEX file_uploads_hash_unique ON file_uploads (file_hash)")
        conn.execute(
            "ALTER TABLE analysis_results DROP CONSTRAINT analysis_results_overall_score_check"
        )
    runner = CliRunner()
    result = runner.invoke(app, ["db", "adopt", "--database-url", db.cli_url()])
    assert result.exit_code == 1, result.output
    assert "unexpected column: file_uploads.notes text" in result.output
    assert "unexpected index: file_uploads_hash_unique" in result.output
    assert (
        "missing constraint: analysis_results.analysis_results_overall_score_check" in result.output
    )
    assert db.revisions() == ()
    result = runner.invoke(app, ["db", "adopt", "--force", "--database-url", db.cli_url()])
    assert result.exit_code == 0, result.output
    assert db.revisions() == ("v1_0",)


def test_verify_on_a_database_never_migrated(
    legacy_database: Callable[..., LegacyDatabase],
) -> None:
    db = legacy_database("legacy_not_migrated")
    result = CliRunner().invoke(app, ["db", "verify", "--database-url", db.cli_url()])
    assert result.exit_code == 2
    assert "not migrated" in result.output
