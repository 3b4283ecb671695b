"""Backup and restore end to end on the embedded server: candidates with resumes, backed up,
restored into a new data directory, compared; a tampered archive and a non-empty target are
refused."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from hireflow.cli import app
from hireflow.config import Settings
from hireflow.db.embedded import SUPERUSER, EmbeddedPostgres
from hireflow.db.server import DatabaseTarget
from hireflow.ops.backup import BackupFailed, backup, find_tools, table_counts
from hireflow.resumes.storage import LocalStorage

runner = CliRunner()
PASSWORD = "correct horse battery staple 1"


def _env(data_dir: Path) -> dict[str, str | None]:
    return {
        "HIREFLOW_DATA_DIR": str(data_dir),
        "HIREFLOW_DATABASE_URL": None,  # None: unset
        "HIREFLOW_DB_NAME": "hireflow",
        "HIREFLOW_LOG_LEVEL": "WARNING",
        "HIREFLOW_LOAD_DEMO_DATA": "false",
        "HIREFLOW_SECRET_KEY": None,  # generated into the data dir, so backed up
        "HIREFLOW_BACKUP_KEY_FILE": None,
        "HIREFLOW_RESTORE_KEY_FILE": None,
    }


def _hireflow(data_dir: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=_env(data_dir))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _resumes(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"candidate{n}.txt").write_text(
            f"Person{n} Surname{n * 7}\nperson{n}@example.org\n+44 20 7946 0{n:03d}\n\n"
            f"Experience\nData engineer at Firm{n} 2018-2024\n\nSkills\nPython, SQL, dbt\n"
        )
    return folder


@pytest.fixture
def servers() -> Iterator[list[EmbeddedPostgres]]:
    """The embedded servers the test starts to compare with (stopped however it ends)."""
    started: list[EmbeddedPostgres] = []
    yield started
    for server in started:
        server.stop()


def _snapshot(data_dir: Path, servers: list[EmbeddedPostgres]) -> tuple[dict[str, int], str]:
    """Row counts of every table and a plain-text dump of the whole database."""
    server = EmbeddedPostgres(data_dir / "pgdata")
    server.ensure_running()
    servers.append(server)
    engine = create_engine(server.url(SUPERUSER, "hireflow"))
    try:
        with engine.connect() as conn:
            counts = table_counts(conn)
    finally:
        engine.dispose()
    dump = subprocess.run(
        [
            str(server.bin_dir / "pg_dump"),
            "-U",
            SUPERUSER,
            "-h",
            str(server.socket_dir),
            "hireflow",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return counts, "\n".join(_canonical(line) for line in dump.splitlines() if line.strip())


_CASTS = re.compile(r"::(?:character varying|text)(?:\[\])?|[() ]")


def _canonical(line: str) -> str:
    """pg_dump 18 guards each dump with a random ``\\restrict`` key (dropped). PostgreSQL does
    not deparse ``varchar IN (...)`` checks idempotently: after a restore the same constraint
    reads ``ANY (ARRAY[('a'::varchar)::text])`` instead of ``ANY ((ARRAY['a'::varchar])::text[])``,
    so such lines are compared without casts and brackets. Every other line must be equal."""
    if line.startswith(("\\restrict", "\\unrestrict")):
        return ""
    return _CASTS.sub("", line) if "= ANY (" in line else line


def _files(data_dir: Path) -> dict[str, str]:
    root = data_dir / "files"
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def test_backup_then_restore_into_a_new_data_dir_gives_the_same_installation(
    tmp_path: Path, servers: list[EmbeddedPostgres]
) -> None:
    source, restored = tmp_path / "source", tmp_path / "restored"
    assert _hireflow(source, "db", "upgrade", "head")[0] == 0
    code, output = _hireflow(
        source, "users", "create", "--email", "talent@example.org", "--role", "senior_recruiter",
        "--password", PASSWORD,
    )  # fmt: skip
    assert code == 0, output
    code, output = _hireflow(
        source, "import", "resumes", str(_resumes(tmp_path / "in", 4)), "--as", "talent@example.org"
    )
    assert code == 0, output
    archive = tmp_path / "hireflow.tar"
    code, output = _hireflow(source, "backup", str(archive), "--unencrypted")
    assert code == 0, output
    assert "==> database: pg_dump 18." in output
    assert "==> files: 4/4" in output

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["database"]["counts"]["public.candidates"] == 4
    assert manifest["database"]["counts"]["public.resumes"] == 4
    assert manifest["files"] == 4
    assert manifest["database"]["migration_head"]
    assert set(manifest["members"]) >= {"database.dump", "secret_key"}

    code, output = _hireflow(restored, "restore", str(archive), "--unencrypted")
    assert code == 0, output
    assert "==> archive verified" in output
    assert "==> verified: " in output

    before_counts, before_dump = _snapshot(source, servers)
    after_counts, after_dump = _snapshot(restored, servers)
    assert after_counts == before_counts
    assert after_counts["public.candidates"] == 4
    assert _files(restored) == _files(source)
    assert len(_files(restored)) == 4
    assert after_dump == before_dump
    assert (restored / "secret_key").read_bytes() == (source / "secret_key").read_bytes()
    for server in servers:
        server.stop()

    # The restored installation signs identities with the restored secret: users sign in.
    code, output = _hireflow(restored, "doctor", "--json")
    checks = {c["check"]: c for c in json.loads(output)["checks"]}
    failing = {name for name, c in checks.items() if c["status"] == "problem"}
    assert failing == {"worker"}, output  # nothing else wrong; no worker has run there

    # A target that is not empty is refused, unless --force.
    code, output = _hireflow(restored, "restore", str(archive), "--unencrypted")
    assert code == 1
    assert "is not empty" in output and "--force" in output
    code, output = _hireflow(restored, "restore", str(archive), "--force", "--unencrypted")
    assert code == 0, output


def _tampered(archive: Path, into: Path) -> None:
    """The same archive with one resume file's bytes changed (same size)."""
    with tarfile.open(archive) as source, tarfile.open(into, "w") as target:
        for member in source:
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("files/"):
                data = data.replace(b"Python", b"Pithon")
            target.addfile(member, io.BytesIO(data))


def test_a_tampered_archive_is_refused_before_anything_is_restored(tmp_path: Path) -> None:
    source = tmp_path / "source"
    assert _hireflow(source, "db", "upgrade", "head")[0] == 0
    code, output = _hireflow(
        source, "users", "create", "--email", "talent@example.org", "--role", "admin",
        "--password", PASSWORD,
    )  # fmt: skip
    assert code == 0, output
    code, output = _hireflow(
        source, "import", "resumes", str(_resumes(tmp_path / "in", 1)), "--as", "talent@example.org"
    )
    assert code == 0, output
    archive, bad = tmp_path / "good.tar", tmp_path / "bad.tar"
    assert _hireflow(source, "backup", str(archive), "--unencrypted")[0] == 0
    _tampered(archive, bad)

    target = tmp_path / "target"
    code, output = _hireflow(target, "restore", str(bad), "--unencrypted")
    assert code == 1
    assert "does not match its sha256" in output
    assert not (target / "pgdata").exists()  # refused before a server was even made

    code, output = _hireflow(target, "backup", str(archive), "--unencrypted")
    assert code == 1  # and an existing archive is never overwritten
    assert "exists" in output


def test_a_backup_by_a_role_row_level_security_filters_is_refused(
    db_target: DatabaseTarget, settings: Settings, tmp_path: Path
) -> None:
    """An external server's URL of the owner (or of an administrator without BYPASSRLS) would
    dump only what its policies show: pg_dump refuses, and the message says which URL to use."""
    external = replace(db_target, embedded=None)  # dump as the migration URL's role
    lines: list[str] = []
    with pytest.raises(BackupFailed) as refused:
        backup(
            settings,
            external,
            LocalStorage(tmp_path / "files"),
            tmp_path / "b.tar",
            tools=find_tools(db_target, None) if db_target.embedded else find_tools(external),
            progress=lines.append,
        )
    assert "row-level security" in refused.value.message
    assert "a superuser's or a BYPASSRLS role's URL" in refused.value.message
    assert not (tmp_path / "b.tar").exists()
