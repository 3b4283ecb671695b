"""Recruiter workspace: notes (with @mentions) and tags on candidates; resume-text search.

Notes and tags are candidate data: row-level security scopes them exactly like the candidate
(seniors, admins and the system see all; a junior sees those of candidates visible to them).
The resume-text index serves the global search (``to_tsvector('simple', extracted_text)``).

Revision ID: workspace
Revises: calendars
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from hireflow.migrations.sqlscript import execute_script

revision: str = "workspace"
down_revision: str | None = "access"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SCOPE = (
    "(hireflow_sees_all_candidates() "
    "OR candidate_id IN (SELECT hireflow_security.visible_candidate_ids()))"
)


def upgrade() -> None:
    execute_script(
        f"""
        CREATE TABLE candidate_notes (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
            body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
            mentioned_user_ids uuid[] NOT NULL DEFAULT '{{}}',
            created_at timestamptz NOT NULL DEFAULT now()
        );
        COMMENT ON TABLE candidate_notes IS
            'Recruiters'' notes on a candidate; @mentions notify the mentioned users';
        CREATE INDEX idx_candidate_notes_candidate ON candidate_notes (candidate_id, created_at);
        ALTER TABLE candidate_notes ENABLE ROW LEVEL SECURITY;
        ALTER TABLE candidate_notes FORCE ROW LEVEL SECURITY;
        CREATE POLICY candidate_notes_scope ON candidate_notes
            USING {_SCOPE} WITH CHECK {_SCOPE};

        CREATE TABLE candidate_tags (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
            tag varchar(50) NOT NULL CHECK (length(btrim(tag)) BETWEEN 1 AND 50),
            created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        COMMENT ON TABLE candidate_tags IS 'Free-form labels recruiters put on candidates';
        CREATE UNIQUE INDEX uq_candidate_tags_tag ON candidate_tags (candidate_id, lower(tag));
        CREATE INDEX idx_candidate_tags_lower ON candidate_tags (lower(tag));
        ALTER TABLE candidate_tags ENABLE ROW LEVEL SECURITY;
        ALTER TABLE candidate_tags FORCE ROW LEVEL SECURITY;
        CREATE POLICY candidate_tags_scope ON candidate_tags
            USING {_SCOPE} WITH CHECK {_SCOPE};

        CREATE INDEX idx_resumes_text_search ON resumes
            USING gin (to_tsvector('simple', coalesce(extracted_text, '')));
        """
    )


def downgrade() -> None:
    execute_script(
        """
        DROP INDEX IF EXISTS idx_resumes_text_search;
        DROP TABLE IF EXISTS candidate_tags;
        DROP TABLE IF EXISTS candidate_notes;
        """
    )
