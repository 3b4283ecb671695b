"""The v1.0 generator is deterministic and produces every edge case the migration must survive."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.legacy.conftest import LegacyDatabase


@pytest.fixture(scope="module")
def generated(legacy_database: Callable[..., LegacyDatabase]) -> LegacyDatabase:
    return legacy_database("legacy_gen_a", scale=1200, seed=5)


def test_same_seed_same_data_other_seed_other_data(
    generated: LegacyDatabase, legacy_database: Callable[..., LegacyDatabase]
) -> None:
    again = legacy_database("legacy_gen_b", scale=1200, seed=5)
    other = legacy_database("legacy_gen_c", scale=1200, seed=6)
    data = generated.dump("--data-only", "--schema=public", "--exclude-table=alembic_version")
    assert "COPY public.file_uploads" in data
    assert again.dump("--data-only", "--schema=public", "--exclude-table=alembic_version") == data
    assert other.dump("--data-only", "--schema=public", "--exclude-table=alembic_version") != data


EDGE_CASES = {
    "same file name, different files (same user)": """
        SELECT count(*) FROM (SELECT user_id, original_filename FROM file_uploads
                              GROUP BY 1, 2 HAVING count(DISTINCT file_hash) > 1) t""",
    "identical file uploaded by two users": """
        SELECT count(*) FROM (SELECT file_hash FROM file_uploads
                              GROUP BY 1 HAVING count(DISTINCT user_id) > 1) t""",
    "same file uploaded again by the same user": """
        SELECT count(*) FROM (SELECT user_id, file_hash FROM file_uploads
                              GROUP BY 1, 2 HAVING count(*) > 2) t""",
    "requests whose upload is gone": """
        SELECT count(*) FROM analysis_requests r WHERE NOT EXISTS (
            SELECT 1 FROM file_uploads u WHERE u.user_id = r.user_id
              AND u.original_filename = r.original_filename AND u.file_size = r.file_size_bytes
              AND u.mime_type = r.mime_type AND u.created_at <= r.created_at)""",
    "request made before its upload": """
        SELECT count(*) FROM analysis_requests r JOIN file_uploads u
          ON u.user_id = r.user_id AND u.original_filename = r.original_filename
         AND u.file_size = r.file_size_bytes AND r.created_at < u.created_at""",
    "several results for one request": """
        SELECT count(*) FROM (SELECT request_id FROM analysis_results
                              GROUP BY 1 HAVING count(*) > 1) t""",
    "NULL scores": "SELECT count(*) FROM analysis_results WHERE overall_score IS NULL",
    "NULL keyword score": """
        SELECT count(*) FROM analysis_results WHERE keyword_optimization_score IS NULL""",
    "NULL element in strengths": """
        SELECT count(*) FROM analysis_results WHERE array_position(strengths, NULL) IS NOT NULL""",
    "NULL extracted text on a completed upload": """
        SELECT count(*) FROM file_uploads WHERE status = 'completed' AND extracted_text IS NULL""",
    "non-ASCII file names": "SELECT count(*) FROM file_uploads WHERE original_filename ~ '[^ -~]'",
    "uploads in validating/extracting": """
        SELECT count(*) FROM file_uploads WHERE status IN ('validating', 'extracting')""",
    "upload with status error": "SELECT count(*) FROM file_uploads WHERE status = 'error'",
    "more than ten admins, tied created_at": """
        SELECT count(*) FROM users WHERE role = 'admin' AND created_at = (
            SELECT min(created_at) FROM users) HAVING count(*) > 10""",
    "users without uploads": """
        SELECT count(*) FROM users u WHERE NOT EXISTS (
            SELECT 1 FROM file_uploads f WHERE f.user_id = u.id)""",
    "very long text (> 100 kB)": """
        SELECT count(*) FROM file_uploads WHERE octet_length(extracted_text) > 100000""",
    "NULL experience level on a request": """
        SELECT count(*) FROM analysis_requests WHERE experience_level IS NULL""",
    "prompt history with versions > 1": "SELECT count(*) FROM prompt_history WHERE prompt_version > 1",
}


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_edge_case_present(generated: LegacyDatabase, case: str) -> None:
    assert generated.scalar(EDGE_CASES[case]) > 0, case


def test_make_legacy_command_builds_v1_0_and_fills_it(
    legacy_database: Callable[..., LegacyDatabase],
) -> None:
    from typer.testing import CliRunner

    from hireflow.cli import app

    db = legacy_database("legacy_make", at_revision=None)
    args = ["dev", "make-legacy", "--scale", "200", "--seed", "2", "--database-url", db.cli_url()]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert db.revisions() == ("v1_0",)
    uploads = db.scalar("SELECT count(*) FROM file_uploads")
    assert 150 < uploads <= 200 and f"file_uploads {uploads:>16,}" in result.output
    again = CliRunner().invoke(app, args)  # refuses to add to existing data
    assert again.exit_code == 2 and "already hold data" in again.output
