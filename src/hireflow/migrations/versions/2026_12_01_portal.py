"""The candidate portal: deletion requests a senior acts on, per-job candidate status mail.

- ``portal_deletion_requests``: a candidate asks (from their portal link) to be erased; a
  senior recruiter or admin erases or declines. One open request per candidate. The
  candidate reference is cleared when the candidate is erased; the row keeps who handled it.
- ``portal_job_settings``: whether candidates of a job get an e-mail when they are rejected
  or withdrawn (default on; no row means on).

Revision ID: portal
Revises: calendars
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from hireflow.migrations.sqlscript import execute_script

revision: str = "portal"
down_revision: str | None = "scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEES_ALL = "hireflow_sees_all_candidates()"
TEAM_JOB = "job_id IN (SELECT hireflow_security.team_job_ids())"

UPGRADE = f"""
CREATE TABLE portal_deletion_requests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    candidate_id uuid REFERENCES candidates(id) ON DELETE SET NULL,
    status varchar(20) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'erased', 'declined')),
    requested_at timestamptz NOT NULL DEFAULT now(),
    handled_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
    handled_at timestamptz,
    CHECK ((status = 'pending') = (handled_at IS NULL))
);
CREATE UNIQUE INDEX uq_portal_deletion_requests_open ON portal_deletion_requests (candidate_id)
    WHERE status = 'pending';
ALTER TABLE portal_deletion_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_deletion_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY portal_deletion_requests_seniors ON portal_deletion_requests
    USING ({SEES_ALL}) WITH CHECK ({SEES_ALL});

CREATE TABLE portal_job_settings (
    job_id uuid PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    status_mail boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER portal_job_settings_touch_updated_at BEFORE UPDATE
    ON portal_job_settings FOR EACH ROW EXECUTE FUNCTION hireflow_touch_updated_at();
ALTER TABLE portal_job_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal_job_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY portal_job_settings_team ON portal_job_settings
    USING ({SEES_ALL} OR {TEAM_JOB}) WITH CHECK ({SEES_ALL} OR {TEAM_JOB});
"""

DOWNGRADE = """
DROP TABLE IF EXISTS portal_job_settings;
DROP TABLE IF EXISTS portal_deletion_requests;
"""


def upgrade() -> None:
    execute_script(UPGRADE)


def downgrade() -> None:
    execute_script(DOWNGRADE)
