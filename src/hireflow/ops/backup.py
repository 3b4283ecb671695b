"""``hireflow backup`` / ``hireflow restore``: the database (the server's own pg_dump and
pg_restore), the stored resume files and the instance secret, in one tar archive with a
manifest that holds the sha256 of every member; restore verifies all of them before it touches
anything.

Archive layout: ``database.dump`` (pg_dump custom format), ``files/<storage key>``,
``secret_key`` (only when the instance secret was generated into the data directory),
``manifest.json`` and ``manifest.sig`` (its Ed25519 signature) last. With a backup key the
whole tar is age-encrypted as it is written (``backup_keys``); without one the archive is
plain and unsigned, and both ``backup`` and ``restore`` want ``--unencrypted`` to say so. The
dump is taken by a role row-level security does not filter (the embedded server's superuser;
on an external server the URL given must be a superuser or a BYPASSRLS role), so every
tenant's rows are in it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from hireflow import __version__
from hireflow.config import Settings
from hireflow.db import migrate
from hireflow.db.embedded import SUPERUSER
from hireflow.db.server import DatabaseTarget
from hireflow.ops.backup_keys import (
    BackupFailed,
    BackupKey,
    RestoreKey,
    check_signature,
    decrypting,
    encrypting,
    is_encrypted,
    sign,
)
from hireflow.resumes.storage import ResumeStorage

FORMAT = 2
READABLE_FORMATS = (1, 2)  # 1: plain and unsigned (before backup keys)
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DUMP = "database.dump"
SECRET = "secret_key"  # noqa: S105 (the file name of the instance secret)
FILES = "files/"
_CHUNK = 1024 * 1024
Progress = Callable[[str], None]


@dataclass(frozen=True)
class PgTools:
    pg_dump: Path
    pg_restore: Path
    major: int
    version: str


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def admin_url(target: DatabaseTarget, settings: Settings) -> URL:
    """Who dumps and restores: the embedded superuser, or the URL the administrator gave."""
    if target.embedded is not None:
        return make_url(target.embedded.url(SUPERUSER, settings.db_name))
    return target.migration_url


def find_tools(target: DatabaseTarget, pg_bin: Path | None = None) -> PgTools:
    """pg_dump/pg_restore of ``pg_bin``, else the embedded server's, else the first on PATH."""
    if pg_bin is not None:
        folder = pg_bin
    elif target.embedded is not None:
        folder = target.embedded.bin_dir
    else:
        found = shutil.which("pg_dump")
        if found is None:
            raise BackupFailed(
                "pg_dump is not on PATH: install the PostgreSQL client of the server's major "
                "version (Debian: postgresql-client-NN) or pass --pg-bin DIR"
            )
        folder = Path(found).parent
    tools = [folder / "pg_dump", folder / "pg_restore"]
    for tool in tools:
        if not os.access(tool, os.X_OK):
            raise BackupFailed(f"{tool} is missing or not executable (--pg-bin names the folder)")
    shown = subprocess.run(
        [str(tools[0]), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    number = re.search(r"\) (\d+)(\.\d+)?", shown)  # "pg_dump (PostgreSQL) 15.18 (Debian …)"
    if number is None:
        raise BackupFailed(f"cannot read the version of {tools[0]}: {shown!r}")
    return PgTools(tools[0], tools[1], int(number.group(1)), number.group(0)[2:])


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password, and the environment that carries it (not argv)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    bare = url.set(drivername="postgresql", password=None)
    return bare.render_as_string(hide_password=False), env


def _server_facts(url: URL) -> dict[str, Any]:
    """Version, migration head and rows per table (counted as ``url``'s role)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            version = conn.scalar(text("SHOW server_version"))
            number = int(conn.scalar(text("SHOW server_version_num")) or 0)
            has_version = conn.scalar(text("SELECT to_regclass('public.alembic_version')"))
            head = (
                conn.scalar(text("SELECT string_agg(version_num, ',') FROM alembic_version"))
                if has_version
                else None
            )
            return {
                "server_version": version,
                "server_major": number // 10000,
                "migration_head": head,
                "counts": table_counts(conn),
            }
    finally:
        engine.dispose()


def table_counts(conn: Any) -> dict[str, int]:
    """Rows of every table in the schemas hireflow keeps (one statement)."""
    tables = conn.execute(
        text(
            "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname IN "
            "('public', 'hireflow_security', 'legacy_v1_0') ORDER BY 1"
        )
    ).scalars()
    names = list(tables)
    if not names:
        return {}
    union = " UNION ALL ".join(
        f"SELECT {i} AS i, count(*) AS n FROM {name}" for i, name in enumerate(names)
    )
    rows = {int(i): int(n) for i, n in conn.execute(text(union))}
    return {name: int(rows[i]) for i, name in enumerate(names)}


def _run(command: list[str], env: dict[str, str], what: str, hint: str = "") -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        detail = result.stderr.strip() or result.stdout.strip()
        raise BackupFailed(f"{what} failed: {detail}" + (f"\n{hint}" if hint else ""))


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def backup(
    settings: Settings,
    target: DatabaseTarget,
    storage: ResumeStorage,
    destination: Path,
    *,
    tools: PgTools,
    progress: Progress,
    key: BackupKey | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Write the archive to ``destination`` (must not exist), age-encrypted to ``key``'s
    recipients and signed with its signing key when given; returns the manifest."""
    if destination.exists():
        raise BackupFailed(f"{destination} exists; name a new file")
    url = admin_url(target, settings)
    facts = _server_facts(url)
    if tools.major < facts["server_major"]:
        raise BackupFailed(
            f"pg_dump {tools.version} cannot dump PostgreSQL {facts['server_version']}: pass "
            f"--pg-bin with the binaries of version {facts['server_major']} or newer"
        )
    members: dict[str, dict[str, Any]] = {}
    partial = destination.with_name(destination.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="hireflow-backup-") as scratch:
        dump = Path(scratch) / DUMP
        conninfo, env = _libpq(url)
        started = time.monotonic()
        progress(f"database: pg_dump {tools.version} of {url.database} …")
        _run(
            [str(tools.pg_dump), "--format=custom", "--no-password", "-f", str(dump), conninfo],
            env,
            "pg_dump",
            "The backup needs a role row-level security does not filter: a superuser's or a "
            "BYPASSRLS role's URL (--database-url).",
        )
        members[DUMP] = {"sha256": _sha256_file(dump), "bytes": dump.stat().st_size}
        progress(
            f"database: {members[DUMP]['bytes']:,} bytes, {sum(facts['counts'].values()):,} "
            f"rows in {len(facts['counts'])} tables ({time.monotonic() - started:.1f} s)"
        )
        try:
            with ExitStack() as stack:
                private = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                out: Any = stack.enter_context(os.fdopen(private, "wb"))
                if key is not None:
                    out = stack.enter_context(encrypting(out, key))
                archive = stack.enter_context(tarfile.open(fileobj=out, mode="w|"))
                archive.add(dump, arcname=DUMP)
                secret_file = Path(settings.data_dir) / SECRET
                if settings.secret_key is None and secret_file.exists():
                    data = secret_file.read_bytes()
                    _add_bytes(archive, SECRET, data)
                    members[SECRET] = {
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "bytes": len(data),
                    }
                keys = sorted(storage.stored_before(datetime.max.replace(tzinfo=UTC)))
                for number, storage_key in enumerate(keys, 1):
                    data = storage.get(storage_key)  # one resume (bounded by the upload limit)
                    _add_bytes(archive, FILES + storage_key, data)
                    members[FILES + storage_key] = {
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "bytes": len(data),
                    }
                    if number % 100 == 0 or number == len(keys):
                        progress(f"files: {number}/{len(keys)}")
                manifest = {
                    "format": FORMAT,
                    "hireflow_version": __version__,
                    "created_at": (now or datetime.now(UTC)).isoformat(),
                    "encryption": None
                    if key is None
                    else {"scheme": "age-x25519", "recipients": [str(r) for r in key.recipients]},
                    "signing_key_id": None if key is None else key.key_id,
                    "database": {
                        "name": url.database,
                        "server_version": facts["server_version"],
                        "pg_dump_version": tools.version,
                        "migration_head": facts["migration_head"],
                        "counts": facts["counts"],
                    },
                    "storage_backend": settings.storage_backend,
                    "files": len(keys),
                    "members": members,
                }
                manifest_bytes = json.dumps(manifest, indent=2).encode()
                _add_bytes(archive, MANIFEST, manifest_bytes)
                if key is not None:
                    _add_bytes(archive, SIGNATURE, sign(manifest_bytes, key))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(destination)
    how = (
        f"age-encrypted to {len(key.recipients)} recipient(s), signed by key {key.key_id}"
        if key is not None
        else "NOT encrypted, not signed"
    )
    progress(
        f"wrote {destination} ({destination.stat().st_size:,} bytes, {len(keys)} files; {how})"
    )
    return manifest


# ---------------------------------------------------------------------------- restore
@dataclass(frozen=True)
class Verified:
    """An archive whose members all match a manifest that was (or could not be) verified."""

    manifest: dict[str, Any]
    root: Path  # the unpacked members (empty when only checked)
    trust: str  # what was checked, for the operator


def _unpack(
    archive: tarfile.TarFile, member: tarfile.TarInfo, root: Path | None, small: dict[str, bytes]
) -> tuple[str, int]:
    name = member.name
    allowed = name in (MANIFEST, SIGNATURE, DUMP, SECRET) or name.startswith(FILES)
    if not member.isfile() or not allowed or ".." in name.split("/") or name.startswith("/"):
        raise BackupFailed(f"refused: unexpected member {name!r} in the archive")
    if name in small:
        raise BackupFailed(f"refused: {name} appears twice in the archive")
    handle = archive.extractfile(member)
    assert handle is not None
    digest = hashlib.sha256()
    kept = name in (MANIFEST, SIGNATURE)
    buffer = bytearray()
    with ExitStack() as stack:
        out = None
        if root is not None and not kept:
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            out = stack.enter_context(path.open("wb"))
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            if kept:
                buffer += chunk
            elif out is not None:
                out.write(chunk)
    if kept:
        small[name] = bytes(buffer)
    return digest.hexdigest(), member.size


def _read_members(
    stream: Any, root: Path | None, small: dict[str, bytes]
) -> dict[str, tuple[str, int]]:
    digests: dict[str, tuple[str, int]] = {}
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for member in archive:
            if member.name in digests:
                raise BackupFailed(f"refused: {member.name} appears twice in the archive")
            digests[member.name] = _unpack(archive, member, root, small)
    return digests


@contextmanager
def verified_archive(
    source: Path,
    keys: RestoreKey | None = None,
    *,
    allow_unencrypted: bool = False,
    unpack: bool = True,
) -> Iterator[Verified]:
    """Read ``source`` (decrypting it with ``keys`` when it is encrypted) into a scratch
    folder, checking the manifest's signature and every member against the manifest.

    An encrypted archive must decrypt to the end (age refuses a changed or cut-off byte) and
    carry a manifest signed by a verify key of ``keys``. A plain archive is refused unless
    ``allow_unencrypted``; its signature is checked when ``keys`` are given. Only regular
    files with the expected names are read (never extracted by tarfile, so no path in the
    archive can point outside the scratch folder). With ``unpack=False`` nothing is written.
    """
    if not source.is_file():
        raise BackupFailed(f"{source} is not a file")
    encrypted = is_encrypted(source)
    if encrypted and keys is None:
        raise BackupFailed(
            f"{source} is encrypted: pass --key restore.key (or set HIREFLOW_RESTORE_KEY_FILE)"
        )
    if not encrypted and not allow_unencrypted:
        raise BackupFailed(
            f"refused: {source} is not encrypted, and a restore takes encrypted, signed "
            "archives only: pass --unencrypted to accept a plain archive (its checksums are "
            "checked, but anyone could have written it)"
        )
    with tempfile.TemporaryDirectory(prefix="hireflow-restore-") as scratch:
        root = Path(scratch)
        small: dict[str, bytes] = {}
        try:
            with ExitStack() as stack:
                if encrypted:
                    assert keys is not None
                    stream: Any = stack.enter_context(decrypting(source, keys))
                else:
                    stream = stack.enter_context(source.open("rb"))
                digests = _read_members(stream, root if unpack else None, small)
        except tarfile.TarError as exc:
            raise BackupFailed(
                f"refused: {source} is not a readable hireflow backup (damaged or cut short: {exc})"
            ) from exc
        if MANIFEST not in small:
            raise BackupFailed("refused: the archive has no manifest.json (it is cut short?)")
        try:
            manifest = json.loads(small[MANIFEST])
        except ValueError as exc:
            raise BackupFailed("refused: manifest.json is not JSON") from exc
        if manifest.get("format") not in READABLE_FORMATS:
            raise BackupFailed(f"refused: unknown backup format {manifest.get('format')!r}")
        if keys is not None and (encrypted or SIGNATURE in small):
            signer = check_signature(small[MANIFEST], small.get(SIGNATURE), keys)
            trust = f"signature of key {signer} verified"
        elif SIGNATURE in small:
            trust = "signature NOT checked (no restore key given)"
        else:
            trust = "NOT signed"
        if bool(manifest.get("encryption")) != encrypted:
            raise BackupFailed(
                "refused: the manifest says the archive was "
                f"{'encrypted' if manifest.get('encryption') else 'not encrypted'}, but it is "
                f"{'' if encrypted else 'not '}encrypted"
            )
        listed: dict[str, dict[str, Any]] = manifest["members"]
        present = set(digests) - {MANIFEST, SIGNATURE}
        if present != set(listed):
            extra, missing = sorted(present - set(listed)), sorted(set(listed) - present)
            raise BackupFailed(
                f"refused: the archive does not match its manifest (extra: {extra}, "
                f"missing: {missing})"
            )
        for name, expected in listed.items():
            if digests[name] != (expected["sha256"], expected["bytes"]):
                raise BackupFailed(
                    f"refused: {name} does not match its sha256 in the manifest (the archive "
                    "is damaged or was changed)"
                )
        how = "age-encrypted, decrypted to the end" if encrypted else "NOT encrypted"
        yield Verified(manifest, root, f"{how}; {trust}; {len(listed)} members' sha256 match")


def place_secret(settings: Settings, manifest: dict[str, Any], root: Path, *, force: bool) -> str:
    """Put the backed-up instance secret into the new data directory (before anything makes
    one): sessions, links, the database identity key and derived calendar keys depend on it."""
    if SECRET not in manifest["members"]:
        return "instance secret: set by HIREFLOW_SECRET_KEY at backup time; set the same here"
    if settings.secret_key is not None:
        return "instance secret: HIREFLOW_SECRET_KEY is set here; the backed-up one is not used"
    data = (root / SECRET).read_bytes()
    path = Path(settings.data_dir) / SECRET
    if path.exists() and path.read_bytes() != data and not force:
        raise BackupFailed(
            f"{path} holds a different instance secret; restore into a new data directory, "
            "or pass --force to replace it"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return f"instance secret: restored to {path}"


def _object_count(url: URL) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.scalar(
                    text(
                        "SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                        "ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') "
                        "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                        "AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'"
                    )
                )
                or 0
            )
    finally:
        engine.dispose()


def restore(
    settings: Settings,
    target: DatabaseTarget,
    storage: ResumeStorage,
    manifest: dict[str, Any],
    root: Path,
    *,
    tools: PgTools,
    force: bool,
    progress: Progress,
) -> dict[str, int]:
    """Load a verified archive into an empty database (or over one, with ``force``)."""
    known = {info.revision for info in migrate.history(settings)}
    head = manifest["database"]["migration_head"]
    if head and any(rev not in known for rev in head.split(",")):
        raise BackupFailed(
            f"the backup is at revision {head}, which this hireflow ({__version__}) does not "
            "know: install the version that made it"
        )
    url = admin_url(target, settings)
    existing = _object_count(url)
    if existing and not force:
        raise BackupFailed(
            f"database {url.database} is not empty ({existing} tables, views or sequences): "
            "restore into a new data directory or an empty database, or pass --force to "
            "replace what the backup holds"
        )
    conninfo, env = _libpq(url)
    command = [str(tools.pg_restore), "--no-password", "--exit-on-error", "--single-transaction"]
    if existing:
        command += ["--clean", "--if-exists"]
    started = time.monotonic()
    progress(f"database: pg_restore {tools.version} into {url.database} …")
    _run(
        [*command, "-d", conninfo, str(root / DUMP)],
        env,
        "pg_restore",
        "The restore needs a superuser's or a BYPASSRLS role's URL, and the three roles "
        "(`hireflow db create-roles`) on an external server.",
    )
    progress(f"database: restored in {time.monotonic() - started:.1f} s")
    files = sorted(name for name in manifest["members"] if name.startswith(FILES))
    for number, name in enumerate(files, 1):
        storage.put(name[len(FILES) :], (root / name).read_bytes())  # one resume at a time
        if number % 100 == 0 or number == len(files):
            progress(f"files: {number}/{len(files)}")
    # Re-grants, re-keys the database identity to this instance secret, upgrades an older backup.
    migrate.upgrade(settings, target.migration_url)
    counts: dict[str, int] = _server_facts(url)["counts"]
    expected: dict[str, int] = manifest["database"]["counts"]
    differ = {t: (n, counts.get(t)) for t, n in expected.items() if counts.get(t) != n}
    if differ and head == migrate.head_revision(settings):
        raise BackupFailed(f"restored row counts differ from the manifest: {differ}")
    progress(f"verified: {len(expected)} tables' row counts, {len(files)} files' sha256")
    return counts
