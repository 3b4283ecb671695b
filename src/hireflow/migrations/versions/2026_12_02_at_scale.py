"""Queries at a million candidates (issue 17, measured by ``bench/scale.py``).

Resume-text search that can use its index under row-level security:

``idx_resumes_text_search`` was never used by candidate search: under RLS the planner runs a
table's policy before any non-leakproof condition of the query, and ``@@`` is not
leakproof, so the resume-text match could only be a filter after a sequential scan of every
resume (about 1 s at 200,000 resumes). ``hireflow_security.candidates_with_resume_words``
runs the match as the system role (BYPASSRLS), where the GIN index serves it, under the
resumes policy's own rule (seniors, admins and the system see every resume; anyone else the
resumes of the candidates ``visible_candidate_ids()`` returns). It answers exactly what the
sub-select under RLS answered, for the identity the transaction carries, and nothing more.
A word in most resumes would make that list most of the table (1.5 s at a million):
``resume_has_words`` checks one candidate's resumes instead, so search walks its sort order
and stops at a page (for identities that see every resume; a junior's list is bounded by
their visible set).

``visible_candidate_ids()`` becomes PL/pgSQL (same rows; see ``VISIBLE_PLPGSQL``).

Close + shortlist writes every application of the job (rank, status, buffer position):
each write adds an entry to every index of ``applications``. Three of them serve no query
(every application query is per job, served by ``idx_applications_job_ranked`` and the
unique ``(job_id, …)`` indexes): ``idx_applications_job_id`` (the leading column of two
others), ``idx_applications_rank`` and ``idx_applications_fit_score`` (a rank or a score
means something only within a job). Dropped; the downgrade re-creates them.

Revision ID: at_scale
Revises: progress
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import context

from hireflow.migrations.sqlscript import execute_script

revision: str = "at_scale"
down_revision: str | None = "progress"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The junior's visible set, with the same three sources as revision ``access``, in PL/pgSQL:
# the user id and the team's jobs become values the planner sees. As SQL, the id was an
# InitPlan whose value no plan knows, so "candidates created by this user" was estimated
# from the column's few distinct values (a handful of recruiters create every candidate) as
# most of the table and read by a sequential scan of all candidates (40 ms of every
# statement a junior ran at 200,000 candidates), and the team's applicants by a parallel
# scan of every application (5 ms of worker start-up at a million, even for no team). The
# identity claim is verified once, not once per identity function.
VISIBLE_PLPGSQL = """
CREATE OR REPLACE FUNCTION hireflow_security.visible_candidate_ids() RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    claim text[] := hireflow_security.verified_claim();
    junior uuid;
    team_jobs uuid[];
BEGIN
    IF claim IS NULL OR claim[2] IS DISTINCT FROM 'junior_recruiter' THEN
        RETURN;
    END IF;
    junior := nullif(claim[1], '')::uuid;
    team_jobs := ARRAY(SELECT m.job_id FROM job_team_members m WHERE m.user_id = junior);
    RETURN QUERY
        SELECT a.candidate_id FROM user_candidate_assignments a
         WHERE a.user_id = junior AND a.is_active
        UNION
        SELECT c.id FROM candidates c
         WHERE c.created_by_user_id = junior
           AND NOT EXISTS (SELECT 1 FROM user_candidate_assignments h
                            WHERE h.candidate_id = c.id)
        UNION
        SELECT ap.candidate_id FROM applications ap WHERE ap.job_id = ANY (team_jobs);
END $$;
"""

# Revision ``access``'s definition, restored on downgrade.
VISIBLE_SQL = """
CREATE OR REPLACE FUNCTION hireflow_security.visible_candidate_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT a.candidate_id FROM user_candidate_assignments a
     WHERE (SELECT hireflow_role()) = 'junior_recruiter'
       AND a.user_id = (SELECT hireflow_user_id()) AND a.is_active
    UNION
    SELECT c.id FROM candidates c
     WHERE (SELECT hireflow_role()) = 'junior_recruiter'
       AND c.created_by_user_id = (SELECT hireflow_user_id())
       AND NOT EXISTS (SELECT 1 FROM user_candidate_assignments h WHERE h.candidate_id = c.id)
    UNION
    SELECT ap.candidate_id FROM applications ap
      JOIN job_team_members m ON m.job_id = ap.job_id
     WHERE (SELECT hireflow_role()) = 'junior_recruiter'
       AND m.user_id = (SELECT hireflow_user_id())
$$;
"""

# Seniors, admins and the system: the GIN index alone. Anyone else: their visible set and the
# index, each planned with its real value (PL/pgSQL variables), so a word in every resume is
# checked on the junior's few thousand resumes instead of read from the whole index.
# ``at_most`` (NULL: all) bounds the list: search asks for one more than it will list.
RESUME_WORDS = """
CREATE FUNCTION hireflow_security.candidates_with_resume_words(words tsquery, at_most integer)
RETURNS SETOF uuid LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 100
SET search_path = public, pg_temp AS $$
DECLARE
    visible uuid[];
BEGIN
    IF hireflow_sees_all_candidates() THEN
        RETURN QUERY
            SELECT r.candidate_id FROM resumes r
             WHERE to_tsvector('simple'::regconfig, coalesce(r.extracted_text, '')) @@ words
             LIMIT at_most;
        RETURN;
    END IF;
    visible := ARRAY(SELECT hireflow_security.visible_candidate_ids());
    RETURN QUERY
        SELECT r.candidate_id FROM resumes r
         WHERE r.candidate_id = ANY (visible)
           AND to_tsvector('simple'::regconfig, coalesce(r.extracted_text, '')) @@ words
         LIMIT at_most;
END $$;
REVOKE ALL ON FUNCTION hireflow_security.candidates_with_resume_words(tsquery, integer)
    FROM PUBLIC;
ALTER FUNCTION hireflow_security.candidates_with_resume_words(tsquery, integer)
    OWNER TO "{system}";
GRANT EXECUTE ON FUNCTION hireflow_security.candidates_with_resume_words(tsquery, integer)
    TO "{runtime}", "{system}";

-- One candidate's resumes, for a word too common to list (search checks it row by row along
-- its sort order, and stops at a page). Answers only for identities that see every resume.
CREATE FUNCTION hireflow_security.resume_has_words(candidate uuid, words tsquery)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
    SELECT hireflow_sees_all_candidates() AND EXISTS (
        SELECT 1 FROM resumes r
         WHERE r.candidate_id = candidate
           AND to_tsvector('simple'::regconfig, coalesce(r.extracted_text, '')) @@ words)
$$;
REVOKE ALL ON FUNCTION hireflow_security.resume_has_words(uuid, tsquery) FROM PUBLIC;
ALTER FUNCTION hireflow_security.resume_has_words(uuid, tsquery) OWNER TO "{system}";
GRANT EXECUTE ON FUNCTION hireflow_security.resume_has_words(uuid, tsquery)
    TO "{runtime}", "{system}";
"""

DROP_UNUSED_INDEXES = """
DROP INDEX IF EXISTS idx_applications_job_id;
DROP INDEX IF EXISTS idx_applications_rank;
DROP INDEX IF EXISTS idx_applications_fit_score;
"""

RESTORE_INDEXES = """
CREATE INDEX idx_applications_job_id ON applications (job_id);
CREATE INDEX idx_applications_rank ON applications (rank);
CREATE INDEX idx_applications_fit_score ON applications (fit_score DESC);
"""

DROP_RESUME_WORDS = """
DROP FUNCTION IF EXISTS hireflow_security.resume_has_words(uuid, tsquery);
DROP FUNCTION IF EXISTS hireflow_security.candidates_with_resume_words(tsquery, integer);
"""


def upgrade() -> None:
    settings = context.config.attributes["settings"]
    roles = {"system": settings.db_system_role, "runtime": settings.db_runtime_role}
    execute_script(RESUME_WORDS.format(**roles) + VISIBLE_PLPGSQL + DROP_UNUSED_INDEXES)


def downgrade() -> None:
    execute_script(RESTORE_INDEXES + VISIBLE_SQL + DROP_RESUME_WORDS)
