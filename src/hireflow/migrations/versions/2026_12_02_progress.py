"""Live progress of long work, and each application's history of stages.

- ``automation_progress``: one row per long job (a batch of resumes parsed, an AI review,
  closing and shortlisting a job, an import): what, done/failed of total, its state, the
  error when it failed, started/finished. Written by the task as it goes (in the same
  transaction as the work), read by ``GET /api/progress/{id}``; its items
  (``automation_progress_items``) are finished once each, so a task run twice after a worker
  restart does not count twice. Seen by whoever started it,
  the job's hiring team (when it concerns a job), senior recruiters and admins.
- ``application_stage_history``: every change of an application's ``shortlist_status``
  (from, to, when, by whom or by automation). RLS as on ``applications``. Backfilled for
  existing applications: the arrival (``pending`` at ``applied_at``) and, for those no
  longer pending, one move to their current status at the time of their last automation log
  entry (else the job's ranking time, else the application's last update). Intermediate
  stages of older rows cannot be recovered (only the current status was kept); such rows
  are marked ``backfill``.

Revision ID: progress
Revises: portal
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from hireflow.migrations.sqlscript import execute_script

revision: str = "progress"
down_revision: str | None = "portal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEES_ALL = "hireflow_sees_all_candidates()"
TEAM_JOB = "job_id IN (SELECT hireflow_security.team_job_ids())"
MINE = "created_by_user_id = (SELECT hireflow_user_id())"

UPGRADE = f"""
CREATE TABLE automation_progress (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind varchar(20) NOT NULL
        CHECK (kind IN ('resume_parse', 'review', 'shortlist', 'import')),
    label text NOT NULL,
    job_id uuid REFERENCES jobs(id) ON DELETE CASCADE,
    created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
    total integer NOT NULL DEFAULT 0 CHECK (total >= 0),
    done integer NOT NULL DEFAULT 0 CHECK (done >= 0),
    failed integer NOT NULL DEFAULT 0 CHECK (failed >= 0),
    state varchar(20) NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'running', 'done', 'failed')),
    error text,
    link text,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((state IN ('done', 'failed')) = (finished_at IS NOT NULL))
);
CREATE INDEX idx_automation_progress_creator ON automation_progress (created_by_user_id,
    created_at DESC);
CREATE INDEX idx_automation_progress_job ON automation_progress (job_id, created_at DESC);
CREATE TRIGGER automation_progress_touch_updated_at BEFORE UPDATE
    ON automation_progress FOR EACH ROW EXECUTE FUNCTION hireflow_touch_updated_at();
ALTER TABLE automation_progress ENABLE ROW LEVEL SECURITY;
ALTER TABLE automation_progress FORCE ROW LEVEL SECURITY;
CREATE POLICY automation_progress_scope ON automation_progress
    USING ({SEES_ALL} OR {MINE} OR {TEAM_JOB}) WITH CHECK ({SEES_ALL} OR {MINE} OR {TEAM_JOB});

-- The items of a progress record (a resume to parse, a review, a step of a shortlisting),
-- each finished once: a task that runs twice (a worker restarted) does not count twice.
CREATE TABLE automation_progress_items (
    progress_id uuid NOT NULL REFERENCES automation_progress(id) ON DELETE CASCADE,
    item_key varchar(120) NOT NULL,
    state varchar(20) NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
    error text,
    detail jsonb,
    finished_at timestamptz,
    PRIMARY KEY (progress_id, item_key)
);
CREATE INDEX idx_automation_progress_items_key ON automation_progress_items (item_key);
ALTER TABLE automation_progress_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE automation_progress_items FORCE ROW LEVEL SECURITY;
CREATE POLICY automation_progress_items_scope ON automation_progress_items
    USING (progress_id IN (SELECT id FROM automation_progress))
    WITH CHECK (progress_id IN (SELECT id FROM automation_progress));

CREATE TABLE application_stage_history (
    -- in insertion order: two changes in one transaction share now(), and keep their order
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    from_status varchar(20),
    to_status varchar(20) NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    trigger_source varchar(20) NOT NULL
        CHECK (trigger_source IN ('manual', 'auto', 'scheduled', 'backfill')),
    actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX idx_application_stage_history_application
    ON application_stage_history (application_id, changed_at);
CREATE INDEX idx_application_stage_history_job ON application_stage_history (job_id, changed_at);
CREATE INDEX idx_application_stage_history_changed ON application_stage_history (changed_at);
ALTER TABLE application_stage_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE application_stage_history FORCE ROW LEVEL SECURITY;
CREATE POLICY application_stage_history_scope ON application_stage_history
    USING ({SEES_ALL} OR {TEAM_JOB}
           OR candidate_id IN (SELECT hireflow_security.visible_candidate_ids()))
    WITH CHECK ({SEES_ALL} OR {TEAM_JOB});

INSERT INTO application_stage_history
       (application_id, job_id, candidate_id, from_status, to_status, changed_at, trigger_source)
SELECT a.id, a.job_id, a.candidate_id, NULL, 'pending', a.applied_at, 'backfill'
  FROM applications a;
INSERT INTO application_stage_history
       (application_id, job_id, candidate_id, from_status, to_status, changed_at, trigger_source)
SELECT a.id, a.job_id, a.candidate_id, 'pending', a.shortlist_status,
       greatest(a.applied_at, coalesce(
           (SELECT max(l.created_at) FROM automation_logs l WHERE l.application_id = a.id),
           j.shortlisted_at, a.updated_at)),
       'backfill'
  FROM applications a JOIN jobs j ON j.id = a.job_id
 WHERE a.shortlist_status <> 'pending';
"""

DOWNGRADE = """
DROP TABLE IF EXISTS application_stage_history;
DROP TABLE IF EXISTS automation_progress_items;
DROP TABLE IF EXISTS automation_progress;
"""


def upgrade() -> None:
    execute_script(UPGRADE)


def downgrade() -> None:
    execute_script(DOWNGRADE)
