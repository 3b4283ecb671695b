"""Interviews on autopilot: lifecycle columns, per-job deadlines, interviewer availability,
holds and bookings that can never overlap, and the e-mail outbox.

- ``interviews`` (from the ``orchestrator`` revision) gains the recruiter and panel, the rank
  at invitation, the candidate's contact snapshot and zone, the booked end, link and iCalendar
  versions, a compare-and-swap ``version``, and the scheduler's markers (reminder sent,
  outcome flagged, promotion pending). One active interview per application.
- ``interview_settings``: per-job confirmation/slot-selection deadlines, link life, hold time.
- ``interviewer_availability``: weekly hours as local weekday + times and an IANA zone, days
  off, meeting length, buffers, minimum notice, horizon.
- ``interview_bookings``: held and booked time per interviewer as ``tstzrange`` with a
  ``btree_gist`` exclusion constraint over active rows (holds expire by a state change: a
  constraint cannot call ``now()``).
- ``email_outbox`` (notifications): messages written in the same transaction as the change.

Revision ID: interviews
Revises: security
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from hireflow.migrations.sqlscript import execute_script

revision: str = "interviews"
down_revision: str | None = "security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEES_ALL = "hireflow_sees_all_candidates()"
TEAM_JOB = "job_id IN (SELECT hireflow_security.team_job_ids())"
ACTIVE = "('invitation_sent', 'confirmed', 'slot_selection', 'scheduled')"

UPGRADE = f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gist') THEN
    CREATE EXTENSION btree_gist;
    COMMENT ON EXTENSION btree_gist IS 'GiST operator classes (installed by hireflow)';
  END IF;
END $$;

ALTER TABLE interviews
    ADD COLUMN recruiter_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
    ADD COLUMN interviewer_ids uuid[] NOT NULL DEFAULT '{{}}',
    ADD COLUMN rank_at_invitation integer,
    ADD COLUMN candidate_name text NOT NULL DEFAULT '',
    ADD COLUMN candidate_email text,
    ADD COLUMN candidate_zone varchar(64),
    ADD COLUMN scheduled_end timestamptz,
    ADD COLUMN link_version integer NOT NULL DEFAULT 1,
    ADD COLUMN ics_sequence integer NOT NULL DEFAULT 0,
    ADD COLUMN decline_reason text,
    ADD COLUMN reminder_sent_at timestamptz,
    ADD COLUMN outcome_flagged_at timestamptz,
    ADD COLUMN promotion_pending boolean NOT NULL DEFAULT false,
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD CONSTRAINT interviews_scheduled_has_end
        CHECK (scheduled_time IS NULL OR scheduled_end > scheduled_time);
CREATE UNIQUE INDEX uq_interviews_active_application ON interviews (application_id)
    WHERE status IN {ACTIVE};
CREATE INDEX idx_interviews_due_confirmation ON interviews (confirmation_deadline)
    WHERE status = 'invitation_sent';
CREATE INDEX idx_interviews_due_slot ON interviews (slot_selection_deadline)
    WHERE status IN ('confirmed', 'slot_selection');
CREATE INDEX idx_interviews_upcoming ON interviews (scheduled_time) WHERE status = 'scheduled';
CREATE INDEX idx_interviews_recruiter ON interviews (recruiter_user_id, status);

CREATE TABLE interview_settings (
    job_id uuid PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
    confirmation_hours integer NOT NULL DEFAULT 48 CHECK (confirmation_hours BETWEEN 1 AND 720),
    slot_selection_hours integer NOT NULL DEFAULT 24
        CHECK (slot_selection_hours BETWEEN 1 AND 720),
    link_valid_days integer NOT NULL DEFAULT 7 CHECK (link_valid_days BETWEEN 1 AND 60),
    hold_minutes integer NOT NULL DEFAULT 10 CHECK (hold_minutes BETWEEN 1 AND 120),
    updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE interview_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY interview_settings_team ON interview_settings
    USING ({SEES_ALL} OR {TEAM_JOB}) WITH CHECK ({SEES_ALL} OR {TEAM_JOB});

CREATE TABLE interviewer_availability (
    user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    zone varchar(64) NOT NULL DEFAULT 'UTC',
    weekly_hours jsonb NOT NULL DEFAULT '[[0,"09:00","18:00"],[1,"09:00","18:00"],
        [2,"09:00","18:00"],[3,"09:00","18:00"],[4,"09:00","18:00"]]'::jsonb,
    days_off date[] NOT NULL DEFAULT '{{}}',
    meeting_minutes integer NOT NULL DEFAULT 60 CHECK (meeting_minutes BETWEEN 5 AND 480),
    buffer_before_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_before_minutes >= 0),
    buffer_after_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_after_minutes >= 0),
    min_notice_minutes integer NOT NULL DEFAULT 120 CHECK (min_notice_minutes >= 0),
    horizon_days integer NOT NULL DEFAULT 14 CHECK (horizon_days BETWEEN 1 AND 90),
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN interviewer_availability.weekly_hours IS
    'Local working hours: [[weekday 0=Mon, "HH:MM", "HH:MM"], ...] in zone';
ALTER TABLE interviewer_availability ENABLE ROW LEVEL SECURITY;
ALTER TABLE interviewer_availability FORCE ROW LEVEL SECURITY;
CREATE POLICY interviewer_availability_read ON interviewer_availability FOR SELECT
    USING (hireflow_role() <> '');
CREATE POLICY interviewer_availability_write ON interviewer_availability FOR ALL
    USING (user_id = hireflow_user_id() OR hireflow_role() IN ('admin', 'system'))
    WITH CHECK (user_id = hireflow_user_id() OR hireflow_role() IN ('admin', 'system'));

CREATE TABLE interview_bookings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    interview_id uuid NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    interviewer_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    during tstzrange NOT NULL CHECK (NOT isempty(during)),
    state varchar(10) NOT NULL CHECK (state IN ('held', 'booked', 'released')),
    hold_expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    released_at timestamptz,
    CONSTRAINT interview_bookings_hold_expires
        CHECK (state <> 'held' OR hold_expires_at IS NOT NULL),
    CONSTRAINT interview_bookings_no_overlap EXCLUDE USING gist
        (interviewer_id WITH =, during WITH &&) WHERE (state IN ('held', 'booked'))
);
CREATE INDEX idx_interview_bookings_interview ON interview_bookings (interview_id);
CREATE INDEX idx_interview_bookings_stale_holds ON interview_bookings (hold_expires_at)
    WHERE state = 'held';
ALTER TABLE interview_bookings ENABLE ROW LEVEL SECURITY;
ALTER TABLE interview_bookings FORCE ROW LEVEL SECURITY;
CREATE POLICY interview_bookings_scope ON interview_bookings
    USING ({SEES_ALL} OR interviewer_id = hireflow_user_id()
           OR EXISTS (SELECT 1 FROM interviews i WHERE i.id = interview_bookings.interview_id))
    WITH CHECK ({SEES_ALL} OR interviewer_id = hireflow_user_id()
           OR EXISTS (SELECT 1 FROM interviews i WHERE i.id = interview_bookings.interview_id));

CREATE TABLE email_outbox (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    kind varchar(40) NOT NULL,
    recipient text NOT NULL,
    subject text NOT NULL DEFAULT '',
    text_body text NOT NULL DEFAULT '',
    html_body text NOT NULL DEFAULT '',
    context jsonb,
    ics text,
    ics_method varchar(10) CHECK (ics_method IN ('REQUEST', 'CANCEL')),
    check_name varchar(40),
    check_ref uuid,
    check_value text,
    dedupe_key text UNIQUE,
    status varchar(10) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_at timestamptz,
    sent_at timestamptz,
    message_id text,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE email_outbox IS
    'Transactional outbox: written with the change, sent once by the worker (claimed by state)';
COMMENT ON COLUMN email_outbox.context IS
    'Template values when the message is rendered at send time (bulk sweeps)';
CREATE INDEX idx_email_outbox_due ON email_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX idx_email_outbox_ref ON email_outbox (check_ref);
ALTER TABLE email_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY email_outbox_write ON email_outbox FOR INSERT WITH CHECK (hireflow_role() <> '');
CREATE POLICY email_outbox_read ON email_outbox FOR SELECT
    USING (hireflow_role() = 'system' OR {SEES_ALL});
CREATE POLICY email_outbox_deliver ON email_outbox FOR UPDATE
    USING (hireflow_role() = 'system') WITH CHECK (hireflow_role() = 'system');
"""

DOWNGRADE = """
DROP TABLE IF EXISTS email_outbox;
DROP TABLE IF EXISTS interview_bookings;
DROP TABLE IF EXISTS interviewer_availability;
DROP TABLE IF EXISTS interview_settings;
DROP INDEX IF EXISTS idx_interviews_recruiter;
DROP INDEX IF EXISTS idx_interviews_upcoming;
DROP INDEX IF EXISTS idx_interviews_due_slot;
DROP INDEX IF EXISTS idx_interviews_due_confirmation;
DROP INDEX IF EXISTS uq_interviews_active_application;
ALTER TABLE interviews
    DROP CONSTRAINT IF EXISTS interviews_scheduled_has_end,
    DROP COLUMN IF EXISTS version,
    DROP COLUMN IF EXISTS promotion_pending,
    DROP COLUMN IF EXISTS outcome_flagged_at,
    DROP COLUMN IF EXISTS reminder_sent_at,
    DROP COLUMN IF EXISTS decline_reason,
    DROP COLUMN IF EXISTS ics_sequence,
    DROP COLUMN IF EXISTS link_version,
    DROP COLUMN IF EXISTS scheduled_end,
    DROP COLUMN IF EXISTS candidate_zone,
    DROP COLUMN IF EXISTS candidate_email,
    DROP COLUMN IF EXISTS candidate_name,
    DROP COLUMN IF EXISTS rank_at_invitation,
    DROP COLUMN IF EXISTS interviewer_ids,
    DROP COLUMN IF EXISTS recruiter_user_id;
DO $$ BEGIN
  IF obj_description((SELECT oid FROM pg_extension WHERE extname = 'btree_gist'),
                     'pg_extension') LIKE '%installed by hireflow%' THEN
    DROP EXTENSION btree_gist;
  END IF;
END $$;
"""


def upgrade() -> None:
    execute_script(UPGRADE)


def downgrade() -> None:
    execute_script(DOWNGRADE)
