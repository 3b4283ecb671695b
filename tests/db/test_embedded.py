"""The embedded server: reattach to a running one, start over a stale pid file, stop fast."""

from __future__ import annotations

import os
import time
from pathlib import Path

from hireflow.db.embedded import EmbeddedPostgres


def test_start_reattach_stale_pidfile_and_stop(tmp_path: Path) -> None:
    server = EmbeddedPostgres(tmp_path / "pgdata", fast_unsafe=True)
    assert server.ensure_running() is True
    assert server.ensure_running() is False, "a running server is reattached, not restarted"

    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 1.5
    assert not server.is_running()

    # A crash leaves a postmaster.pid naming a process that is not this cluster's postgres.
    pidfile = server.pgdata / "postmaster.pid"
    pidfile.write_text(f"{os.getpid()}\n{server.pgdata}\n0\n5432\n\n\n\nready\n")
    if os.geteuid() == 0:
        os.chown(pidfile, server.pgdata.stat().st_uid, server.pgdata.stat().st_gid)
    started = time.monotonic()
    assert server.ensure_running() is True
    assert time.monotonic() - started < 3
    assert server.is_running()
    server.destroy()
    assert not server.pgdata.exists()


def test_root_default_data_dir_does_not_open_home() -> None:
    from hireflow.config import default_data_dir

    path = default_data_dir()
    if os.geteuid() == 0:
        assert path == Path("/var/lib/hireflow")
    else:
        assert str(path).startswith(str(Path.home()))
