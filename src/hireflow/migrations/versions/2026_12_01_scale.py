"""Indexes for lists and pages at a million candidates (measured by ``bench/scale.py``).

- ``candidates``: keyset indexes for the name and last-updated sorts of the candidate list
  (the newest/oldest sorts use ``idx_candidates_keyset``); the name expression is written as
  ``candidates.search`` writes it, so the planner matches it.
- ``applications``: a job's applicants in the applicants page's order (rank, then score,
  then arrival), so the page is read in index order instead of sorted.

Revision ID: scale
Revises: calendars
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from hireflow.migrations.sqlscript import execute_script

revision: str = "scale"
down_revision: str | None = "workspace"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    execute_script(
        """
        CREATE INDEX idx_candidates_name_keyset
            ON candidates (lower((first_name || ' ' || last_name)), id);
        CREATE INDEX idx_candidates_updated_keyset ON candidates (updated_at DESC, id DESC);
        CREATE INDEX idx_applications_job_ranked
            ON applications (job_id, rank NULLS LAST, fit_score DESC NULLS LAST, applied_at, id);
        """
    )


def downgrade() -> None:
    execute_script(
        """
        DROP INDEX idx_applications_job_ranked;
        DROP INDEX idx_candidates_updated_keyset;
        DROP INDEX idx_candidates_name_keyset;
        """
    )
