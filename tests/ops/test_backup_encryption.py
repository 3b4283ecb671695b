"""Encrypted, signed backups: a round trip into a new data directory, and every way an archive
can be wrong (another key, a changed byte, cut short, not encrypted, forged by someone who
knows the public recipient) refused before anything is written."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pyrage
import pytest
from pyrage import x25519
from sqlalchemy.engine import make_url

from hireflow.config import Settings
from hireflow.db.embedded import EmbeddedPostgres
from hireflow.db.server import DatabaseTarget
from tests.ops.test_backup import PASSWORD, _env, _files, _hireflow, _resumes, _snapshot

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Installation:
    source: Path
    keys: Path  # backup.key and restore.key
    archive: Path  # encrypted, signed
    plain: Path  # --unencrypted
    work: Path


def _keygen(folder: Path) -> Path:
    code, output = _hireflow(folder / "unused-data", "backup", "keygen", "--out", str(folder))
    assert code == 0, output
    assert "move it OFF this host" in output
    return folder


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installation]:
    """One installation with candidates and resumes, backed up encrypted and plain."""
    work = tmp_path_factory.mktemp("encrypted-backup")
    source = work / "source"
    assert _hireflow(source, "db", "upgrade", "head")[0] == 0
    code, output = _hireflow(
        source, "users", "create", "--email", "talent@example.org", "--role", "admin",
        "--password", PASSWORD,
    )  # fmt: skip
    assert code == 0, output
    code, output = _hireflow(
        source, "import", "resumes", str(_resumes(work / "in", 3)), "--as", "talent@example.org"
    )
    assert code == 0, output
    keys = _keygen(work / "keys")
    archive, plain = work / "hireflow.tar.age", work / "plain.tar"
    code, output = _hireflow_keyed(source, keys, "backup", str(archive))
    assert code == 0, output
    assert "age-encrypted to 1 recipient(s), signed by key" in output
    assert _hireflow(source, "backup", str(plain), "--unencrypted")[0] == 0
    yield Installation(source, keys, archive, plain, work)


@pytest.fixture
def servers() -> Iterator[list[EmbeddedPostgres]]:
    """The embedded servers the test starts to compare with (stopped however it ends)."""
    started: list[EmbeddedPostgres] = []
    yield started
    for server in started:
        server.stop()


def _hireflow_keyed(data_dir: Path, keys: Path, *args: str) -> tuple[int, str]:
    """``hireflow`` with HIREFLOW_BACKUP_KEY_FILE set (as on the backup host)."""
    from typer.testing import CliRunner

    from hireflow.cli import app

    env = _env(data_dir) | {"HIREFLOW_BACKUP_KEY_FILE": str(keys / "backup.key")}
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _refused(target: Path, archive: Path, *args: str) -> str:
    """Restore ``archive`` into ``target``: it must fail, and nothing may be written."""
    code, output = _hireflow(target, "restore", str(archive), *args)
    assert code == 1, output
    assert "Restore refused:" in output and "Traceback" not in output
    assert not (target / "pgdata").exists()
    assert not (target / "secret_key").exists()
    assert not (target / "files").exists()
    return output


def test_an_encrypted_backup_restores_into_a_new_data_dir(
    installed: Installation, servers: list[EmbeddedPostgres]
) -> None:
    data = installed.archive.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    assert not tarfile.is_tarfile(installed.archive)
    assert installed.archive.stat().st_mode & 0o777 == 0o600  # personal data: owner only
    for clear in (b"person0@example.org", b"Surname7", b"manifest.json", b"PGDMP"):
        assert clear not in data  # neither the resumes, the names nor the dump are readable

    code, output = _hireflow(
        installed.work / "unused", "backup", "verify", str(installed.archive), "--key",
        str(installed.keys / "restore.key"),
    )  # fmt: skip
    assert code == 0, output
    assert "signature of key" in output and "verified" in output and ": OK" in output

    # Rotation: the restore key of a newer pair and the old one, both given; the old decrypts.
    newer = _keygen(installed.work / "keys-newer")
    restored = installed.work / "restored"
    code, output = _hireflow(
        restored, "restore", str(installed.archive),
        "--key", str(newer / "restore.key"), "--key", str(installed.keys / "restore.key"),
    )  # fmt: skip
    assert code == 0, output
    assert "age-encrypted, decrypted to the end" in output
    assert "==> verified: " in output

    before_counts, before_dump = _snapshot(installed.source, servers)
    after_counts, after_dump = _snapshot(restored, servers)
    assert after_counts == before_counts
    assert after_counts["public.candidates"] == 3
    assert _files(restored) == _files(installed.source)
    assert len(_files(restored)) == 3
    assert after_dump == before_dump
    assert (restored / "secret_key").read_bytes() == (installed.source / "secret_key").read_bytes()


def test_another_restore_key_is_refused(installed: Installation) -> None:
    other = _keygen(installed.work / "keys-other")
    output = _refused(
        installed.work / "t-wrong", installed.archive, "--key", str(other / "restore.key")
    )
    assert "cannot decrypt this archive (wrong key" in output
    code, output = _hireflow(
        installed.work / "unused", "backup", "verify", str(installed.archive), "--key",
        str(other / "restore.key"),
    )  # fmt: skip
    assert code == 1 and "Verification failed:" in output and "wrong key" in output
    # The backup key (the web host's) cannot decrypt either: it is refused as the wrong file.
    output = _refused(
        installed.work / "t-backupkey", installed.archive, "--key",
        str(installed.keys / "backup.key"),
    )  # fmt: skip
    assert "is a backup key; restore needs restore.key" in output
    # No key at all: told which option to use.
    assert "pass --key restore.key" in _refused(installed.work / "t-nokey", installed.archive)


@pytest.mark.parametrize("where", ["header", "first chunk", "middle", "last byte"])
def test_a_changed_byte_is_refused(installed: Installation, where: str) -> None:
    data = bytearray(installed.archive.read_bytes())
    header_end = data.index(b"\n---") + 1
    offset = {
        "header": 30,  # inside the recipient stanza
        "first chunk": header_end + 60,  # past the header MAC and nonce
        "middle": len(data) // 2,
        "last byte": len(data) - 1,
    }[where]
    data[offset] ^= 0x01
    bad = installed.work / f"flipped-{where.replace(' ', '-')}.age"
    bad.write_bytes(bytes(data))
    output = _refused(
        installed.work / f"t-{bad.stem}", bad, "--key", str(installed.keys / "restore.key")
    )
    assert "refused:" in output
    assert "damaged" in output or "cannot decrypt" in output


def _last_chunk_start(data: bytes) -> int:
    """Where age's final payload chunk starts (a cut there leaves only whole, valid chunks)."""
    payload = data.index(b"\n", data.index(b"\n---") + 1) + 1 + 16  # header, then a 16-byte nonce
    whole, rest = divmod(len(data) - payload, 64 * 1024 + 16)
    return payload + (whole if rest else whole - 1) * (64 * 1024 + 16)


@pytest.mark.parametrize("keep", ["half", "all but 1 byte", "all but the last chunk"])
def test_a_truncated_archive_is_refused(installed: Installation, keep: str) -> None:
    data = installed.archive.read_bytes()
    length = {
        "half": len(data) // 2,
        "all but 1 byte": len(data) - 1,
        "all but the last chunk": _last_chunk_start(data),
    }[keep]
    cut = installed.work / f"cut-{keep.replace(' ', '-')}.age"
    cut.write_bytes(data[:length])
    output = _refused(
        installed.work / f"t-{cut.stem}", cut, "--key", str(installed.keys / "restore.key")
    )
    assert "damaged, cut short or was changed" in output


def test_an_unencrypted_archive_is_refused_unless_accepted(installed: Installation) -> None:
    output = _refused(installed.work / "t-plain", installed.plain)
    assert "is not encrypted" in output and "--unencrypted" in output
    code, output = _hireflow(installed.work / "unused", "backup", "verify", str(installed.plain))
    assert code == 1 and "is not encrypted" in output
    code, output = _hireflow(
        installed.work / "unused", "backup", "verify", str(installed.plain), "--unencrypted"
    )
    assert code == 0, output
    assert "NOT encrypted; NOT signed" in output
    # And no backup is written in clear unless asked for.
    lone = installed.work / "lone.tar"
    code, output = _hireflow(installed.source, "backup", str(lone))
    assert code == 1 and "no backup key" in output and "--unencrypted" in output
    assert not lone.exists() and not lone.with_name("lone.tar.partial").exists()


def _reencrypt(plain: Path, into: Path, recipient: str, signature: bytes | None) -> None:
    """What someone with the (public) recipient but not the signing key can make: a plain
    archive's members, optionally with a signature of their own, encrypted to the recipient."""
    rewritten = into.with_suffix(".tar")
    with tarfile.open(plain) as source, tarfile.open(rewritten, "w") as target:
        for member in source:
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["encryption"] = {"scheme": "age-x25519", "recipients": [recipient]}
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
            if member.name == "manifest.json" and signature is not None:
                extra = tarfile.TarInfo("manifest.sig")
                extra.size = len(signature)
                target.addfile(extra, io.BytesIO(signature))
    with rewritten.open("rb") as clear, into.open("wb") as sealed:
        pyrage.encrypt_io(clear, sealed, [x25519.Recipient.from_str(recipient)])


def test_an_archive_forged_with_the_public_recipient_is_refused(installed: Installation) -> None:
    from hireflow.ops.backup_keys import load_backup_key, sign

    recipient = next(
        line.split(": ", 1)[1]
        for line in (installed.keys / "backup.key").read_text().splitlines()
        if line.startswith("recipient:")
    )
    restore_key = str(installed.keys / "restore.key")
    unsigned = installed.work / "forged-unsigned.age"
    _reencrypt(installed.plain, unsigned, recipient, None)
    output = _refused(installed.work / "t-unsigned", unsigned, "--key", restore_key)
    assert "the manifest is not signed" in output

    intruder = load_backup_key(_keygen(installed.work / "keys-intruder") / "backup.key")
    signed = installed.work / "forged-signed.age"
    _reencrypt(installed.plain, signed, recipient, sign(b"anything", intruder))
    output = _refused(installed.work / "t-intruder", signed, "--key", restore_key)
    assert f"signed by key {intruder.key_id}, which the restore key does not trust" in output


_BOUNDED = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from hireflow.config import Settings
    from hireflow.db.server import resolve_database
    from hireflow.ops.backup import backup, find_tools, verified_archive
    from hireflow.ops.backup_keys import load_backup_key, load_restore_keys
    from hireflow.resumes.storage import storage_from_settings

    def status_mb(field):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024

    def reset_peak():  # Linux: writing 5 to clear_refs resets VmHWM (the peak RSS)
        Path("/proc/self/clear_refs").write_text("5")
        return status_mb("VmRSS")

    def peak_mb():
        return status_mb("VmHWM")

    keys, archive = Path(sys.argv[1]), Path(sys.argv[2])
    settings = Settings()
    target = resolve_database(settings)
    try:
        tools = find_tools(target)
        key = load_backup_key(keys / "backup.key")
        restore_key = load_restore_keys([keys / "restore.key"])
        before = reset_peak()
        manifest = backup(settings, target, storage_from_settings(settings), archive,
                          tools=tools, progress=lambda line: None, key=key)
        after_backup = peak_mb()
        before_read = reset_peak()
        with verified_archive(archive, restore_key) as ok:
            unpacked = (ok.root / "database.dump").stat().st_size
        after_restore_read = peak_mb()
    finally:
        target.stop_if_started()
    print(json.dumps({"before": before, "backup": after_backup, "before_read": before_read,
                      "read": after_restore_read,
                      "dump": manifest["members"]["database.dump"]["bytes"],
                      "unpacked": unpacked}))
    """
)


def test_a_dump_much_larger_than_the_memory_bound_streams(installed: Installation) -> None:
    """An 80 MB incompressible dump goes through backup (encrypt) and the restore's read
    (decrypt, hash, unpack) with the process's peak RSS (VmHWM, reset before each step) growing
    by less than 20 MB (a quarter of the dump; the streams measured 2–4 MB)."""
    from sqlalchemy import create_engine, text

    from hireflow.db.embedded import SUPERUSER

    data_dir = installed.work / "large"
    code, output = _hireflow(data_dir, "db", "upgrade", "head")
    assert code == 0, output
    server = EmbeddedPostgres(data_dir / "pgdata")
    server.ensure_running()
    try:
        engine = create_engine(server.url(SUPERUSER, "hireflow"))
        with engine.begin() as conn:  # random bytes, made in the server: nothing to compress
            conn.execute(text("CREATE TABLE public.bulk_attachment (body bytea)"))
            conn.execute(
                text(
                    "INSERT INTO public.bulk_attachment SELECT (SELECT decode(string_agg("
                    "md5(random()::text || g::text || s::text), ''), 'hex') "
                    "FROM generate_series(1, 65536) s) FROM generate_series(1, 80) g"
                )
            )
        engine.dispose()
    finally:
        server.stop()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIREFLOW_")}
    env |= {k: v for k, v in _env(data_dir).items() if v is not None}
    result = subprocess.run(
        [sys.executable, "-c", _BOUNDED, str(installed.keys), str(installed.work / "large.age")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=280,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.splitlines()[-1])
    print(f"peak RSS MB and bytes: {figures}")
    assert figures["dump"] > 75 * 1024 * 1024
    assert figures["unpacked"] == figures["dump"]
    assert figures["backup"] - figures["before"] < 20, figures
    assert figures["read"] - figures["before_read"] < 20, figures


def test_doctor_reports_the_backup_key(installed: Installation, tmp_path: Path) -> None:
    from hireflow.ops.doctor import check_configuration

    def backups(**settings: object) -> tuple[str, str]:
        found = check_configuration(Settings(data_dir=tmp_path, **settings))  # type: ignore[arg-type]
        finding = next(f for f in found if f.check == "backups")
        return finding.status, finding.detail

    status, detail = backups()
    assert status == "skipped" and "--unencrypted" in detail
    status, detail = backups(backup_key_file=installed.keys / "backup.key")
    assert status == "ok" and "encrypted to 1 recipient(s), signed by key" in detail
    status, detail = backups(backup_key_file=installed.keys / "restore.key")
    assert status == "problem" and "is a restore key" in detail
    status, detail = backups(
        backup_key_file=installed.keys / "backup.key",
        restore_key_file=installed.keys / "restore.key",
    )
    assert status == "problem" and "can read every backup" in detail


def test_an_encryption_failure_is_reported_not_swallowed(
    installed: Installation, tmp_path: Path
) -> None:
    """The destination refuses bytes (opened read-only): the writer is told, in one line."""
    from hireflow.ops.backup_keys import BackupFailed, encrypting, load_backup_key

    key = load_backup_key(installed.keys / "backup.key")
    (tmp_path / "readonly").write_bytes(b"")
    with (
        (tmp_path / "readonly").open("rb") as destination,
        pytest.raises(BackupFailed) as failed,
        encrypting(destination, key) as stream,  # type: ignore[arg-type]
    ):
        for _ in range(64):
            stream.write(b"\0" * 1024 * 1024)
    assert failed.value.message.startswith("encryption failed:")


def test_a_server_given_by_url_is_backed_up_encrypted(
    pg_server: Any, db_target: DatabaseTarget, settings: Settings, installed: Installation
) -> None:
    """The external-server path (a superuser's URL, pg_dump over TCP or socket with the password
    in the environment, not argv): encrypted and signed the same way, and it verifies."""
    from hireflow.ops.backup import backup, find_tools, verified_archive
    from hireflow.ops.backup_keys import load_backup_key, load_restore_keys
    from hireflow.resumes.storage import LocalStorage

    # pg_dump must read every row: the server's superuser (an administrator without
    # BYPASSRLS is refused, see test_backup.py), given by CI's PostgreSQL 15 stage.
    given = os.environ.get("HIREFLOW_TEST_SUPERUSER_URL")
    superuser = (
        make_url(given).set(database=settings.db_name)
        if given
        else pg_server.superuser_url(settings.db_name)
    )
    external = replace(db_target, embedded=None, migration_url=superuser)
    archive = installed.work / "external.age"
    lines: list[str] = []
    manifest = backup(
        settings,
        external,
        LocalStorage(installed.work / "no-files"),
        archive,
        tools=find_tools(db_target) if db_target.embedded else find_tools(external),
        progress=lines.append,
        key=load_backup_key(installed.keys / "backup.key"),
    )
    assert manifest["encryption"]["scheme"] == "age-x25519"
    assert any("age-encrypted to 1 recipient(s)" in line for line in lines)
    keys = load_restore_keys([installed.keys / "restore.key"])
    with verified_archive(archive, keys, unpack=False) as ok:
        assert ok.manifest["database"]["counts"] == manifest["database"]["counts"]
        assert "signature of key" in ok.trust
