"""Seed 001 (AI hiring orchestrator), as intended: shortlisting columns on jobs and
applications, interviews, automation_logs, feature_flags (six defaults),
negotiation_sessions, calendar_tokens, the listed indexes and updated_at triggers.

Deviations from the seed, on purpose:
- Real RLS policies instead of ``USING (true)``: interviews and negotiations follow their
  application's visibility; automation logs follow the job's (and are append-only);
  feature flags are readable by every signed-in role and writable by admins and the system;
  calendar tokens are visible to their own user and the system only.
- ``applications.fit_score`` has no default: NULL means "not scored yet" (existing rows get
  NULL and ``ai_processed = false``), never a silent 0; a failed score keeps its reason in
  ``score_error``. ``applications.job_id`` already exists in the job-portal base.
- Extra columns the seed's behaviour needs: per-job scoring weights, the score breakdown,
  buffer positions, manual decisions (which bypass automation), dropout reasons.

Revision ID: orchestrator
Revises: jobs_portal
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from hireflow.migrations.sqlscript import execute_script

revision: str = "orchestrator"
down_revision: str | None = "jobs_portal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEES_ALL = "hireflow_sees_all_candidates()"
TEAM_JOB = "job_id IN (SELECT hireflow_security.team_job_ids())"
APPLICATION_VISIBLE = "EXISTS (SELECT 1 FROM applications a WHERE a.id = {table}.application_id)"

UPGRADE = f"""
ALTER TABLE jobs
    ADD COLUMN number_of_openings integer NOT NULL DEFAULT 1 CHECK (number_of_openings >= 1),
    ADD COLUMN shortlisting_buffer integer CHECK (shortlisting_buffer >= 0),
    ADD COLUMN automation_enabled boolean NOT NULL DEFAULT true,
    ADD COLUMN applications_closed boolean NOT NULL DEFAULT false,
    ADD COLUMN applications_closed_at timestamptz,
    ADD COLUMN shortlisted_at timestamptz,
    ADD COLUMN scoring_weights jsonb NOT NULL DEFAULT '{{}}'::jsonb,
    ADD COLUMN requirements_version integer NOT NULL DEFAULT 1;
UPDATE jobs SET shortlisting_buffer = number_of_openings;
ALTER TABLE jobs ALTER COLUMN shortlisting_buffer SET NOT NULL;

ALTER TABLE applications
    ADD COLUMN fit_score numeric(5,2) CHECK (fit_score BETWEEN 0 AND 100),
    ADD COLUMN rank integer CHECK (rank >= 1),
    ADD COLUMN summary text,
    ADD COLUMN shortlist_status varchar(20) NOT NULL DEFAULT 'pending' CHECK (shortlist_status
        IN ('pending', 'shortlisted', 'buffer', 'rejected', 'withdrawn')),
    ADD COLUMN ai_processed boolean NOT NULL DEFAULT false,
    ADD COLUMN score_breakdown jsonb,
    ADD COLUMN score_error text,
    ADD COLUMN scored_at timestamptz,
    ADD COLUMN scored_requirements_version integer,
    ADD COLUMN buffer_position integer CHECK (buffer_position >= 1),
    ADD COLUMN manual_decision boolean NOT NULL DEFAULT false,
    ADD COLUMN decided_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
    ADD COLUMN dropout_reason varchar(30),
    ADD CONSTRAINT applications_buffer_position_only_in_buffer
        CHECK (buffer_position IS NULL OR shortlist_status = 'buffer');
CREATE UNIQUE INDEX uq_applications_job_rank ON applications (job_id, rank)
    WHERE rank IS NOT NULL;
CREATE UNIQUE INDEX uq_applications_job_buffer_position ON applications (job_id, buffer_position)
    WHERE buffer_position IS NOT NULL;
CREATE INDEX idx_applications_fit_score ON applications (fit_score DESC);
CREATE INDEX idx_applications_shortlist_status ON applications (shortlist_status);
CREATE INDEX idx_applications_rank ON applications (rank);
CREATE INDEX idx_applications_job_id ON applications (job_id);

CREATE TABLE interviews (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    job_id uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    candidate_id uuid NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    status varchar(30) NOT NULL DEFAULT 'invitation_sent' CHECK (status IN (
        'invitation_sent', 'confirmed', 'slot_selection', 'scheduled', 'completed',
        'declined', 'expired', 'no_show', 'cancelled')),
    confirmation_deadline timestamptz,
    slot_selection_deadline timestamptz,
    scheduled_time timestamptz,
    duration_minutes integer NOT NULL DEFAULT 60 CHECK (duration_minutes > 0),
    meeting_link text,
    calendar_event_id varchar(255),
    no_show_risk numeric(4,3) CHECK (no_show_risk BETWEEN 0 AND 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_interviews_status ON interviews (status);
CREATE INDEX idx_interviews_confirmation_deadline ON interviews (confirmation_deadline);
CREATE INDEX idx_interviews_slot_deadline ON interviews (slot_selection_deadline);
CREATE INDEX idx_interviews_scheduled_time ON interviews (scheduled_time);
CREATE INDEX idx_interviews_job ON interviews (job_id);
CREATE INDEX idx_interviews_candidate ON interviews (candidate_id);
CREATE INDEX idx_interviews_application ON interviews (application_id);

CREATE TABLE automation_logs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id uuid REFERENCES jobs(id) ON DELETE CASCADE,
    application_id uuid REFERENCES applications(id) ON DELETE SET NULL,
    action_type varchar(50) NOT NULL,
    trigger_source varchar(20) NOT NULL CHECK (trigger_source IN ('auto', 'manual', 'scheduled')),
    actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
    details jsonb NOT NULL DEFAULT '{{}}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_automation_logs_job ON automation_logs (job_id);
CREATE INDEX idx_automation_logs_action ON automation_logs (action_type);
CREATE INDEX idx_automation_logs_created ON automation_logs (created_at DESC);
CREATE INDEX idx_automation_logs_trigger ON automation_logs (trigger_source);

CREATE TABLE feature_flags (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    flag_name varchar(100) NOT NULL UNIQUE,
    is_enabled boolean NOT NULL DEFAULT true,
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_feature_flags_name ON feature_flags (flag_name);
INSERT INTO feature_flags (flag_name, is_enabled, description) VALUES
    ('global_automation', true, 'Master switch: when off, nothing automatic happens'),
    ('auto_shortlisting', true, 'Rank and shortlist when applications close'),
    ('auto_promotion', true, 'Promote buffer candidates when a shortlisted one drops out'),
    ('negotiation_bot', true, 'Chatbot negotiates another interview time'),
    ('no_show_prediction', true, 'Predict the no-show risk of scheduled interviews'),
    ('calendar_integration', true, 'Sync interviews with recruiters'' calendars');

CREATE TABLE negotiation_sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    interview_id uuid NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    status varchar(20) NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'resolved', 'escalated', 'abandoned')),
    round_count integer NOT NULL DEFAULT 0 CHECK (round_count >= 0),
    conversation jsonb NOT NULL DEFAULT '[]'::jsonb,
    escalated_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_negotiation_interview ON negotiation_sessions (interview_id);

CREATE TABLE calendar_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    provider varchar(20) NOT NULL DEFAULT 'google',
    access_token_encrypted bytea NOT NULL,
    refresh_token_encrypted bytea,
    token_expiry timestamptz,
    scopes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_calendar_tokens_user ON calendar_tokens (user_id);

CREATE TRIGGER interviews_touch_updated_at BEFORE UPDATE ON interviews
    FOR EACH ROW EXECUTE FUNCTION hireflow_touch_updated_at();
CREATE TRIGGER feature_flags_touch_updated_at BEFORE UPDATE ON feature_flags
    FOR EACH ROW EXECUTE FUNCTION hireflow_touch_updated_at();
CREATE TRIGGER negotiation_sessions_touch_updated_at BEFORE UPDATE ON negotiation_sessions
    FOR EACH ROW EXECUTE FUNCTION hireflow_touch_updated_at();
CREATE TRIGGER calendar_tokens_touch_updated_at BEFORE UPDATE ON calendar_tokens
    FOR EACH ROW EXECUTE FUNCTION hireflow_touch_updated_at();

ALTER TABLE interviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE interviews FORCE ROW LEVEL SECURITY;
CREATE POLICY interviews_scope ON interviews
    USING ({SEES_ALL} OR {APPLICATION_VISIBLE.format(table="interviews")})
    WITH CHECK ({SEES_ALL} OR {APPLICATION_VISIBLE.format(table="interviews")});

ALTER TABLE automation_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE automation_logs FORCE ROW LEVEL SECURITY;
CREATE POLICY automation_logs_read ON automation_logs FOR SELECT
    USING ({SEES_ALL} OR {TEAM_JOB});
CREATE POLICY automation_logs_append ON automation_logs FOR INSERT
    WITH CHECK ({SEES_ALL} OR ({TEAM_JOB} AND actor_user_id = hireflow_user_id()));

ALTER TABLE feature_flags ENABLE ROW LEVEL SECURITY;
ALTER TABLE feature_flags FORCE ROW LEVEL SECURITY;
CREATE POLICY feature_flags_read ON feature_flags FOR SELECT USING (hireflow_role() <> '');
CREATE POLICY feature_flags_write ON feature_flags FOR ALL
    USING (hireflow_role() IN ('admin', 'system'))
    WITH CHECK (hireflow_role() IN ('admin', 'system'));

ALTER TABLE negotiation_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE negotiation_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY negotiation_sessions_scope ON negotiation_sessions
    USING ({SEES_ALL} OR EXISTS (SELECT 1 FROM interviews i
                                  WHERE i.id = negotiation_sessions.interview_id))
    WITH CHECK ({SEES_ALL} OR EXISTS (SELECT 1 FROM interviews i
                                       WHERE i.id = negotiation_sessions.interview_id));

ALTER TABLE calendar_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY calendar_tokens_own ON calendar_tokens
    USING (hireflow_role() = 'system' OR user_id = hireflow_user_id())
    WITH CHECK (hireflow_role() = 'system' OR user_id = hireflow_user_id());
"""

DOWNGRADE = """
DROP TABLE IF EXISTS calendar_tokens;
DROP TABLE IF EXISTS negotiation_sessions;
DROP TABLE IF EXISTS feature_flags;
DROP TABLE IF EXISTS automation_logs;
DROP TABLE IF EXISTS interviews;
DROP INDEX IF EXISTS idx_applications_job_id;
DROP INDEX IF EXISTS idx_applications_rank;
DROP INDEX IF EXISTS idx_applications_shortlist_status;
DROP INDEX IF EXISTS idx_applications_fit_score;
DROP INDEX IF EXISTS uq_applications_job_buffer_position;
DROP INDEX IF EXISTS uq_applications_job_rank;
ALTER TABLE applications
    DROP CONSTRAINT IF EXISTS applications_buffer_position_only_in_buffer,
    DROP COLUMN IF EXISTS dropout_reason,
    DROP COLUMN IF EXISTS decided_by_user_id,
    DROP COLUMN IF EXISTS manual_decision,
    DROP COLUMN IF EXISTS buffer_position,
    DROP COLUMN IF EXISTS scored_requirements_version,
    DROP COLUMN IF EXISTS scored_at,
    DROP COLUMN IF EXISTS score_error,
    DROP COLUMN IF EXISTS score_breakdown,
    DROP COLUMN IF EXISTS ai_processed,
    DROP COLUMN IF EXISTS shortlist_status,
    DROP COLUMN IF EXISTS summary,
    DROP COLUMN IF EXISTS rank,
    DROP COLUMN IF EXISTS fit_score;
ALTER TABLE jobs
    DROP COLUMN IF EXISTS requirements_version,
    DROP COLUMN IF EXISTS scoring_weights,
    DROP COLUMN IF EXISTS shortlisted_at,
    DROP COLUMN IF EXISTS applications_closed_at,
    DROP COLUMN IF EXISTS applications_closed,
    DROP COLUMN IF EXISTS automation_enabled,
    DROP COLUMN IF EXISTS shortlisting_buffer,
    DROP COLUMN IF EXISTS number_of_openings;
"""


def upgrade() -> None:
    execute_script(UPGRADE)


def downgrade() -> None:
    execute_script(DOWNGRADE)
