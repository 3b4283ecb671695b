"""Reconciliation of a migrated database with the v1.0 rows kept in ``legacy_v1_0``.

Every check counts what the rules expect and what the migrated tables hold; it passes only
when the two counts are equal. The migration runs them before it commits (and aborts on any
mismatch); ``hireflow db verify`` runs them on a migrated database and prints the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LEGACY_SCHEMA = "legacy_v1_0"


@dataclass(frozen=True)
class Check:
    name: str
    description: str
    sql: str  # one row: (expected, actual)
    after_commit_only: bool = False
    during_migration_only: bool = False


@dataclass(frozen=True)
class CheckResult:
    name: str
    description: str
    expected: int
    actual: int

    @property
    def passed(self) -> bool:
        return self.expected == self.actual

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return f"{verdict} {self.name:<44} expected {self.expected:>9}  found {self.actual:>9}"


# Keys of uploads, indexed, so that the expected request -> upload link is found by a
# direct lookup, independently of the window-function pass the migration uses.
PREPARE = """
CREATE TEMP TABLE IF NOT EXISTS verify_upload_key ON COMMIT DROP AS
SELECT id, user_id, original_filename, file_size, mime_type, created_at
FROM legacy_v1_0.file_uploads;
CREATE INDEX IF NOT EXISTS verify_upload_key_lookup ON verify_upload_key
    (user_id, original_filename, file_size, mime_type, created_at DESC, id DESC);
ANALYZE verify_upload_key;
CREATE TEMP TABLE IF NOT EXISTS verify_expected_link ON COMMIT DROP AS
SELECT r.id AS request_id, x.id AS upload_id
FROM legacy_v1_0.analysis_requests r
LEFT JOIN LATERAL (
    SELECT k.id FROM verify_upload_key k
    WHERE k.user_id = r.user_id AND k.original_filename = r.original_filename
      AND k.file_size = r.file_size_bytes AND k.mime_type = r.mime_type
      AND k.created_at <= r.created_at
    ORDER BY k.created_at DESC, k.id DESC
    LIMIT 1
) x ON true;
ANALYZE verify_expected_link;
"""

USER_COLUMNS = (
    "email, password_hash, first_name, last_name, is_active, email_verified, created_at, "
    "updated_at, last_login_at, password_changed_at, failed_login_attempts, locked_until"
)
PROMPT_COLUMNS = (
    "name, description, template, version, is_active, prompt_type, created_by, created_at, "
    "updated_at"
)


def _cols(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in columns.split(","))


CHECKS: tuple[Check, ...] = (
    Check(
        "users.one_twin_each",
        "every user kept, unchanged but for the role name",
        f"""
        SELECT (SELECT count(*) FROM legacy_v1_0.users), count(*)
        FROM legacy_v1_0.users l JOIN public.users p ON p.id = l.id
        WHERE ROW({_cols("p", USER_COLUMNS)}) IS NOT DISTINCT FROM ROW({_cols("l", USER_COLUMNS)})
          AND p.role = CASE l.role WHEN 'consultant' THEN 'junior_recruiter' ELSE l.role END""",
    ),
    Check(
        "users.admins_stay_admin",
        "every v1.0 admin is an admin",
        """
        SELECT count(*) FILTER (WHERE l.role = 'admin'),
               count(*) FILTER (WHERE l.role = 'admin' AND p.role = 'admin')
        FROM legacy_v1_0.users l LEFT JOIN public.users p ON p.id = l.id""",
    ),
    Check(
        "prompts.one_twin_each",
        "every prompt kept, created_by included",
        f"""
        SELECT (SELECT count(*) FROM legacy_v1_0.prompts), count(*)
        FROM legacy_v1_0.prompts l JOIN public.prompts p ON p.id = l.id
        WHERE ROW({_cols("p", PROMPT_COLUMNS)})
              IS NOT DISTINCT FROM ROW({_cols("l", PROMPT_COLUMNS)})""",
    ),
    Check(
        "refresh_tokens.kept",
        "refresh tokens identical",
        """
        SELECT (SELECT count(*) FROM legacy_v1_0.refresh_tokens), count(*)
        FROM (SELECT * FROM legacy_v1_0.refresh_tokens
              INTERSECT ALL SELECT * FROM public.refresh_tokens) t""",
    ),
    Check(
        "schema_migrations.kept",
        "v1.0 schema_migrations rows kept",
        """
        SELECT (SELECT count(*) FROM legacy_v1_0.schema_migrations), count(*)
        FROM (SELECT * FROM legacy_v1_0.schema_migrations
              INTERSECT ALL SELECT * FROM public.schema_migrations) t""",
    ),
    Check(
        "schema_migrations.v1_1_0_recorded",
        "version 1.1.0 recorded at commit",
        """
        SELECT 1, count(*) FROM public.schema_migrations WHERE version = '1.1.0'""",
        after_commit_only=True,
    ),
    Check(
        "resumes.one_per_upload",
        "every upload is one resume with its metadata",
        """
        SELECT (SELECT count(*) FROM legacy_v1_0.file_uploads), count(*)
        FROM legacy_v1_0.file_uploads u JOIN public.resumes r ON r.id = u.id
        WHERE ROW(r.uploaded_by_user_id, r.original_filename, r.stored_filename, r.file_hash,
                  r.file_size, r.mime_type, r.progress, r.extracted_text, r.word_count,
                  r.uploaded_at, r.processed_at)
              IS NOT DISTINCT FROM
              ROW(u.user_id, u.original_filename, u.filename, u.file_hash, u.file_size,
                  u.mime_type, u.progress, u.extracted_text, u.word_count, u.created_at,
                  u.completed_at)
          AND r.status = CASE WHEN u.status IN ('validating', 'extracting') THEN 'processing'
                              ELSE u.status END
          AND r.metadata->>'v1_0_status' = u.status
          AND ROW(r.metadata->>'error_message', r.metadata->>'target_role',
                  r.metadata->>'target_industry', r.metadata->>'experience_level',
                  (r.metadata->>'character_count')::int, r.metadata->>'extraction_method',
                  (r.metadata->>'processing_time')::int, (r.metadata->>'validation_time')::int,
                  (r.metadata->>'extraction_time')::int, (r.metadata->>'updated_at')::timestamptz)
              IS NOT DISTINCT FROM
              ROW(u.error_message, u.target_role, u.target_industry, u.experience_level,
                  u.character_count, u.extraction_method, u.processing_time, u.validation_time,
                  u.extraction_time, u.updated_at)
          AND r.metadata->'detected_sections' = coalesce(u.detected_sections, 'null'::jsonb)""",
    ),
    Check(
        "candidates.one_per_user_file",
        "one candidate per (uploader, file hash)",
        """
        WITH per_file AS (
            SELECT u.user_id, u.file_hash, count(DISTINCT r.candidate_id) AS candidates,
                   min(r.candidate_id::text) AS candidate
            FROM legacy_v1_0.file_uploads u JOIN public.resumes r ON r.id = u.id
            GROUP BY u.user_id, u.file_hash)
        SELECT (SELECT count(*) FROM (SELECT DISTINCT user_id, file_hash
                                      FROM legacy_v1_0.file_uploads) d),
               count(*) FILTER (WHERE candidates = 1 AND sharing = 1)
        FROM (SELECT *, count(*) OVER (PARTITION BY candidate) AS sharing FROM per_file) f""",
    ),
    Check(
        "resumes.versions_in_upload_order",
        "versions 1..n in upload order",
        """
        SELECT count(*), count(*) FILTER (WHERE r.version_number = v.expected)
        FROM (SELECT id, rank() OVER (PARTITION BY user_id, file_hash
                                      ORDER BY created_at, id) AS expected
              FROM legacy_v1_0.file_uploads) v
        LEFT JOIN public.resumes r ON r.id = v.id""",
    ),
    Check(
        "assignments.uploader_sees_upload",
        "each upload's candidate assigned to its uploader",
        """
        SELECT (SELECT count(*) FROM legacy_v1_0.file_uploads), count(*)
        FROM legacy_v1_0.file_uploads u JOIN public.resumes r ON r.id = u.id
        WHERE EXISTS (SELECT 1 FROM public.user_candidate_assignments a
                      WHERE a.candidate_id = r.candidate_id AND a.user_id = u.user_id
                        AND a.is_active AND a.assignment_type = 'primary')""",
    ),
    Check(
        "review_requests.one_twin_each",
        "every request kept with its fields",
        """
        SELECT (SELECT count(*) FROM legacy_v1_0.analysis_requests), count(*)
        FROM legacy_v1_0.analysis_requests l JOIN public.review_requests p ON p.id = l.id
        WHERE ROW(p.requested_by_user_id, p.status, p.experience_level, p.target_role,
                  p.target_industry, p.requested_at, p.completed_at)
              IS NOT DISTINCT FROM
              ROW(l.user_id, l.status, l.experience_level, l.target_role, l.target_industry,
                  l.created_at, l.completed_at)
          AND ROW(p.metadata->>'original_filename', p.metadata->>'file_path',
                  (p.metadata->>'file_size_bytes')::int, p.metadata->>'mime_type',
                  (p.metadata->>'updated_at')::timestamptz)
              = ROW(l.original_filename, l.file_path, l.file_size_bytes, l.mime_type,
                    l.updated_at)""",
    ),
    Check(
        "review_requests.linked_to_latest_upload",
        "request -> latest matching upload at or before it, else its own resume",
        """
        SELECT count(*), count(*) FILTER (WHERE p.resume_id = coalesce(e.upload_id, e.request_id))
        FROM verify_expected_link e LEFT JOIN public.review_requests p ON p.id = e.request_id""",
    ),
    Check(
        "resumes.built_for_missing_upload",
        "a request without its upload has a resume from its own file fields",
        """
        SELECT count(*), count(r.id)
        FROM verify_expected_link e
        JOIN legacy_v1_0.analysis_requests l ON l.id = e.request_id
        LEFT JOIN public.resumes r ON r.id = l.id AND r.status = 'unavailable'
             AND r.file_hash IS NULL AND r.extracted_text IS NULL
             AND r.uploaded_by_user_id = l.user_id AND r.original_filename = l.original_filename
             AND r.stored_filename = l.file_path AND r.file_size = l.file_size_bytes
             AND r.mime_type = l.mime_type
        WHERE e.upload_id IS NULL""",
    ),
    Check(
        "review_results.one_twin_each",
        "every result under its own request, scores exact",
        """
        SELECT (SELECT count(*) FROM legacy_v1_0.analysis_results), count(*)
        FROM legacy_v1_0.analysis_results l JOIN public.review_results p ON p.id = l.id
        WHERE ROW(p.review_request_id, p.overall_score, p.ats_score, p.content_score,
                  p.formatting_score, p.ai_model_used, p.processing_time_ms, p.created_at)
              IS NOT DISTINCT FROM
              ROW(l.request_id, l.overall_score, l.keyword_optimization_score, l.content_score,
                  l.formatting_score, l.ai_model_used, l.processing_time_ms, l.created_at)
          AND p.detailed_scores = jsonb_build_object(
                  'strengths', to_jsonb(l.strengths), 'weaknesses', to_jsonb(l.weaknesses),
                  'recommendations', to_jsonb(l.recommendations),
                  'detailed_feedback', l.detailed_feedback)""",
    ),
    Check(
        "feedback_items.from_existing_data",
        "one item per existing strength/weakness/recommendation",
        """
        WITH expected AS (
            SELECT l.id, s.source, s.position, s.item
            FROM legacy_v1_0.analysis_results l
            CROSS JOIN LATERAL (
                SELECT 'strengths', t.item, t.position
                FROM unnest(l.strengths) WITH ORDINALITY t(item, position)
                UNION ALL SELECT 'weaknesses', t.item, t.position
                FROM unnest(l.weaknesses) WITH ORDINALITY t(item, position)
                UNION ALL SELECT 'recommendations', t.item, t.position
                FROM unnest(l.recommendations) WITH ORDINALITY t(item, position)
            ) s(source, item, position)
            WHERE s.item IS NOT NULL)
        SELECT (SELECT count(*) FROM expected), count(*)
        FROM expected e JOIN public.review_feedback_items f
          ON f.review_result_id = e.id AND f.metadata->>'source' = e.source
         AND (f.metadata->>'position')::bigint = e.position AND f.feedback_text = e.item""",
    ),
    Check(
        "feedback_items.nothing_invented",
        "no item on a migrated result beyond those",
        """
        SELECT (SELECT coalesce(sum(
                    (SELECT count(*) FROM unnest(l.strengths) x WHERE x IS NOT NULL)
                  + (SELECT count(*) FROM unnest(l.weaknesses) x WHERE x IS NOT NULL)
                  + (SELECT count(*) FROM unnest(l.recommendations) x WHERE x IS NOT NULL)), 0)
                FROM legacy_v1_0.analysis_results l),
               count(*)
        FROM public.review_feedback_items f
        WHERE f.review_result_id IN (SELECT id FROM legacy_v1_0.analysis_results)""",
    ),
    Check(
        "prompt_usage.one_twin_each",
        "every prompt_history row, version kept",
        """
        SELECT (SELECT count(*) FROM legacy_v1_0.prompt_history), count(*)
        FROM legacy_v1_0.prompt_history l JOIN public.prompt_usage_history p ON p.id = l.id
        WHERE ROW(p.prompt_id, p.review_request_id, p.prompt_version, p.actual_prompt, p.used_at)
              = ROW(l.prompt_id, l.request_id, l.prompt_version, l.prompt_content,
                    l.created_at)""",
    ),
    Check(
        "sections.one_per_extracted_text",
        "one full_content section per extracted text",
        """
        SELECT count(*), count(s.id)
        FROM public.resumes r
        LEFT JOIN public.resume_sections s ON s.id = r.id AND s.resume_id = r.id
             AND s.section_type = 'full_content' AND s.content = r.extracted_text
        WHERE r.extracted_text IS NOT NULL
          AND r.id IN (SELECT id FROM legacy_v1_0.file_uploads)""",
    ),
    Check(
        "legacy.no_foreign_keys",
        "legacy tables: no foreign keys in or out",
        """
        SELECT 0, count(*) FROM pg_constraint c
        WHERE c.contype = 'f' AND (c.conrelid::regclass::text LIKE 'legacy\\_v1\\_0.%'
                                   OR c.confrelid::regclass::text LIKE 'legacy\\_v1\\_0.%')""",
    ),
    Check(
        "legacy.not_granted",
        "nobody but the owner may use the legacy schema",
        """
        SELECT 0, count(*) FROM (
            SELECT (aclexplode(n.nspacl)).grantee AS grantee, n.nspowner AS owner
            FROM pg_namespace n WHERE n.nspname = 'legacy_v1_0'
            UNION ALL
            SELECT (aclexplode(c.relacl)).grantee, c.relowner
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'legacy_v1_0') g
        WHERE grantee <> owner""",
    ),
    # Totals: during the migration nothing may exist that the legacy rows do not explain.
    Check(
        "totals.candidates",
        "candidates = files per uploader + request-only files",
        """
        SELECT (SELECT count(*) FROM (SELECT DISTINCT user_id, file_hash
                                      FROM legacy_v1_0.file_uploads) d)
             + (SELECT count(*) FROM (
                    SELECT DISTINCT l.user_id, l.original_filename, l.file_size_bytes,
                           l.mime_type
                    FROM verify_expected_link e
                    JOIN legacy_v1_0.analysis_requests l ON l.id = e.request_id
                    WHERE e.upload_id IS NULL) o),
               (SELECT count(*) FROM public.candidates)""",
        during_migration_only=True,
    ),
    Check(
        "totals.assignments",
        "one assignment per candidate",
        """
        SELECT (SELECT count(*) FROM public.candidates),
               (SELECT count(*) FROM public.user_candidate_assignments)""",
        during_migration_only=True,
    ),
    Check(
        "totals.resumes",
        "resumes = uploads + requests without upload",
        """
        SELECT (SELECT count(*) FROM legacy_v1_0.file_uploads)
             + (SELECT count(*) FROM verify_expected_link WHERE upload_id IS NULL),
               (SELECT count(*) FROM public.resumes)""",
        during_migration_only=True,
    ),
    Check(
        "totals.review_requests",
        "no review request from nowhere",
        """
        SELECT (SELECT count(*) FROM legacy_v1_0.analysis_requests),
               (SELECT count(*) FROM public.review_requests)""",
        during_migration_only=True,
    ),
    Check(
        "totals.review_results",
        "no review result from nowhere",
        """
        SELECT (SELECT count(*) FROM legacy_v1_0.analysis_results),
               (SELECT count(*) FROM public.review_results)""",
        during_migration_only=True,
    ),
    Check(
        "totals.feedback_items",
        "no feedback item from nowhere",
        """
        SELECT (SELECT count(*) FROM public.review_feedback_items
                WHERE review_result_id IN (SELECT id FROM legacy_v1_0.analysis_results)),
               (SELECT count(*) FROM public.review_feedback_items)""",
        during_migration_only=True,
    ),
    Check(
        "totals.prompt_usage",
        "no prompt usage from nowhere",
        """
        SELECT (SELECT count(*) FROM legacy_v1_0.prompt_history),
               (SELECT count(*) FROM public.prompt_usage_history)""",
        during_migration_only=True,
    ),
)


def legacy_schema_present(cursor: Any) -> bool:
    cursor.execute("SELECT to_regnamespace('legacy_v1_0') IS NOT NULL")
    return bool(cursor.fetchone()[0])


def reconcile(cursor: Any, *, during_migration: bool) -> list[CheckResult]:
    """Run every check on a psycopg cursor (inside a transaction the caller owns)."""
    cursor.execute(PREPARE)
    results: list[CheckResult] = []
    for check in CHECKS:
        if check.after_commit_only and during_migration:
            continue
        if check.during_migration_only and not during_migration:
            continue
        cursor.execute(check.sql)
        expected, actual = cursor.fetchone()
        results.append(CheckResult(check.name, check.description, int(expected), int(actual)))
    return results


def failures(results: list[CheckResult]) -> list[CheckResult]:
    return [result for result in results if not result.passed]
