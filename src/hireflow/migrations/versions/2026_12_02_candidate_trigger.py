"""What a candidate did is recorded as the candidate's, not automation's.

``automation_logs.trigger_source`` and ``application_stage_history.trigger_source`` accept
``candidate``: a candidate who accepts, declines, picks a time, reschedules, cancels or
confirms attendance through their link. Until now those were written ``auto``, so the
analytics' automation figures counted candidates' own choices as automation, and a
candidate's decline showed in the stage history as if automation had taken them out.

Rows written before this revision are reclassified where the log says who acted:
``interview_declined`` (only a candidate declines), ``interview_attendance_confirmed``
(only through the candidate's link) and cancellations whose details say ``"by":
"candidate"``; and the stage-history rows of the dropouts that followed them (``auto``
moves to ``withdrawn`` of an application whose interview a candidate declined or
cancelled). Accepting and picking a time were also written ``auto`` but share their
action names with recruiter-made moves, so older rows of those stay ``auto``.

The downgrade writes ``candidate`` back as ``auto`` (what the older code wrote) and restores
the constraints.

Revision ID: candidate_trigger
Revises: junior_search
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from hireflow.migrations.sqlscript import execute_script

revision: str = "candidate_trigger"
down_revision: str | None = "junior_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
ALTER TABLE automation_logs DROP CONSTRAINT automation_logs_trigger_source_check;
ALTER TABLE automation_logs ADD CONSTRAINT automation_logs_trigger_source_check
    CHECK (trigger_source IN ('auto', 'manual', 'scheduled', 'candidate'));
ALTER TABLE application_stage_history
    DROP CONSTRAINT application_stage_history_trigger_source_check;
ALTER TABLE application_stage_history ADD CONSTRAINT application_stage_history_trigger_source_check
    CHECK (trigger_source IN ('manual', 'auto', 'scheduled', 'backfill', 'candidate'));

-- The log is append-only under its policies (no UPDATE policy, RLS forced even on the
-- owner): the owner lifts the force for these two statements, inside this transaction.
ALTER TABLE automation_logs NO FORCE ROW LEVEL SECURITY;
ALTER TABLE application_stage_history NO FORCE ROW LEVEL SECURITY;
UPDATE automation_logs SET trigger_source = 'candidate'
 WHERE trigger_source = 'auto'
   AND (action_type IN ('interview_declined', 'interview_attendance_confirmed')
        OR (action_type = 'interview_cancelled' AND details ->> 'by' = 'candidate'));
UPDATE application_stage_history h SET trigger_source = 'candidate'
 WHERE h.trigger_source = 'auto' AND h.to_status = 'withdrawn'
   AND EXISTS (SELECT 1 FROM automation_logs l
                WHERE l.application_id = h.application_id
                  AND l.trigger_source = 'candidate'
                  AND l.action_type IN ('interview_declined', 'interview_cancelled'));
ALTER TABLE automation_logs FORCE ROW LEVEL SECURITY;
ALTER TABLE application_stage_history FORCE ROW LEVEL SECURITY;
"""

DOWNGRADE = """
ALTER TABLE automation_logs NO FORCE ROW LEVEL SECURITY;
ALTER TABLE application_stage_history NO FORCE ROW LEVEL SECURITY;
UPDATE automation_logs SET trigger_source = 'auto' WHERE trigger_source = 'candidate';
UPDATE application_stage_history SET trigger_source = 'auto' WHERE trigger_source = 'candidate';
ALTER TABLE automation_logs FORCE ROW LEVEL SECURITY;
ALTER TABLE application_stage_history FORCE ROW LEVEL SECURITY;
ALTER TABLE automation_logs DROP CONSTRAINT automation_logs_trigger_source_check;
ALTER TABLE automation_logs ADD CONSTRAINT automation_logs_trigger_source_check
    CHECK (trigger_source IN ('auto', 'manual', 'scheduled'));
ALTER TABLE application_stage_history
    DROP CONSTRAINT application_stage_history_trigger_source_check;
ALTER TABLE application_stage_history ADD CONSTRAINT application_stage_history_trigger_source_check
    CHECK (trigger_source IN ('manual', 'auto', 'scheduled', 'backfill'));
"""


def upgrade() -> None:
    execute_script(UPGRADE)


def downgrade() -> None:
    execute_script(DOWNGRADE)
