"""The shape of the real v1.0 data (seed 000's database on 2025-09-09), migrated and restored."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.legacy.conftest import LegacyDatabase

ADMIN = "00000000-0000-4000-8000-000000000001"
TESTER = "00000000-0000-4000-8000-000000000002"
UPLOAD = "00000000-0000-4000-9000-000000000001"


@pytest.fixture(scope="module")
def real(legacy_database: Callable[..., LegacyDatabase]) -> tuple[LegacyDatabase, str]:
    db = legacy_database("legacy_real", real_shape=True)
    before = db.dump()
    db.upgrade("head")
    return db, before


def test_users_roles_and_timestamps(real: tuple[LegacyDatabase, str]) -> None:
    db, _ = real
    rows = db.rows("SELECT id::text, role, updated_at::text FROM public.users ORDER BY email")
    assert rows == [
        (ADMIN, "admin", "2025-09-08 13:36:42.577967+00"),
        (TESTER, "junior_recruiter", "2025-09-07 06:19:16.92967+00"),
    ]


def test_the_error_upload_is_one_resume_with_its_error_kept(
    real: tuple[LegacyDatabase, str],
) -> None:
    db, _ = real
    row = db.rows(
        """SELECT status, progress, metadata->>'error_message', original_filename,
                            file_hash, version_number FROM public.resumes WHERE id = %s""",
        (UPLOAD,),
    )[0]
    assert row[0:3] == ("error", 30, "File failed security scan. Upload rejected for safety.")
    assert row[3] == "印鑑証明_匿名_2025年8月21日.pdf" and row[5] == 1
    assert row[4].startswith("d392e99f")


def test_requests_made_before_the_upload_are_not_linked_to_it(
    real: tuple[LegacyDatabase, str],
) -> None:
    db, _ = real
    # All 16 requests precede the only upload (a day later) or have no upload at all.
    assert db.scalar("SELECT count(*) FROM public.review_requests") == 16
    assert (
        db.scalar("SELECT count(*) FROM public.review_requests WHERE resume_id = %s", (UPLOAD,))
        == 0
    )
    assert db.scalar("SELECT count(*) FROM public.review_requests WHERE resume_id = id") == 16
    assert db.scalar("SELECT count(*) FROM public.resumes WHERE status = 'unavailable'") == 16


def test_request_only_files_become_candidates_with_versions(
    real: tuple[LegacyDatabase, str],
) -> None:
    db, _ = real
    rows = db.rows("""
        SELECT c.first_name, count(r.id), array_agg(r.version_number ORDER BY r.version_number)
        FROM public.candidates c JOIN public.resumes r ON r.candidate_id = c.id
        WHERE r.status = 'unavailable' GROUP BY c.id, c.first_name ORDER BY c.first_name""")
    assert rows == [
        ("OpenAI - Strategic Partnerships Lead", 1, [1]),
        ("印鑑証明_匿名_2025年8月21日", 6, [1, 2, 3, 4, 5, 6]),
        ("職務経歴書_匿名", 9, list(range(1, 10))),
    ]
    # The upload's own candidate is a fourth one: same name, but a file we can identify.
    assert db.scalar("SELECT count(*) FROM public.candidates") == 4
    assert (
        db.scalar(
            """SELECT count(*) FROM public.user_candidate_assignments
                        WHERE user_id = %s AND is_active""",
            (ADMIN,),
        )
        == 4
    )


def test_nulls_stay_null_and_prompts_keep_created_by_column(
    real: tuple[LegacyDatabase, str],
) -> None:
    db, _ = real
    assert (
        db.scalar(
            "SELECT count(*) FROM public.review_requests "
            "WHERE experience_level IS NULL AND target_role IS NULL"
        )
        == 16
    )
    assert db.rows(
        "SELECT count(*), count(created_by) FROM public.prompts WHERE language IS NULL"
    ) == [(3, 0)]
    # the engine's default templates are seeded beside them (review_pipeline)
    assert db.scalar("SELECT count(*) FROM public.prompts WHERE language IS NOT NULL") == 6
    assert db.rows("SELECT version FROM public.schema_migrations ORDER BY 1") == [
        ("001_initial_schema",),
        ("1.1.0",),
    ]


def test_downgrade_restores_the_exact_dump(real: tuple[LegacyDatabase, str]) -> None:
    db, before = real
    db.downgrade("v1_0")
    assert db.revisions() == ("v1_0",)
    assert db.dump() == before
    db.upgrade("head")  # the module's other tests may run after this one
