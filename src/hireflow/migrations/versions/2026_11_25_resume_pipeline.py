"""Resume pipeline: stored files, extraction results, candidate search and merges.

- ``resumes`` gains where its file is stored (content-addressed key), the processing error,
  the extraction facts (language, pages, layout hazards, hidden text) and the parsed fields.
- ``candidates`` gains a full-text search vector, trigram indexes for fuzzy name/company
  matching and normalised phone digits for duplicate detection.
- ``candidate_merges`` records who merged which candidate into which, and what moved.

Revision ID: resume_pipeline
Revises: access_control
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import context

from hireflow.migrations.sqlscript import execute_script

revision: str = "resume_pipeline"
down_revision: str | None = "access_control"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    execute_script(
        r"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
            CREATE EXTENSION pg_trgm;
            -- Marked so the downgrade removes it only when this revision installed it.
            COMMENT ON EXTENSION pg_trgm IS 'trigram matching (installed by hireflow)';
          END IF;
        END $$;

        ALTER TABLE resumes
            ADD COLUMN storage_key text,
            ADD COLUMN error_message text,
            ADD COLUMN document jsonb,
            ADD COLUMN fields jsonb;
        COMMENT ON COLUMN resumes.storage_key IS 'Content address of the file in resume storage';
        COMMENT ON COLUMN resumes.document IS
            'Extraction facts: kind, language, page count and offsets, layout hazards, hidden text';
        COMMENT ON COLUMN resumes.fields IS
            'Parsed contact, experience, education, skills and years of experience';
        CREATE INDEX idx_resumes_storage_key ON resumes (storage_key);
        CREATE INDEX idx_resumes_candidate_hash ON resumes (candidate_id, file_hash);

        ALTER TABLE candidates
            ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                to_tsvector('simple',
                    coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
                    coalesce(email, '') || ' ' || coalesce(current_company, '') || ' ' ||
                    coalesce(current_position, ''))) STORED,
            ADD COLUMN phone_digits text GENERATED ALWAYS AS (
                nullif(regexp_replace(coalesce(phone, ''), '\D', '', 'g'), '')) STORED;
        CREATE INDEX idx_candidates_search ON candidates USING gin (search_vector);
        CREATE INDEX idx_candidates_name_trgm ON candidates
            USING gin ((first_name || ' ' || last_name) gin_trgm_ops);
        CREATE INDEX idx_candidates_company_trgm ON candidates
            USING gin (current_company gin_trgm_ops);
        CREATE INDEX idx_candidates_email_lower ON candidates (lower(email));
        CREATE INDEX idx_candidates_phone_tail ON candidates (right(phone_digits, 10));
        CREATE INDEX idx_candidates_keyset ON candidates (created_at DESC, id DESC);

        CREATE TABLE candidate_merges (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            merged_candidate_id uuid NOT NULL,
            merged_snapshot jsonb NOT NULL,
            moved jsonb NOT NULL,
            merged_by_user_id uuid REFERENCES users(id),
            merged_at timestamptz NOT NULL DEFAULT now()
        );
        COMMENT ON TABLE candidate_merges IS
            'A duplicate candidate merged into another: its former fields and what moved';
        CREATE INDEX idx_candidate_merges_candidate ON candidate_merges (candidate_id);
        ALTER TABLE candidate_merges ENABLE ROW LEVEL SECURITY;
        ALTER TABLE candidate_merges FORCE ROW LEVEL SECURITY;
        CREATE POLICY candidate_merges_scope ON candidate_merges
            USING (hireflow_sees_all_candidates()
                   OR candidate_id IN (SELECT hireflow_security.visible_candidate_ids()))
            WITH CHECK (hireflow_sees_all_candidates());

        -- Erasure (data-subject request): the append-only activity log keeps its rows but
        -- loses the personal data in them. Only this function may change the log.
        CREATE FUNCTION hireflow_security.redact_activity(entity_ids uuid[]) RETURNS integer
        LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
            WITH redacted AS (
                UPDATE activity_logs
                   SET old_values = CASE WHEN old_values IS NULL THEN NULL
                                         ELSE '{"redacted": "erased on request"}'::jsonb END,
                       new_values = CASE WHEN new_values IS NULL THEN NULL
                                         ELSE '{"redacted": "erased on request"}'::jsonb END
                 WHERE entity_id = ANY(entity_ids)
                    OR (old_values ->> 'merged_candidate_id')::text = ANY(entity_ids::text[])
                RETURNING 1)
            SELECT count(*)::integer FROM redacted
        $$;
        REVOKE ALL ON FUNCTION hireflow_security.redact_activity(uuid[]) FROM PUBLIC;
        """
    )
    settings = context.config.attributes["settings"]
    runtime, system = settings.db_runtime_role, settings.db_system_role
    execute_script(
        f'ALTER FUNCTION hireflow_security.redact_activity(uuid[]) OWNER TO "{system}";'
        f"GRANT EXECUTE ON FUNCTION hireflow_security.redact_activity(uuid[]) "
        f'TO "{runtime}", "{system}";'
    )


def downgrade() -> None:
    execute_script(
        """
        DROP FUNCTION IF EXISTS hireflow_security.redact_activity(uuid[]);
        DROP TABLE IF EXISTS candidate_merges;
        DROP INDEX IF EXISTS idx_candidates_keyset;
        DROP INDEX IF EXISTS idx_candidates_phone_tail;
        DROP INDEX IF EXISTS idx_candidates_email_lower;
        DROP INDEX IF EXISTS idx_candidates_company_trgm;
        DROP INDEX IF EXISTS idx_candidates_name_trgm;
        DROP INDEX IF EXISTS idx_candidates_search;
        ALTER TABLE candidates DROP COLUMN IF EXISTS phone_digits,
                               DROP COLUMN IF EXISTS search_vector;
        DROP INDEX IF EXISTS idx_resumes_candidate_hash;
        DROP INDEX IF EXISTS idx_resumes_storage_key;
        ALTER TABLE resumes DROP COLUMN IF EXISTS fields, DROP COLUMN IF EXISTS document,
                            DROP COLUMN IF EXISTS error_message,
                            DROP COLUMN IF EXISTS storage_key;
        DO $$ BEGIN
          IF obj_description((SELECT oid FROM pg_extension WHERE extname = 'pg_trgm'),
                             'pg_extension') LIKE '%installed by hireflow%' THEN
            DROP EXTENSION pg_trgm;
          END IF;
        END $$;
        """
    )
