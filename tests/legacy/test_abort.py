"""A migration that cannot reconcile, or is killed halfway, leaves v1.0 exactly as it was."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import pytest

from hireflow.kit.errors import MigrationVerificationError
from hireflow.legacy.progress import OBSERVER_ATTRIBUTE, PhaseReport
from tests.legacy.conftest import LegacyDatabase


class LoseOneFeedbackItem:
    """Deletes one migrated row just before the reconciliation, inside the migration."""

    def phase_started(self, phase: str, connection: Any) -> None:
        if phase == "verify":
            connection.execute(
                "DELETE FROM public.review_feedback_items WHERE id = "
                "(SELECT id FROM public.review_feedback_items LIMIT 1)"
            )

    def phase_finished(self, report: PhaseReport) -> None:
        return None


def assert_v1_0_intact(db: LegacyDatabase, before: str) -> None:
    assert db.revisions() == ("v1_0",)
    assert db.scalar("SELECT to_regnamespace('legacy_v1_0') IS NULL")
    assert db.scalar("SELECT count(*) FROM public.schema_migrations WHERE version = '1.1.0'") == 0
    assert db.dump() == before


def test_a_mismatch_aborts_the_whole_migration(
    legacy_database: Callable[..., LegacyDatabase],
) -> None:
    db = legacy_database("legacy_mismatch", scale=300, seed=9)
    before = db.dump()
    with pytest.raises(MigrationVerificationError) as raised:
        db.upgrade("v1_1", **{OBSERVER_ATTRIBUTE: LoseOneFeedbackItem()})
    assert "FAIL feedback_items.from_existing_data" in raised.value.message
    assert_v1_0_intact(db, before)
    db.upgrade("v1_1")  # and the same data then migrates cleanly
    assert db.revisions() == ("v1_1",)


KILLER = textwrap.dedent("""
    import os, signal, sys
    from sqlalchemy.engine import make_url
    from hireflow.config import Settings
    from hireflow.db import migrate
    from hireflow.legacy.progress import OBSERVER_ATTRIBUTE

    class KillAt:
        def phase_started(self, phase, connection):
            if phase == sys.argv[2]:
                print("killing at", phase, flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
        def phase_finished(self, report):
            pass

    settings = Settings(load_demo_data=False, _env_file=None)
    migrate.upgrade(settings, make_url(sys.argv[1]), "v1_1",
                    attributes={OBSERVER_ATTRIBUTE: KillAt()})
""")


@pytest.mark.parametrize("phase", ["review_results", "constraints"])
def test_a_migration_killed_halfway_leaves_v1_0_intact(
    legacy_database: Callable[..., LegacyDatabase],
    phase: str,
) -> None:
    db = legacy_database(f"legacy_killed_{phase}", scale=300, seed=4)
    before = db.dump()
    process = subprocess.run(
        [sys.executable, "-c", KILLER, db.cli_url(), phase],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert process.returncode == -signal.SIGKILL, process.stderr
    assert f"killing at {phase}" in process.stdout
    assert_v1_0_intact(db, before)
    db.upgrade("v1_1")
    assert db.revisions() == ("v1_1",)
