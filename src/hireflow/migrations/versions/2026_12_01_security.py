"""An identity the database can verify, and ``users`` behind row-level security.

``hireflow_user_id()`` / ``hireflow_role()`` (the functions every policy calls) now answer
only for a *signed* claim: the app sets ``hireflow.claim`` = ``user|role|pid|expiry|hmac`` in
each transaction, and ``hireflow_security.verified_claim()`` (SECURITY DEFINER, owned by the
owner role) checks the HMAC against ``hireflow_security.identity_key``, a table the runtime
role cannot read. A runtime-role session that merely sets settings is nobody. Logins other
than the runtime role (owner, system, superusers: migrations and administrative tools) are
trusted with the plain ``hireflow.user_id`` / ``hireflow.role`` settings as before.

``users`` gets row-level security (visible to verified transactions only), its password
hashes are readable only through ``hireflow_security.password_hash_of()`` (column privilege,
see ``db/roles.py``), and a trigger refuses role changes unless an admin or the system made
them. ``redact_activity()`` works only for a verified admin or the system.

Revision ID: security
Revises: notifications
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import context

from hireflow.migrations.sqlscript import execute_script

revision: str = "security"
down_revision: str | None = "notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERIFY = """
CREATE TABLE hireflow_security.identity_key (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    inner_pad bytea NOT NULL,
    outer_pad bytea NOT NULL
);
COMMENT ON TABLE hireflow_security.identity_key IS
    'HMAC-SHA256 pads of the key that signs each transaction''s identity claim';
REVOKE ALL ON hireflow_security.identity_key FROM PUBLIC;

-- {{user id, role}} of this transaction, or NULL when its claim does not verify.
CREATE FUNCTION hireflow_security.verified_claim() RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER AS $$
-- No SET search_path (it would cost a GUC save/restore per call): every name is qualified
-- or in pg_catalog, which is searched first, and functions are never looked up in pg_temp.
DECLARE
    claim text := current_setting('hireflow.claim', true);
    parts text[];
    pads record;
BEGIN
    IF session_user <> '{runtime}' THEN
        -- The owner, the system role, a superuser, or an administrator who may act as the
        -- owner (an external server's admin runs migrations and legacy tools that way; it
        -- could change every policy anyway): trusted with plain settings.
        IF session_user IN ('{owner}', '{system}')
           OR (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = session_user)
           OR pg_catalog.pg_has_role(session_user, '{owner}', 'MEMBER') THEN
            RETURN ARRAY[coalesce(current_setting('hireflow.user_id', true), ''),
                         coalesce(current_setting('hireflow.role', true), '')];
        END IF;
        RETURN NULL;
    END IF;
    IF claim IS NULL OR claim = '' THEN
        RETURN NULL;
    END IF;
    parts := pg_catalog.string_to_array(claim, '|');
    IF pg_catalog.cardinality(parts) <> 5 OR parts[3] <> pg_catalog.pg_backend_pid()::text
       OR pg_catalog.length(parts[4]) <> 10
       OR parts[4] < extract(epoch FROM pg_catalog.now())::bigint::text THEN
        RETURN NULL;
    END IF;
    SELECT inner_pad, outer_pad INTO pads FROM hireflow_security.identity_key;
    IF pads IS NULL OR encode(sha256(pads.outer_pad || sha256(pads.inner_pad || convert_to(
            parts[1] || '|' || parts[2] || '|' || parts[3] || '|' || parts[4], 'UTF8'))), 'hex')
       <> parts[5] THEN
        RETURN NULL;
    END IF;
    RETURN parts[1:2];
END $$;
REVOKE ALL ON FUNCTION hireflow_security.verified_claim() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hireflow_security.verified_claim() TO "{runtime}", "{system}";

CREATE OR REPLACE FUNCTION hireflow_user_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL RESTRICTED AS
$$ SELECT nullif((hireflow_security.verified_claim())[1], '')::uuid $$;

CREATE OR REPLACE FUNCTION hireflow_role() RETURNS text
LANGUAGE sql STABLE PARALLEL RESTRICTED AS
$$ SELECT coalesce((hireflow_security.verified_claim())[2], '') $$;

-- Whether this transaction carries any verified claim (an anonymous visitor's included).
CREATE FUNCTION hireflow_security.claim_verified() RETURNS boolean
LANGUAGE sql STABLE PARALLEL RESTRICTED AS
$$ SELECT hireflow_security.verified_claim() IS NOT NULL $$;
GRANT EXECUTE ON FUNCTION hireflow_security.claim_verified() TO "{runtime}", "{system}";

-- Sign-in and password changes read a hash through here, never by SELECT.
CREATE FUNCTION hireflow_security.password_hash_of(account uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT password_hash FROM users
     WHERE id = account AND hireflow_security.verified_claim() IS NOT NULL
$$;
REVOKE ALL ON FUNCTION hireflow_security.password_hash_of(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hireflow_security.password_hash_of(uuid) TO "{runtime}", "{system}";

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_read ON users FOR SELECT USING (hireflow_security.claim_verified());
CREATE POLICY users_create ON users FOR INSERT
    WITH CHECK (hireflow_role() IN ('admin', 'system'));
-- Sign-in (an anonymous but verified transaction) counts failed attempts on the row.
CREATE POLICY users_change ON users FOR UPDATE
    USING (hireflow_security.claim_verified()) WITH CHECK (hireflow_security.claim_verified());
CREATE POLICY users_remove ON users FOR DELETE USING (hireflow_role() IN ('admin', 'system'));

CREATE FUNCTION hireflow_security.guard_user_role() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF NEW.role IS DISTINCT FROM OLD.role AND hireflow_role() NOT IN ('admin', 'system') THEN
        RAISE EXCEPTION 'only an administrator may change a role'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER users_role_guard BEFORE UPDATE OF role ON users
    FOR EACH ROW EXECUTE FUNCTION hireflow_security.guard_user_role();

-- Whether another candidate, visible or not, has this email: filling a candidate's blank
-- email from a resume skips a taken one instead of failing on the unique index (which
-- would also tell a junior that a hidden candidate exists). Verified identities only.
CREATE FUNCTION hireflow_security.candidate_email_taken(address text, besides uuid)
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT hireflow_security.claim_verified() AND EXISTS (
        SELECT 1 FROM candidates WHERE lower(email) = lower(address) AND id <> besides)
$$;
REVOKE ALL ON FUNCTION hireflow_security.candidate_email_taken(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hireflow_security.candidate_email_taken(text, uuid)
    TO "{runtime}", "{system}";
ALTER FUNCTION hireflow_security.candidate_email_taken(text, uuid) OWNER TO "{system}";

-- Erasure only: a verified identity that may delete candidates (senior, admin, system),
-- for candidates already deleted in the erasure flow's transaction.
CREATE OR REPLACE FUNCTION hireflow_security.redact_activity(entity_ids uuid[]) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH redacted AS (
        UPDATE activity_logs
           SET old_values = CASE WHEN old_values IS NULL THEN NULL
                                 ELSE '{{"redacted": "erased on request"}}'::jsonb END,
               new_values = CASE WHEN new_values IS NULL THEN NULL
                                 ELSE '{{"redacted": "erased on request"}}'::jsonb END
         WHERE hireflow_sees_all_candidates()
           AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.id = ANY(entity_ids))
           AND (entity_id = ANY(entity_ids)
                OR (old_values ->> 'merged_candidate_id')::text = ANY(entity_ids::text[]))
        RETURNING 1)
    SELECT count(*)::integer FROM redacted
$$;
"""

# Verifying a claim costs microseconds (a key read and two SHA-256s), so the identity calls
# in policies are hoisted into scalar subqueries: evaluated once per statement (an InitPlan),
# not once per row. Same meaning: the functions are STABLE. Run for every policy in public
# after each migration (``db/identity.py``), so later revisions' policies get it too.
HOIST = r"""
CREATE FUNCTION hireflow_security.hoist_identity_calls(hoist boolean) RETURNS integer
LANGUAGE plpgsql SET search_path = public, pg_catalog, pg_temp AS $$
DECLARE
    p record;
    calls constant text :=
        '(hireflow_role|hireflow_user_id|hireflow_sees_all_candidates'
        '|hireflow_security\.claim_verified)\(\)';
    hoisted constant text := '\( SELECT ' || calls || ' AS [a-z_]+\)';
    new_using text;
    new_check text;
    changed integer := 0;
BEGIN
    FOR p IN SELECT tablename, policyname, qual, with_check FROM pg_catalog.pg_policies
              WHERE schemaname = 'public' LOOP
        new_using := regexp_replace(p.qual, hoisted, '\1()', 'g');
        new_check := regexp_replace(p.with_check, hoisted, '\1()', 'g');
        IF hoist THEN
            new_using := regexp_replace(new_using, calls, '(SELECT \1())', 'g');
            new_check := regexp_replace(new_check, calls, '(SELECT \1())', 'g');
        END IF;
        IF new_using IS DISTINCT FROM p.qual OR new_check IS DISTINCT FROM p.with_check THEN
            EXECUTE format('ALTER POLICY %I ON public.%I', p.policyname, p.tablename)
                || coalesce(' USING (' || new_using || ')', '')
                || coalesce(' WITH CHECK (' || new_check || ')', '');
            changed := changed + 1;
        END IF;
    END LOOP;
    RETURN changed;
END $$;
REVOKE ALL ON FUNCTION hireflow_security.hoist_identity_calls(boolean) FROM PUBLIC;
-- The same inside the function the candidate policies call.
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
$$;
SELECT hireflow_security.hoist_identity_calls(true);
"""

# Only a transaction with a verified claim (the app, having authorised the request) may
# queue a job or change what a queued job will do; the worker's own connection (no claim)
# only moves jobs through their states, plus the periodic defers Procrastinate makes, which
# carry nothing but their timestamp. A leaked runtime password cannot queue work that then
# runs as the system.
JOBS = """
CREATE FUNCTION hireflow_security.guard_queued_job() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF hireflow_security.claim_verified() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.args - 'timestamp' = '{}'::jsonb AND EXISTS (
            SELECT 1 FROM procrastinate_periodic_defers d
             WHERE d.task_name = NEW.task_name AND d.job_id IS NULL
               AND d.defer_timestamp = (NEW.args ->> 'timestamp')::bigint) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'only hireflow may queue or change a job (no verified identity)'
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER procrastinate_jobs_guard_insert BEFORE INSERT ON procrastinate_jobs
    FOR EACH ROW EXECUTE FUNCTION hireflow_security.guard_queued_job();
CREATE TRIGGER procrastinate_jobs_guard_change BEFORE UPDATE ON procrastinate_jobs
    FOR EACH ROW WHEN (OLD.task_name IS DISTINCT FROM NEW.task_name
                       OR OLD.args IS DISTINCT FROM NEW.args)
    EXECUTE FUNCTION hireflow_security.guard_queued_job();
"""

RESTORE = """
DROP TRIGGER IF EXISTS procrastinate_jobs_guard_insert ON procrastinate_jobs;
DROP TRIGGER IF EXISTS procrastinate_jobs_guard_change ON procrastinate_jobs;
DROP FUNCTION IF EXISTS hireflow_security.guard_queued_job();
SELECT hireflow_security.hoist_identity_calls(false);
DROP FUNCTION hireflow_security.hoist_identity_calls(boolean);
CREATE OR REPLACE FUNCTION hireflow_security.visible_candidate_ids() RETURNS SETOF uuid
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
DROP TRIGGER IF EXISTS users_role_guard ON users;
DROP FUNCTION IF EXISTS hireflow_security.guard_user_role();
DROP POLICY IF EXISTS users_read ON users;
DROP POLICY IF EXISTS users_create ON users;
DROP POLICY IF EXISTS users_change ON users;
DROP POLICY IF EXISTS users_remove ON users;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;
DROP FUNCTION IF EXISTS hireflow_security.candidate_email_taken(text, uuid);
DROP FUNCTION IF EXISTS hireflow_security.password_hash_of(uuid);
DROP FUNCTION IF EXISTS hireflow_security.claim_verified();

CREATE OR REPLACE FUNCTION hireflow_user_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT nullif(current_setting('hireflow.user_id', true), '')::uuid $$;

CREATE OR REPLACE FUNCTION hireflow_role() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT coalesce(current_setting('hireflow.role', true), '') $$;

DROP FUNCTION IF EXISTS hireflow_security.verified_claim();
DROP TABLE IF EXISTS hireflow_security.identity_key;

CREATE OR REPLACE FUNCTION hireflow_security.redact_activity(entity_ids uuid[]) RETURNS integer
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
"""


def upgrade() -> None:
    settings = context.config.attributes["settings"]
    execute_script(
        VERIFY.format(
            runtime=settings.db_runtime_role,
            system=settings.db_system_role,
            owner=settings.db_owner_role,
        )
        + HOIST
        + JOBS
    )


def downgrade() -> None:
    runtime = context.config.attributes["settings"].db_runtime_role
    # Drops the column-level grants too; env.py re-grants the table as before.
    execute_script(RESTORE + f'REVOKE SELECT ON users FROM "{runtime}";')
