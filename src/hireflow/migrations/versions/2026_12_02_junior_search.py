"""Search at a million candidates for juniors, and the company trigram index under RLS.

Measured by ``bench/scale.py`` (issue 17):

- **Plans fixed for the words.** ``candidates_with_resume_words`` is PL/pgSQL so the planner
  sees the words and the visible set. After five calls on one pooled connection PostgreSQL
  may keep a generic plan instead (planned without those values): ``@@ $1 LIMIT $2`` looks
  cheapest as a sequential scan that stops early, which for a word no resume has reads and
  parses every resume. ``plan_cache_mode = force_custom_plan`` on it (and on the new company
  function) plans every call with its values (a fraction of a millisecond).
- **A junior's resume-word list is bounded, and checked row by row past that.** For a word
  in most resumes, listing a junior's matches meant parsing each of their ~2,000 resumes.
  ``candidates_with_resume_words`` now honours ``at_most`` for everyone and picks its way by
  the planner's estimate of the word across all resumes: rare, the GIN index's matches
  intersected with the visible set; common, the visible candidates' resumes one at a time,
  stopping at ``at_most``. Either way it returns the same rows, all inside the visible set,
  so the estimate is never told to a junior (only the time differs, as with any plan).
  ``resume_has_words`` answers for a junior too, for candidates they see
  (``sees_candidate``), so search can check one candidate at a time along the page order.
- **``sees_candidate(id)``:** the policy's rule for one candidate (same three sources as
  ``visible_candidate_ids()``), with index lookups instead of the whole set.
- **Company matches from the trigram index.** Under RLS ``%`` is not leakproof, so
  ``idx_candidates_company_trgm`` could not serve search and every candidate read was
  compared with the query (about 5 µs a row, the most costly of the OR'd conditions).
  ``candidates_with_company_like`` lists the matches (seniors: the index; anyone else:
  the index's matches within the visible set, or the visible set checked one at a time
  when the planner expects the query to match many companies), or answers a single NULL
  when there are more than ``at_most`` (for a junior, counted inside their visible set
  only, so the answer says nothing about other candidates).

Functions only: no table is rewritten, no index is built; the catalogue changes take a
moment on any size of install.

Revision ID: junior_search
Revises: search_estimates
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import context

from hireflow.migrations.sqlscript import execute_script

revision: str = "junior_search"
down_revision: str | None = "search_estimates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The planner's row estimate of a resume-text match over every resume (whole words: a prefix
# term has a fixed default estimate). Used inside the functions only, never returned to a
# junior.
ESTIMATE_HELPER = """
CREATE FUNCTION hireflow_security.estimated_rows(query text) RETURNS numeric
LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric;
END $$;
REVOKE ALL ON FUNCTION hireflow_security.estimated_rows(text) FROM PUBLIC;
ALTER FUNCTION hireflow_security.estimated_rows(text) OWNER TO "{system}";
"""

SEES_CANDIDATE = """
CREATE FUNCTION hireflow_security.sees_candidate(candidate uuid) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    claim text[];
    junior uuid;
BEGIN
    claim := hireflow_security.verified_claim();
    IF claim IS NULL OR claim[2] IS DISTINCT FROM 'junior_recruiter' THEN
        RETURN hireflow_sees_all_candidates();  -- a junior never sees all
    END IF;
    junior := nullif(claim[1], '')::uuid;
    RETURN EXISTS (SELECT 1 FROM user_candidate_assignments a
                    WHERE a.user_id = junior AND a.candidate_id = candidate AND a.is_active)
        OR EXISTS (SELECT 1 FROM candidates c
                    WHERE c.id = candidate AND c.created_by_user_id = junior
                      AND NOT EXISTS (SELECT 1 FROM user_candidate_assignments h
                                       WHERE h.candidate_id = c.id))
        OR EXISTS (SELECT 1 FROM applications ap
                     JOIN job_team_members m ON m.job_id = ap.job_id
                    WHERE ap.candidate_id = candidate AND m.user_id = junior);
END $$;
REVOKE ALL ON FUNCTION hireflow_security.sees_candidate(uuid) FROM PUBLIC;
ALTER FUNCTION hireflow_security.sees_candidate(uuid) OWNER TO "{system}";
GRANT EXECUTE ON FUNCTION hireflow_security.sees_candidate(uuid) TO "{runtime}", "{system}";
"""

RESUME_WORDS = """
CREATE OR REPLACE FUNCTION hireflow_security.candidates_with_resume_words(
    words tsquery, at_most integer)
RETURNS SETOF uuid LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 100
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    visible uuid[];
    matched uuid[];
    everywhere numeric;
BEGIN
    IF hireflow_sees_all_candidates() THEN
        RETURN QUERY
            SELECT r.candidate_id FROM resumes r
             WHERE to_tsvector('simple'::regconfig, coalesce(r.extracted_text, '')) @@ words
             LIMIT at_most;
        RETURN;
    END IF;
    everywhere := hireflow_security.estimated_rows(format(
        'SELECT 1 FROM resumes r WHERE to_tsvector(''simple''::regconfig,'
        ' coalesce(r.extracted_text, '''')) @@ %L::tsquery',
        replace(words::text, ':*', '')));
    IF everywhere <= 10000 THEN
        -- Few matches anywhere: the index's, kept if visible (none: nothing to intersect).
        matched := ARRAY(
            SELECT r.candidate_id FROM resumes r
             WHERE to_tsvector('simple'::regconfig, coalesce(r.extracted_text, '')) @@ words);
        IF cardinality(matched) = 0 THEN
            RETURN;
        END IF;
        visible := ARRAY(SELECT hireflow_security.visible_candidate_ids());
        RETURN QUERY
            SELECT DISTINCT m.id FROM unnest(matched) AS m(id) WHERE m.id = ANY (visible)
             LIMIT at_most;
        RETURN;
    END IF;
    -- A common word: the visible candidates' resumes, one at a time, up to at_most.
    visible := ARRAY(SELECT hireflow_security.visible_candidate_ids());
    RETURN QUERY
        SELECT v.id FROM unnest(visible) AS v(id)
         WHERE EXISTS (
            SELECT 1 FROM resumes r
             WHERE r.candidate_id = v.id
               AND (to_tsvector('simple'::regconfig, coalesce(r.extracted_text, ''))
                    || ''::tsvector) @@ words)
         LIMIT at_most;
END $$;

CREATE OR REPLACE FUNCTION hireflow_security.resume_has_words(candidate uuid, words tsquery)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
    SELECT hireflow_security.sees_candidate(candidate) AND EXISTS (
        SELECT 1 FROM resumes r
         WHERE r.candidate_id = candidate
           AND to_tsvector('simple'::regconfig, coalesce(r.extracted_text, '')) @@ words)
$$;
"""

COMPANY = """
CREATE FUNCTION hireflow_security.candidates_with_company_like(query text, at_most integer)
RETURNS SETOF uuid LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 100
SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    visible uuid[];
    everywhere numeric;
    found uuid[];
BEGIN
    everywhere := hireflow_security.estimated_rows(format(
        'SELECT 1 FROM candidates c WHERE c.current_company %% %L', query));
    IF hireflow_sees_all_candidates() THEN
        IF everywhere > at_most THEN
            RETURN NEXT NULL;  -- too many to list: compare row by row
            RETURN;
        END IF;
        found := ARRAY(SELECT c.id FROM candidates c WHERE c.current_company % query
                        LIMIT at_most + 1);
    ELSIF everywhere <= 1000 THEN
        -- Few matches anywhere: the index's, kept if visible (none: nothing to intersect).
        found := ARRAY(SELECT c.id FROM candidates c WHERE c.current_company % query);
        IF cardinality(found) > 0 THEN
            visible := ARRAY(SELECT hireflow_security.visible_candidate_ids());
            found := ARRAY(SELECT DISTINCT f.id FROM unnest(found) AS f(id)
                            WHERE f.id = ANY (visible) LIMIT at_most + 1);
        END IF;
    ELSE
        -- A common company name: the visible candidates, compared one at a time.
        visible := ARRAY(SELECT hireflow_security.visible_candidate_ids());
        found := ARRAY(SELECT c.id FROM candidates c
                        WHERE c.id = ANY (visible)
                          AND (c.current_company || '') % query
                        LIMIT at_most + 1);
    END IF;
    IF cardinality(found) > at_most THEN
        RETURN NEXT NULL;  -- more than at_most among those the identity may see
        RETURN;
    END IF;
    RETURN QUERY SELECT unnest(found);
END $$;
REVOKE ALL ON FUNCTION hireflow_security.candidates_with_company_like(text, integer) FROM PUBLIC;
ALTER FUNCTION hireflow_security.candidates_with_company_like(text, integer) OWNER TO "{system}";
GRANT EXECUTE ON FUNCTION hireflow_security.candidates_with_company_like(text, integer)
    TO "{runtime}", "{system}";
"""

# Revision ``at_scale``'s definitions, restored on downgrade.
RESTORE = """
DROP FUNCTION IF EXISTS hireflow_security.candidates_with_company_like(text, integer);
CREATE OR REPLACE FUNCTION hireflow_security.resume_has_words(candidate uuid, words tsquery)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
    SELECT hireflow_sees_all_candidates() AND EXISTS (
        SELECT 1 FROM resumes r
         WHERE r.candidate_id = candidate
           AND to_tsvector('simple'::regconfig, coalesce(r.extracted_text, '')) @@ words)
$$;
CREATE OR REPLACE FUNCTION hireflow_security.candidates_with_resume_words(
    words tsquery, at_most integer)
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
ALTER FUNCTION hireflow_security.candidates_with_resume_words(tsquery, integer)
    RESET plan_cache_mode;
DROP FUNCTION IF EXISTS hireflow_security.sees_candidate(uuid);
DROP FUNCTION IF EXISTS hireflow_security.estimated_rows(text);
"""


def upgrade() -> None:
    settings = context.config.attributes["settings"]
    roles = {"system": settings.db_system_role, "runtime": settings.db_runtime_role}
    script = ESTIMATE_HELPER + SEES_CANDIDATE + RESUME_WORDS + COMPANY
    execute_script(script.format(**roles))


def downgrade() -> None:
    execute_script(RESTORE)
