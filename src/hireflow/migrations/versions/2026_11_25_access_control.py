"""Access control: row-level security on candidates and everything hanging off them,
an append-only activity log, and sign-in rate-limit counters.

A junior recruiter's transaction sees only candidates with an active assignment to them (and
their resumes, sections, reviews, results, feedback items and prompt usage); seniors, admins
and the system see all. The policies key on ``hireflow.user_id`` / ``hireflow.role``, set at
the start of every transaction (``db/session.py``).

Revision ID: access_control
Revises: worker_queue
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import context

from hireflow.migrations.sqlscript import execute_script

revision: str = "access_control"
down_revision: str | None = "worker_queue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEES_ALL = "hireflow_sees_all_candidates()"
VISIBLE = "candidate_id IN (SELECT hireflow_security.visible_candidate_ids())"
FRESH_OWN = (
    "(hireflow_role() = 'junior_recruiter' AND created_by_user_id = hireflow_user_id()"
    " AND NOT hireflow_security.has_assignment_history(id))"
)

FUNCTIONS = """
CREATE FUNCTION hireflow_user_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT nullif(current_setting('hireflow.user_id', true), '')::uuid $$;

CREATE FUNCTION hireflow_role() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT coalesce(current_setting('hireflow.role', true), '') $$;

CREATE FUNCTION hireflow_sees_all_candidates() RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT hireflow_role() IN ('senior_recruiter', 'admin', 'system') $$;

-- Candidates a junior may see: actively assigned ones, plus one they have just created and
-- that has no assignment history yet (so the creator can add the primary assignment).
-- SECURITY DEFINER as the system role: reads assignments without recursing into policies.
-- It lives in its own schema: a function's owner needs CREATE on its schema, and the system
-- role gets that here rather than on public.
CREATE SCHEMA hireflow_security;
CREATE FUNCTION hireflow_security.visible_candidate_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT a.candidate_id FROM user_candidate_assignments a
     WHERE hireflow_role() = 'junior_recruiter'
       AND a.user_id = hireflow_user_id() AND a.is_active
    UNION
    SELECT c.id FROM candidates c
     WHERE hireflow_role() = 'junior_recruiter'
       AND c.created_by_user_id = hireflow_user_id()
       AND NOT EXISTS (SELECT 1 FROM user_candidate_assignments h WHERE h.candidate_id = c.id)
$$;
REVOKE ALL ON FUNCTION hireflow_security.visible_candidate_ids() FROM PUBLIC;

-- Whether a candidate has any assignment, active or not (no RLS: it answers for everyone).
CREATE FUNCTION hireflow_security.has_assignment_history(candidate uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM user_candidate_assignments WHERE candidate_id = candidate)
$$;
REVOKE ALL ON FUNCTION hireflow_security.has_assignment_history(uuid) FROM PUBLIC;
"""

POLICIES = f"""
ALTER TABLE candidates ENABLE ROW LEVEL SECURITY;
ALTER TABLE candidates FORCE ROW LEVEL SECURITY;
-- The third term is inline (not only in the function) so that INSERT ... RETURNING of a
-- junior's brand-new candidate passes: a function's snapshot cannot see the new row yet.
CREATE POLICY candidates_select ON candidates FOR SELECT
    USING ({SEES_ALL} OR id IN (SELECT hireflow_security.visible_candidate_ids())
           OR {FRESH_OWN});
CREATE POLICY candidates_insert ON candidates FOR INSERT
    WITH CHECK ({SEES_ALL} OR (hireflow_role() = 'junior_recruiter'
                               AND created_by_user_id = hireflow_user_id()));
CREATE POLICY candidates_update ON candidates FOR UPDATE
    USING ({SEES_ALL} OR id IN (SELECT hireflow_security.visible_candidate_ids()) OR {FRESH_OWN})
    WITH CHECK ({SEES_ALL} OR id IN (SELECT hireflow_security.visible_candidate_ids())
                OR {FRESH_OWN});
CREATE POLICY candidates_delete ON candidates FOR DELETE USING ({SEES_ALL});

ALTER TABLE user_candidate_assignments ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_candidate_assignments FORCE ROW LEVEL SECURITY;
CREATE POLICY assignments_select ON user_candidate_assignments FOR SELECT
    USING ({SEES_ALL} OR user_id = hireflow_user_id());
CREATE POLICY assignments_insert ON user_candidate_assignments FOR INSERT
    WITH CHECK ({SEES_ALL} OR (hireflow_role() = 'junior_recruiter'
                               AND user_id = hireflow_user_id()
                               AND assigned_by_user_id = hireflow_user_id()
                               AND {VISIBLE}));
CREATE POLICY assignments_update ON user_candidate_assignments FOR UPDATE
    USING ({SEES_ALL}) WITH CHECK ({SEES_ALL});
CREATE POLICY assignments_delete ON user_candidate_assignments FOR DELETE USING ({SEES_ALL});

ALTER TABLE resumes ENABLE ROW LEVEL SECURITY;
ALTER TABLE resumes FORCE ROW LEVEL SECURITY;
CREATE POLICY resumes_scope ON resumes
    USING ({SEES_ALL} OR {VISIBLE}) WITH CHECK ({SEES_ALL} OR {VISIBLE});

ALTER TABLE resume_sections ENABLE ROW LEVEL SECURITY;
ALTER TABLE resume_sections FORCE ROW LEVEL SECURITY;
CREATE POLICY resume_sections_scope ON resume_sections
    USING ({SEES_ALL} OR EXISTS (SELECT 1 FROM resumes r WHERE r.id = resume_sections.resume_id))
    WITH CHECK ({SEES_ALL}
                OR EXISTS (SELECT 1 FROM resumes r WHERE r.id = resume_sections.resume_id));

ALTER TABLE review_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY review_requests_scope ON review_requests
    USING ({SEES_ALL} OR EXISTS (SELECT 1 FROM resumes r WHERE r.id = review_requests.resume_id))
    WITH CHECK ({SEES_ALL}
                OR EXISTS (SELECT 1 FROM resumes r WHERE r.id = review_requests.resume_id));

ALTER TABLE review_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_results FORCE ROW LEVEL SECURITY;
CREATE POLICY review_results_scope ON review_results
    USING ({SEES_ALL} OR EXISTS (SELECT 1 FROM review_requests q
                                  WHERE q.id = review_results.review_request_id))
    WITH CHECK ({SEES_ALL} OR EXISTS (SELECT 1 FROM review_requests q
                                       WHERE q.id = review_results.review_request_id));

ALTER TABLE review_feedback_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE review_feedback_items FORCE ROW LEVEL SECURITY;
CREATE POLICY review_feedback_items_scope ON review_feedback_items
    USING ({SEES_ALL} OR EXISTS (SELECT 1 FROM review_results x
                                  WHERE x.id = review_feedback_items.review_result_id))
    WITH CHECK ({SEES_ALL} OR EXISTS (SELECT 1 FROM review_results x
                                       WHERE x.id = review_feedback_items.review_result_id));

ALTER TABLE prompt_usage_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE prompt_usage_history FORCE ROW LEVEL SECURITY;
CREATE POLICY prompt_usage_history_scope ON prompt_usage_history
    USING ({SEES_ALL} OR EXISTS (SELECT 1 FROM review_requests q
                                  WHERE q.id = prompt_usage_history.review_request_id))
    WITH CHECK ({SEES_ALL} OR EXISTS (SELECT 1 FROM review_requests q
                                       WHERE q.id = prompt_usage_history.review_request_id));

-- The activity log is append-only: no UPDATE or DELETE policy exists for anyone.
ALTER TABLE activity_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE activity_logs FORCE ROW LEVEL SECURITY;
CREATE POLICY activity_logs_read ON activity_logs FOR SELECT
    USING (hireflow_role() IN ('admin', 'system'));
CREATE POLICY activity_logs_append ON activity_logs FOR INSERT
    WITH CHECK (hireflow_role() = 'system' OR user_id IS NOT DISTINCT FROM hireflow_user_id());
"""

SECURITY_FUNCTIONS = ("visible_candidate_ids()", "has_assignment_history(uuid)")
RLS_TABLES = (
    "candidates",
    "user_candidate_assignments",
    "resumes",
    "resume_sections",
    "review_requests",
    "review_results",
    "review_feedback_items",
    "prompt_usage_history",
    "activity_logs",
)

ACTIVITY_CHECKS = """
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
            WHERE conrelid = 'public.activity_logs'::regclass AND contype = 'c'
              AND (pg_get_constraintdef(oid) LIKE '%entity_type%'
                   OR pg_get_constraintdef(oid) LIKE '%action%')
  LOOP EXECUTE format('ALTER TABLE activity_logs DROP CONSTRAINT %I', c.conname); END LOOP;
END $$;
"""


def upgrade() -> None:
    settings = context.config.attributes["settings"]
    execute_script(FUNCTIONS)
    runtime, system = settings.db_runtime_role, settings.db_system_role
    grants = [
        f'GRANT USAGE ON SCHEMA hireflow_security TO "{runtime}", "{system}";',
        f'GRANT CREATE ON SCHEMA hireflow_security TO "{system}";',
    ]
    for function in SECURITY_FUNCTIONS:
        grants.append(f'ALTER FUNCTION hireflow_security.{function} OWNER TO "{system}";')
        grants.append(
            f'GRANT EXECUTE ON FUNCTION hireflow_security.{function} TO "{runtime}", "{system}";'
        )
    execute_script("\n".join(grants))
    execute_script(POLICIES)
    execute_script(
        ACTIVITY_CHECKS
        + """
        ALTER TABLE activity_logs ADD CONSTRAINT activity_logs_entity_type_check CHECK (
            entity_type IN ('candidate', 'resume', 'review', 'assignment', 'user', 'prompt',
                            'job', 'application', 'session'));
        ALTER TABLE activity_logs ADD CONSTRAINT activity_logs_action_check CHECK (
            action IN ('create', 'update', 'delete', 'view', 'download', 'assign', 'unassign',
                       'login', 'logout', 'merge', 'export'));
        CREATE INDEX IF NOT EXISTS idx_users_email_lower ON users (lower(email));
        CREATE TABLE rate_limit_counters (
            bucket text NOT NULL,
            window_start timestamptz NOT NULL,
            hits integer NOT NULL DEFAULT 1,
            PRIMARY KEY (bucket, window_start)
        );
        COMMENT ON TABLE rate_limit_counters IS
            'Fixed-window counters of sign-in attempts per address and per account';
        """
    )


def downgrade() -> None:
    statements = [
        "DROP TABLE IF EXISTS rate_limit_counters;",
        "DROP INDEX IF EXISTS idx_users_email_lower;",
    ]
    for table in RLS_TABLES:
        statements.append(
            f"""DO $$ DECLARE p record; BEGIN
                FOR p IN SELECT policyname FROM pg_policies
                          WHERE schemaname = 'public' AND tablename = '{table}'
                LOOP EXECUTE format('DROP POLICY %I ON {table}', p.policyname); END LOOP;
            END $$;"""
        )
        statements.append(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;")
        statements.append(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;")
    statements.append(ACTIVITY_CHECKS)
    statements.append(
        """
        ALTER TABLE activity_logs ADD CONSTRAINT activity_logs_entity_type_check CHECK (
            entity_type IN ('candidate', 'resume', 'review', 'assignment')) NOT VALID;
        ALTER TABLE activity_logs ADD CONSTRAINT activity_logs_action_check CHECK (
            action IN ('create', 'update', 'delete', 'view', 'download', 'assign', 'unassign'))
            NOT VALID;
        DROP SCHEMA IF EXISTS hireflow_security CASCADE;
        DROP FUNCTION IF EXISTS hireflow_sees_all_candidates();
        DROP FUNCTION IF EXISTS hireflow_role();
        DROP FUNCTION IF EXISTS hireflow_user_id();
        """
    )
    execute_script("\n".join(statements))
