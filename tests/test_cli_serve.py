"""`hireflow serve` end to end: ready, killed with SIGKILL, started again without cleanup."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from hireflow.db.embedded import EmbeddedPostgres
from hireflow.demo import DEMO_USERS


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float = 90) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            output = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise AssertionError(f"hireflow serve exited early:\n{output[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise AssertionError("hireflow serve did not become ready")


def _serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIREFLOW_")}
    env |= {"HIREFLOW_DATA_DIR": str(data_dir), "HIREFLOW_LOG_LEVEL": "WARNING"}
    return subprocess.Popen(
        [sys.executable, "-m", "hireflow", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_serve_restarts_cleanly_after_sigkill(tmp_path: Path) -> None:
    port = _free_port()
    first = _serve(tmp_path, port)
    try:
        _wait_ready(port, first)
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200
        for demo in DEMO_USERS:  # demo data was loaded into the empty database
            login = httpx.post(
                f"http://127.0.0.1:{port}/api/auth/login",
                json={"email": demo.email, "password": demo.password},
                timeout=30,
            )
            assert login.status_code == 200, (demo.email, login.text)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    server = EmbeddedPostgres(tmp_path / "pgdata")
    assert server.is_running(), "PostgreSQL outlives its killed parent, as documented"

    port = _free_port()  # a fresh port: the restart must not depend on the old socket's state
    second = _serve(tmp_path, port)
    try:
        _wait_ready(port, second)
    finally:
        second.send_signal(signal.SIGINT)
        _, stderr = second.communicate(timeout=30)
    assert second.returncode == 0, stderr.decode(errors="replace")[-2000:]
    assert b"demo accounts are active" in stderr, "a restart says the demo accounts exist"
    assert b"demo-admin-2026" not in stderr, "the passwords were printed once, at creation"
    assert not server.is_running(), "a graceful stop also stops the embedded server"


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_stop_signal_stops_the_server_and_its_embedded_postgres(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    port = _free_port()
    process = _serve(tmp_path, port)
    try:
        _wait_ready(port, process)
        server = EmbeddedPostgres(tmp_path / "pgdata")
        assert server.is_running()
    finally:
        process.send_signal(stop_signal)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr.decode(errors="replace")[-2000:]
    assert not server.is_running(), f"{stop_signal.name} left the embedded PostgreSQL running"
    assert not (tmp_path / "pgdata" / "postmaster.pid").exists()
