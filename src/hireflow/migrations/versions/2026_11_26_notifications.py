"""In-app notifications: what a recruiter must know (e.g. a job's buffer pool ran dry).

Revision ID: notifications
Revises: orchestrator
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from hireflow.migrations.sqlscript import execute_script

revision: str = "notifications"
down_revision: str | None = "orchestrator"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    execute_script(
        """
        CREATE TABLE notifications (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            kind varchar(50) NOT NULL,
            title text NOT NULL,
            body text NOT NULL DEFAULT '',
            link text,
            created_at timestamptz NOT NULL DEFAULT now(),
            read_at timestamptz
        );
        CREATE INDEX idx_notifications_unread ON notifications (user_id, created_at DESC)
            WHERE read_at IS NULL;
        ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
        ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
        -- Anyone signed in (or the system) may notify anyone; each reads and marks only theirs.
        CREATE POLICY notifications_send ON notifications FOR INSERT
            WITH CHECK (hireflow_role() <> '');
        CREATE POLICY notifications_read ON notifications FOR SELECT
            USING (user_id = hireflow_user_id() OR hireflow_role() = 'system');
        CREATE POLICY notifications_mark ON notifications FOR UPDATE
            USING (user_id = hireflow_user_id()) WITH CHECK (user_id = hireflow_user_id());
        """
    )


def downgrade() -> None:
    execute_script("DROP TABLE IF EXISTS notifications;")
