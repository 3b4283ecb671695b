"""One access rule for junior recruiters (issue 16, M6).

A junior sees the candidates actively assigned to them, the one they have just created, and
the applicants of every job whose hiring team they are on (with those candidates' resumes,
reviews and other applications): ``hireflow_security.visible_candidate_ids()``, which every
candidate-scoped policy calls, gains the team's applicants. Team access lasts as long as the
membership: a trigger refuses a junior's assignment row for a candidate they see only
through a team, so leaving the team ends it.

Revision ID: access
Revises: calendars
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import context

from hireflow.migrations.sqlscript import execute_script

revision: str = "access"
down_revision: str | None = "noshow"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ASSIGNED_OR_FRESH = """
    SELECT a.candidate_id FROM user_candidate_assignments a
     WHERE (SELECT hireflow_role()) = 'junior_recruiter'
       AND a.user_id = (SELECT hireflow_user_id()) AND a.is_active
    UNION
    SELECT c.id FROM candidates c
     WHERE (SELECT hireflow_role()) = 'junior_recruiter'
       AND c.created_by_user_id = (SELECT hireflow_user_id())
       AND NOT EXISTS (SELECT 1 FROM user_candidate_assignments h WHERE h.candidate_id = c.id)
"""

UPGRADE = f"""
CREATE OR REPLACE FUNCTION hireflow_security.visible_candidate_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
{ASSIGNED_OR_FRESH}    UNION
    SELECT ap.candidate_id FROM applications ap
      JOIN job_team_members m ON m.job_id = ap.job_id
     WHERE (SELECT hireflow_role()) = 'junior_recruiter'
       AND m.user_id = (SELECT hireflow_user_id())
$$;

CREATE FUNCTION hireflow_security.guard_junior_assignment() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF (SELECT hireflow_role()) = 'junior_recruiter'
       AND NEW.candidate_id NOT IN ({ASSIGNED_OR_FRESH})
       -- a candidate the junior does not see at all is row-level security's to refuse
       AND NEW.candidate_id IN (SELECT hireflow_security.visible_candidate_ids()) THEN
        RAISE EXCEPTION 'a junior recruiter cannot take on a candidate seen through a job team'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION hireflow_security.guard_junior_assignment() FROM PUBLIC;
ALTER FUNCTION hireflow_security.guard_junior_assignment() OWNER TO "{{system}}";
CREATE TRIGGER user_candidate_assignments_junior_guard
    BEFORE INSERT ON user_candidate_assignments
    FOR EACH ROW EXECUTE FUNCTION hireflow_security.guard_junior_assignment();
"""

DOWNGRADE = f"""
DROP TRIGGER IF EXISTS user_candidate_assignments_junior_guard ON user_candidate_assignments;
DROP FUNCTION IF EXISTS hireflow_security.guard_junior_assignment();
CREATE OR REPLACE FUNCTION hireflow_security.visible_candidate_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $${ASSIGNED_OR_FRESH}$$;
"""


def upgrade() -> None:
    system = context.config.attributes["settings"].db_system_role
    execute_script(UPGRADE.format(system=system))


def downgrade() -> None:
    execute_script(DOWNGRADE)
