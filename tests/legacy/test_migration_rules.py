"""Every rule of the v1.0 -> v1.1 migration, checked on generated data against Python oracles
computed from the v1.0 rows (independently of the migration's SQL and of its verification)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from tests.legacy.conftest import LegacyDatabase

TABLES = (
    "users",
    "prompts",
    "refresh_tokens",
    "schema_migrations",
    "file_uploads",
    "analysis_requests",
    "analysis_results",
    "prompt_history",
)


def table_digest(db: LegacyDatabase, schema: str, table: str) -> tuple[int, str]:
    return db.rows(
        f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
        f" FROM {schema}.{table} t"
    )[0]  # type: ignore[return-value]


class Migrated:
    def __init__(self, db: LegacyDatabase, before: dict[str, tuple[int, str]]) -> None:
        self.db = db
        self.before = before

    def dicts(self, sql: str) -> list[dict[str, Any]]:
        with self.db.connect() as conn, conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
            return list(cur.execute(sql).fetchall())


@pytest.fixture(scope="module")
def migrated(legacy_database: Callable[..., LegacyDatabase]) -> Migrated:
    db = legacy_database("legacy_rules", scale=1500, seed=11)
    before = {table: table_digest(db, "public", table) for table in TABLES}
    db.upgrade("v1_1")
    return Migrated(db, before)


def test_v1_0_tables_kept_unchanged_in_legacy_schema(migrated: Migrated) -> None:
    for table in TABLES:
        assert table_digest(migrated.db, "legacy_v1_0", table) == migrated.before[table], table
    assert (
        migrated.db.scalar("""
        SELECT count(*) FROM pg_constraint WHERE contype = 'f'
           AND (connamespace = 'legacy_v1_0'::regnamespace
                OR confrelid IN (SELECT oid FROM pg_class
                                 WHERE relnamespace = 'legacy_v1_0'::regnamespace))""")
        == 0
    )


def test_deleting_in_v1_1_never_reaches_the_legacy_rows(migrated: Migrated) -> None:
    with migrated.db.connect() as conn:
        conn.execute("DELETE FROM public.candidates")
        conn.execute("DELETE FROM public.review_requests")
        conn.execute("DELETE FROM public.prompts")
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM legacy_v1_0.file_uploads),"
            " (SELECT count(*) FROM legacy_v1_0.analysis_results),"
            " (SELECT count(*) FROM legacy_v1_0.prompt_history)"
        ).fetchone()
        conn.rollback()
    assert counts == (
        migrated.before["file_uploads"][0],
        migrated.before["analysis_results"][0],
        migrated.before["prompt_history"][0],
    )


def test_runtime_role_cannot_read_the_legacy_schema(migrated: Migrated) -> None:
    from tests.legacy.conftest import libpq

    with psycopg.connect(libpq(migrated.db.target.runtime_url)) as conn:
        assert conn.execute("SELECT count(*) FROM public.resumes").fetchone()[0] > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM legacy_v1_0.file_uploads")


def test_users_keep_everything_but_the_role_name(migrated: Migrated) -> None:
    old = {r["id"]: r for r in migrated.dicts("SELECT * FROM legacy_v1_0.users")}
    new = {r["id"]: r for r in migrated.dicts("SELECT * FROM public.users")}
    assert old.keys() == new.keys()
    admins = 0
    for user_id, before in old.items():
        after = dict(new[user_id])
        expected_role = {"consultant": "junior_recruiter", "admin": "admin"}[before["role"]]
        assert after.pop("role") == expected_role
        admins += expected_role == "admin"
        assert after == {k: v for k, v in before.items() if k != "role"}  # updated_at included
    assert admins > 10  # the plan demoted every admin beyond the ten oldest


def test_every_upload_is_one_resume_with_its_file_data(migrated: Migrated) -> None:
    uploads = {r["id"]: r for r in migrated.dicts("SELECT * FROM legacy_v1_0.file_uploads")}
    resumes = {
        r["id"]: r
        for r in migrated.dicts(
            "SELECT * FROM public.resumes WHERE metadata->>'source' = 'v1_0_file_upload'"
        )
    }
    assert uploads.keys() == resumes.keys()
    status = {"validating": "processing", "extracting": "processing"}
    for upload_id, u in uploads.items():
        r = resumes[upload_id]
        assert (
            r["uploaded_by_user_id"],
            r["original_filename"],
            r["stored_filename"],
            r["file_hash"],
            r["file_size"],
            r["mime_type"],
            r["extracted_text"],
            r["word_count"],
            r["progress"],
            r["uploaded_at"],
            r["processed_at"],
        ) == (
            u["user_id"],
            u["original_filename"],
            u["filename"],
            u["file_hash"],
            u["file_size"],
            u["mime_type"],
            u["extracted_text"],
            u["word_count"],
            u["progress"],
            u["created_at"],
            u["completed_at"],
        )
        assert r["status"] == status.get(u["status"], u["status"])
        meta = r["metadata"]
        for key in (
            "error_message",
            "target_role",
            "target_industry",
            "experience_level",
            "character_count",
            "extraction_method",
            "processing_time",
            "validation_time",
            "extraction_time",
            "detected_sections",
        ):
            assert meta[key] == u[key], key
        assert meta["v1_0_status"] == u["status"]


def test_same_file_same_user_are_versions_of_one_candidate(migrated: Migrated) -> None:
    uploads = migrated.dicts(
        "SELECT id, user_id, file_hash, created_at FROM legacy_v1_0.file_uploads"
    )
    resumes = {
        r["id"]: r
        for r in migrated.dicts("SELECT id, candidate_id, version_number FROM public.resumes")
    }
    groups: dict[tuple[Any, str], list[dict[str, Any]]] = defaultdict(list)
    for u in uploads:
        groups[(u["user_id"], u["file_hash"])].append(u)
    candidates_seen: set[Any] = set()
    longest = 0
    for members in groups.values():
        members.sort(key=lambda u: (u["created_at"], u["id"]))
        candidate_ids = {resumes[u["id"]]["candidate_id"] for u in members}
        assert len(candidate_ids) == 1
        assert [resumes[u["id"]]["version_number"] for u in members] == list(
            range(1, len(members) + 1)
        )
        assert not candidate_ids & candidates_seen  # identical files of two users: two candidates
        candidates_seen |= candidate_ids
        longest = max(longest, len(members))
    assert longest >= 3


def test_candidates_named_from_file_and_assigned_to_their_uploader(migrated: Migrated) -> None:
    rows = migrated.dicts("""
        SELECT c.first_name, c.last_name, c.email, c.created_by_user_id, r.original_filename,
               r.uploaded_by_user_id, r.version_number
        FROM public.candidates c JOIN public.resumes r ON r.candidate_id = c.id""")
    for row in rows:
        assert row["email"] is None
        assert row["created_by_user_id"] == row["uploaded_by_user_id"]
        if row["version_number"] == 1:
            stem = row["original_filename"].rsplit(".", 1)[0] or row["original_filename"]
            assert row["first_name"] == stem[:100]
    unseen = migrated.db.scalar("""
        SELECT count(*) FROM legacy_v1_0.file_uploads u JOIN public.resumes r ON r.id = u.id
        WHERE NOT EXISTS (SELECT 1 FROM public.user_candidate_assignments a
                          WHERE a.user_id = u.user_id AND a.candidate_id = r.candidate_id
                            AND a.is_active AND a.assignment_type = 'primary')""")
    assert unseen == 0
    assert migrated.db.scalar("SELECT count(*) FROM public.candidates") == migrated.db.scalar(
        "SELECT count(*) FROM public.user_candidate_assignments"
    )


def test_assignment_history_unique_only_while_active(migrated: Migrated) -> None:
    with migrated.db.connect() as conn:
        user_id, candidate_id = conn.execute(
            "SELECT user_id, candidate_id FROM public.user_candidate_assignments LIMIT 1"
        ).fetchone()
        for _ in range(2):  # any number of ended assignments of the same pair
            conn.execute(
                """
                INSERT INTO public.user_candidate_assignments
                    (user_id, candidate_id, is_active, unassigned_at)
                VALUES (%s, %s, false, now())""",
                (user_id, candidate_id),
            )
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute(
                """INSERT INTO public.user_candidate_assignments (user_id, candidate_id)
                            VALUES (%s, %s)""",
                (user_id, candidate_id),
            )
        conn.rollback()
    assert (
        migrated.db.scalar("""
        SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.resumes'::regclass
           AND contype = 'u'""")
        == 0
    )  # v1.0 hashes repeat


def _expected_links(migrated: Migrated) -> dict[Any, Any]:
    """request id -> upload id (latest same user/name/size/mime at or before) or None."""
    uploads: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for u in migrated.dicts("SELECT * FROM legacy_v1_0.file_uploads"):
        uploads[(u["user_id"], u["original_filename"], u["file_size"], u["mime_type"])].append(u)
    links: dict[Any, Any] = {}
    for r in migrated.dicts("SELECT * FROM legacy_v1_0.analysis_requests"):
        key = (r["user_id"], r["original_filename"], r["file_size_bytes"], r["mime_type"])
        earlier = [u for u in uploads[key] if u["created_at"] <= r["created_at"]]
        latest = max(earlier, key=lambda u: (u["created_at"], u["id"].bytes), default=None)
        links[r["id"]] = latest["id"] if latest else None
    return links


def test_every_request_is_one_review_request_linked_by_the_rule(migrated: Migrated) -> None:
    links = _expected_links(migrated)
    requests = {r["id"]: r for r in migrated.dicts("SELECT * FROM legacy_v1_0.analysis_requests")}
    reviews = {r["id"]: r for r in migrated.dicts("SELECT * FROM public.review_requests")}
    assert reviews.keys() == requests.keys()
    orphans = 0
    for request_id, r in requests.items():
        review = reviews[request_id]
        assert (
            review["requested_by_user_id"],
            review["status"],
            review["experience_level"],
            review["target_role"],
            review["target_industry"],
            review["requested_at"],
            review["completed_at"],
        ) == (
            r["user_id"],
            r["status"],
            r["experience_level"],
            r["target_role"],
            r["target_industry"],
            r["created_at"],
            r["completed_at"],
        )
        assert review["metadata"]["file_path"] == r["file_path"]
        expected = links[request_id]
        if expected is None:
            orphans += 1
            assert review["resume_id"] == request_id
        else:
            assert review["resume_id"] == expected
    assert 0 < orphans < len(requests)


def test_request_without_upload_gets_a_resume_from_its_own_fields(migrated: Migrated) -> None:
    rows = migrated.dicts("""
        SELECT r.*, q.user_id, q.original_filename AS q_name, q.file_path, q.file_size_bytes,
               q.mime_type AS q_mime
        FROM public.resumes r JOIN legacy_v1_0.analysis_requests q ON q.id = r.id""")
    assert rows
    for row in rows:
        assert row["status"] == "unavailable"
        assert row["file_hash"] is None and row["extracted_text"] is None
        assert (
            row["uploaded_by_user_id"],
            row["original_filename"],
            row["stored_filename"],
            row["file_size"],
            row["mime_type"],
        ) == (
            row["user_id"],
            row["q_name"],
            row["file_path"],
            row["file_size_bytes"],
            row["q_mime"],
        )


def test_results_keep_scores_exactly_under_their_own_request(migrated: Migrated) -> None:
    old = {r["id"]: r for r in migrated.dicts("SELECT * FROM legacy_v1_0.analysis_results")}
    new = {r["id"]: r for r in migrated.dicts("SELECT * FROM public.review_results")}
    assert old.keys() == new.keys()
    nulls = 0
    for result_id, a in old.items():
        b = new[result_id]
        assert b["review_request_id"] == a["request_id"]
        assert (b["overall_score"], b["content_score"], b["formatting_score"], b["ats_score"]) == (
            a["overall_score"],
            a["content_score"],
            a["formatting_score"],
            a["keyword_optimization_score"],
        )
        nulls += a["overall_score"] is None
        assert b["detailed_scores"] == {
            "strengths": a["strengths"],
            "weaknesses": a["weaknesses"],
            "recommendations": a["recommendations"],
            "detailed_feedback": a["detailed_feedback"],
        }
        assert b["executive_summary"] is None
    assert nulls > 0


def test_feedback_items_only_from_existing_data(migrated: Migrated) -> None:
    expected: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    kinds = (
        ("strengths", "strength"),
        ("weaknesses", "weakness"),
        ("recommendations", "suggestion"),
    )
    for a in migrated.dicts("SELECT * FROM legacy_v1_0.analysis_results"):
        for column, kind in kinds:
            expected[a["id"]] += [(kind, item) for item in a[column] or [] if item is not None]
    actual: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    for f in migrated.dicts(
        "SELECT * FROM public.review_feedback_items "
        "ORDER BY metadata->>'source', (metadata->>'position')::int"
    ):
        actual[f["review_result_id"]].append((f["feedback_type"], f["feedback_text"]))
    assert {k: sorted(v) for k, v in actual.items()} == {
        k: sorted(v) for k, v in expected.items() if v
    }
    # tied to the resume's full_content section when the resume has a text
    assert (
        migrated.db.scalar("""
        SELECT count(*) FROM public.review_feedback_items f
        JOIN public.review_results res ON res.id = f.review_result_id
        JOIN public.review_requests req ON req.id = res.review_request_id
        JOIN public.resumes r ON r.id = req.resume_id
        WHERE f.resume_section_id IS DISTINCT FROM
              CASE WHEN r.extracted_text IS NOT NULL THEN r.id END""")
        == 0
    )


def test_prompt_history_kept_with_version_and_request(migrated: Migrated) -> None:
    old = {r["id"]: r for r in migrated.dicts("SELECT * FROM legacy_v1_0.prompt_history")}
    new = {r["id"]: r for r in migrated.dicts("SELECT * FROM public.prompt_usage_history")}
    assert old.keys() == new.keys()
    for history_id, h in old.items():
        u = new[history_id]
        assert (
            u["prompt_id"],
            u["review_request_id"],
            u["prompt_version"],
            u["actual_prompt"],
            u["used_at"],
        ) == (
            h["prompt_id"],
            h["request_id"],
            h["prompt_version"],
            h["prompt_content"],
            h["created_at"],
        )
    assert (
        migrated.db.scalar("SELECT count(*) FROM public.prompts WHERE created_by IS NOT NULL") > 0
    )


def test_tokens_and_schema_migrations_kept_and_1_1_0_recorded(migrated: Migrated) -> None:
    tokens = table_digest(migrated.db, "public", "refresh_tokens")
    assert tokens == migrated.before["refresh_tokens"]
    versions = [
        r[0]
        for r in migrated.db.rows("SELECT version FROM public.schema_migrations ORDER BY version")
    ]
    assert versions == ["001_initial_schema", "1.1.0"]


def test_migration_progress_records_each_phase(migrated: Migrated) -> None:
    from hireflow.legacy.migration import phase_names

    rows = {r["phase"]: r for r in migrated.dicts("SELECT * FROM public.migration_progress")}
    assert list(rows) == phase_names() or set(rows) == set(phase_names())
    assert all(r["status"] == "completed" and r["duration_ms"] is not None for r in rows.values())
    assert rows["review_requests"]["rows_affected"] == migrated.before["analysis_requests"][0]
    assert rows["review_results"]["rows_affected"] == migrated.before["analysis_results"][0]


def test_verify_command_reports_pass_per_check(migrated: Migrated) -> None:
    from typer.testing import CliRunner

    from hireflow.cli import app

    result = CliRunner().invoke(app, ["db", "verify", "--database-url", migrated.db.cli_url()])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert len(lines) >= 20 and all(line.startswith("PASS") for line in lines)
    assert "resumes.one_per_upload" in result.output


def test_verify_command_fails_on_a_broken_link(migrated: Migrated) -> None:
    from typer.testing import CliRunner

    from hireflow.cli import app

    with migrated.db.connect() as conn:
        conn.execute("""UPDATE public.review_results SET ats_score = NULL
                        WHERE id = (SELECT id FROM public.review_results
                                    WHERE ats_score IS NOT NULL LIMIT 1)""")
    try:
        result = CliRunner().invoke(app, ["db", "verify", "--database-url", migrated.db.cli_url()])
        assert result.exit_code == 1, result.output
        assert "FAIL review_results.one_twin_each" in result.output
    finally:
        with migrated.db.connect() as conn:
            conn.execute("""UPDATE public.review_results p
                            SET ats_score = l.keyword_optimization_score
                            FROM legacy_v1_0.analysis_results l WHERE l.id = p.id""")
