"""Job portal base: jobs, their hiring teams, and applications (a candidate applies to a job
with one of their resumes), with row-level security.

Visibility: seniors, admins and the system see every job and application. A junior sees the
jobs whose hiring team they are on (owner or member), and an application when they may see
its candidate (assigned) or its job (hiring team): a team member reviews every applicant of
their job. Writes follow the same scope; only seniors and admins create or delete jobs.

Revision ID: jobs_portal
Revises: review_pipeline
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import context

from hireflow.migrations.sqlscript import execute_script

revision: str = "jobs_portal"
down_revision: str | None = "review_pipeline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEES_ALL = "hireflow_sees_all_candidates()"
TEAM_JOB = "job_id IN (SELECT hireflow_security.team_job_ids())"

TABLES = """
CREATE FUNCTION hireflow_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at = now(); RETURN NEW; END $$;

CREATE TABLE jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title varchar(200) NOT NULL CHECK (length(btrim(title)) > 0),
    description text NOT NULL DEFAULT '',
    must_have_skills text[] NOT NULL DEFAULT '{}',
    nice_to_have_skills text[] NOT NULL DEFAULT '{}',
    min_years_experience numeric(4,1) NOT NULL DEFAULT 0 CHECK (min_years_experience >= 0),
    education_level varchar(20) NOT NULL DEFAULT 'none' CHECK (education_level IN
        ('none', 'high_school', 'associate', 'bachelor', 'master', 'doctorate')),
    location varchar(200),
    remote boolean NOT NULL DEFAULT false,
    language varchar(20),
    status varchar(20) NOT NULL DEFAULT 'open'
        CHECK (status IN ('draft', 'open', 'closed', 'archived')),
    closing_date timestamptz,
    owner_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
    created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_jobs_status ON jobs (status);
CREATE INDEX idx_jobs_closing_date ON jobs (closing_date) WHERE status = 'open';
CREATE TRIGGER jobs_touch_updated_at BEFORE UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION hireflow_touch_updated_at();

CREATE TABLE job_team_members (
    job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role varchar(20) NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, user_id)
);
CREATE INDEX idx_job_team_members_user ON job_team_members (user_id);

CREATE TABLE applications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    resume_id uuid REFERENCES resumes(id) ON DELETE SET NULL,
    source varchar(20) NOT NULL DEFAULT 'recruiter'
        CHECK (source IN ('careers', 'recruiter', 'bulk')),
    created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT uq_applications_job_candidate UNIQUE (job_id, candidate_id)
);
CREATE INDEX idx_applications_candidate ON applications (candidate_id);
CREATE TRIGGER applications_touch_updated_at BEFORE UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION hireflow_touch_updated_at();

CREATE FUNCTION hireflow_security.team_job_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT m.job_id FROM job_team_members m
     WHERE hireflow_role() = 'junior_recruiter' AND m.user_id = hireflow_user_id()
$$;
REVOKE ALL ON FUNCTION hireflow_security.team_job_ids() FROM PUBLIC;
"""

POLICIES = f"""
ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY jobs_select ON jobs FOR SELECT
    USING ({SEES_ALL} OR id IN (SELECT hireflow_security.team_job_ids()));
CREATE POLICY jobs_insert ON jobs FOR INSERT WITH CHECK ({SEES_ALL});
CREATE POLICY jobs_update ON jobs FOR UPDATE
    USING ({SEES_ALL} OR id IN (SELECT hireflow_security.team_job_ids()))
    WITH CHECK ({SEES_ALL} OR id IN (SELECT hireflow_security.team_job_ids()));
CREATE POLICY jobs_delete ON jobs FOR DELETE USING ({SEES_ALL});

ALTER TABLE job_team_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE job_team_members FORCE ROW LEVEL SECURITY;
CREATE POLICY job_team_members_select ON job_team_members FOR SELECT
    USING ({SEES_ALL} OR {TEAM_JOB});
CREATE POLICY job_team_members_write ON job_team_members FOR ALL
    USING ({SEES_ALL}) WITH CHECK ({SEES_ALL});

ALTER TABLE applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE applications FORCE ROW LEVEL SECURITY;
CREATE POLICY applications_scope ON applications
    USING ({SEES_ALL} OR {TEAM_JOB}
           OR candidate_id IN (SELECT hireflow_security.visible_candidate_ids()))
    WITH CHECK ({SEES_ALL} OR {TEAM_JOB});
"""


def upgrade() -> None:
    settings = context.config.attributes["settings"]
    runtime, system = settings.db_runtime_role, settings.db_system_role
    execute_script(TABLES)
    execute_script(
        f'ALTER FUNCTION hireflow_security.team_job_ids() OWNER TO "{system}";\n'
        f'GRANT EXECUTE ON FUNCTION hireflow_security.team_job_ids() TO "{runtime}", "{system}";'
    )
    execute_script(POLICIES)


def downgrade() -> None:
    execute_script(
        """
        DROP TABLE IF EXISTS applications;
        DROP TABLE IF EXISTS job_team_members;
        DROP TABLE IF EXISTS jobs;
        DROP FUNCTION IF EXISTS hireflow_security.team_job_ids();
        DROP FUNCTION IF EXISTS hireflow_touch_updated_at();
        """
    )
