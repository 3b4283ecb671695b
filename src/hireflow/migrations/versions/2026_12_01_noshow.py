"""No-show risk on interviews: band, reasons, the model that scored, the facts it saw, and
the attendance events that feed it; a table of trained no-show models (coefficients as
JSON, never a pickle).

``interviews.no_show_risk`` (numeric(4,3)) exists since the orchestrator revision; this one
adds what the score needs around it. ``no_show_models`` holds no candidate data (fitted
coefficients and metrics): every signed-in role and the workers read it, only the system
writes it.

Revision ID: noshow
Revises: calendars
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from hireflow.migrations.sqlscript import execute_script

revision: str = "noshow"
down_revision: str | None = "calendars"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    execute_script(
        """
        ALTER TABLE interviews
            ADD COLUMN no_show_band varchar(6)
                CHECK (no_show_band IN ('green', 'yellow', 'red')),
            ADD COLUMN no_show_reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
            ADD COLUMN no_show_scored_by text,
            ADD COLUMN no_show_scored_at timestamptz,
            ADD COLUMN no_show_facts jsonb,
            ADD COLUMN accepted_at timestamptz,
            ADD COLUMN booked_at timestamptz,
            ADD COLUMN self_picked boolean NOT NULL DEFAULT true,
            ADD COLUMN reschedule_count integer NOT NULL DEFAULT 0,
            ADD COLUMN attendance_requested_at timestamptz,
            ADD COLUMN attendance_confirmed_at timestamptz,
            ADD COLUMN extra_reminder_sent_at timestamptz;
        CREATE INDEX idx_interviews_candidate_outcomes ON interviews (candidate_id, scheduled_time)
            WHERE status IN ('completed', 'no_show');

        CREATE TABLE no_show_models (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            trained_at timestamptz NOT NULL,
            features jsonb NOT NULL,
            parameters jsonb NOT NULL,
            metrics jsonb NOT NULL,
            prior_metrics jsonb NOT NULL,
            trained_on integer NOT NULL,
            source varchar(20) NOT NULL CHECK (source IN ('database', 'generated')),
            created_at timestamptz NOT NULL DEFAULT now()
        );
        ALTER TABLE no_show_models ENABLE ROW LEVEL SECURITY;
        ALTER TABLE no_show_models FORCE ROW LEVEL SECURITY;
        CREATE POLICY no_show_models_read ON no_show_models FOR SELECT
            USING (hireflow_role() <> '');
        CREATE POLICY no_show_models_write ON no_show_models FOR INSERT
            WITH CHECK (hireflow_role() = 'system');
        """
    )


def downgrade() -> None:
    execute_script(
        """
        DROP TABLE IF EXISTS no_show_models;
        DROP INDEX IF EXISTS idx_interviews_candidate_outcomes;
        ALTER TABLE interviews
            DROP COLUMN extra_reminder_sent_at,
            DROP COLUMN attendance_confirmed_at,
            DROP COLUMN attendance_requested_at,
            DROP COLUMN reschedule_count,
            DROP COLUMN self_picked,
            DROP COLUMN booked_at,
            DROP COLUMN accepted_at,
            DROP COLUMN no_show_facts,
            DROP COLUMN no_show_scored_at,
            DROP COLUMN no_show_scored_by,
            DROP COLUMN no_show_reasons,
            DROP COLUMN no_show_band;
        """
    )
