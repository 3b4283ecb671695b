"""The suite's safety net: servers a test started are stopped when the session ends."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hireflow.db.embedded import EmbeddedPostgres
from tests.conftest import running_postmasters, stop_leftover_servers


def test_leftover_embedded_servers_under_the_session_roots_are_stopped() -> None:
    # Not pytest's tmp_path: as root, the server's service user must traverse every parent.
    with tempfile.TemporaryDirectory(prefix="hireflow-test-cleanup-") as raw:
        root = Path(raw)
        server = EmbeddedPostgres(root / "pgdata", fast_unsafe=True)
        server.ensure_running()
        try:
            assert root / "pgdata" in running_postmasters().values()
            assert stop_leftover_servers([root / "elsewhere"]) == []
            assert server.is_running(), "servers outside the roots are left alone"
            assert stop_leftover_servers([root]) == [root / "pgdata"]
            assert not server.is_running()
        finally:
            server.stop()
