"""Candidate-centric resume review v1.1, with the v1.0 data migrated, verified and kept.

Seed 000's intent, not its SQL: v1.0 tables are set aside in ``legacy_v1_0`` (unchanged, no
foreign keys), copied set-based into the v1.1 tables, reconciled before commit (a mismatch
aborts, leaving v1.0 as it was), and moved back by the downgrade, which refuses to drop
data created on v1.1 unless told to discard it. See ``hireflow.legacy``.

Revision ID: v1_1
Revises: v1_0
Create Date: 2025-09-10
"""

from collections.abc import Sequence
from typing import Any

from alembic import context, op

from hireflow.config import Settings, get_settings
from hireflow.legacy.migration import migrate_to_v1_1
from hireflow.legacy.restore import restore_v1_0

revision: str = "v1_1"
down_revision: str | None = "v1_0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _driver_connection() -> Any:
    driver_connection = op.get_bind().connection.driver_connection
    assert driver_connection is not None
    return driver_connection


def upgrade() -> None:
    attributes = context.config.attributes
    settings: Settings = attributes.get("settings") or get_settings()
    roles = (settings.db_runtime_role, settings.db_system_role)
    migrate_to_v1_1(_driver_connection(), roles, attributes)


def downgrade() -> None:
    restore_v1_0(_driver_connection(), context.config.attributes)
