"""A word in most resumes is known from the planner's statistics, not from the index.

Revision ``at_scale`` lists a search word's resume matches (up to 10,000) before it knows
whether the word is common; for a word in nearly every resume that listing is a GIN bitmap
of every match (about 130 ms at a million resumes) only to learn it should check one
candidate at a time instead. ``hireflow_security.resume_words_estimate`` asks the planner
for its row estimate of the same indexed match (``EXPLAIN``, hence VOLATILE: PostgreSQL
allows it only there). The estimate comes from the statistics ``ANALYZE`` keeps of the
resume-text index's expression (most common lexemes and their frequencies); no row is
read. Prefix terms (``python:*``) get a fixed default estimate, so the words are estimated
as whole words: a prefix matches at least the resumes its whole word does. Search then
chooses the per-candidate check up front. Seniors, admins and
the system only (anyone else gets NULL: their list is bounded by their visible set). An
estimate below the threshold still lists, and a list that overflows still falls back, so a
stale estimate costs time, never results.

Functions only: no table is rewritten or locked beyond the catalogue.

Revision ID: search_estimates
Revises: at_scale
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import context

from hireflow.migrations.sqlscript import execute_script

revision: str = "search_estimates"
down_revision: str | None = "at_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ESTIMATE = """
CREATE FUNCTION hireflow_security.resume_words_estimate(words tsquery) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    plan json;
BEGIN
    IF NOT hireflow_sees_all_candidates() THEN
        RETURN NULL;
    END IF;
    EXECUTE format(
        'EXPLAIN (FORMAT JSON) SELECT 1 FROM resumes r'
        ' WHERE to_tsvector(''simple''::regconfig, coalesce(r.extracted_text, ''''))'
        ' @@ %L::tsquery',
        replace(words::text, ':*', '')) INTO plan;
    RETURN round((plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric)::bigint;
END $$;
REVOKE ALL ON FUNCTION hireflow_security.resume_words_estimate(tsquery) FROM PUBLIC;
ALTER FUNCTION hireflow_security.resume_words_estimate(tsquery) OWNER TO "{system}";
GRANT EXECUTE ON FUNCTION hireflow_security.resume_words_estimate(tsquery)
    TO "{runtime}", "{system}";
"""

DROP_ESTIMATE = "DROP FUNCTION IF EXISTS hireflow_security.resume_words_estimate(tsquery);\n"


def upgrade() -> None:
    settings = context.config.attributes["settings"]
    roles = {"system": settings.db_system_role, "runtime": settings.db_runtime_role}
    execute_script(ESTIMATE.format(**roles))


def downgrade() -> None:
    execute_script(DROP_ESTIMATE)
