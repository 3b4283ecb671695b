"""``hireflow backup [create|verify|keygen]`` and ``hireflow restore`` (imports stay lazy).

``hireflow backup DEST`` still means ``hireflow backup create DEST``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from hireflow.cli_common import DatabaseUrlOption, lazy_console, load_settings

if TYPE_CHECKING:
    from hireflow.config import Settings
    from hireflow.ops.backup_keys import BackupKey, RestoreKey

_out = lazy_console(highlight=False, soft_wrap=True)
_err = lazy_console(stderr=True, highlight=False, soft_wrap=True)


class _CreateByDefault(TyperGroup):
    """A group whose first word, when it is not a sub-command, is ``create``'s argument."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["create", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_CreateByDefault,
    no_args_is_help=True,
    help="Encrypted, signed backups: create (the default), verify, keygen.",
)

PgBinOption = Annotated[
    Path | None,
    typer.Option(
        "--pg-bin",
        help="Folder with pg_dump/pg_restore (default: the embedded server's, else PATH).",
        show_default=False,
    ),
]
KeyOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--key",
        help="restore.key file(s) from `hireflow backup keygen` (default: "
        "HIREFLOW_RESTORE_KEY_FILE); repeat for older keys.",
        show_default=False,
    ),
]
UnencryptedOption = Annotated[
    bool,
    typer.Option(
        "--unencrypted",
        help="Accept (restore, verify) or write (backup) a plain archive: personal data in "
        "clear, and nothing proves who wrote it.",
    ),
]


def _progress(line: str) -> None:
    _err.print(f"==> {line}", markup=False)


def _backup_key(settings: Settings, unencrypted: bool) -> BackupKey | None:
    from hireflow.ops.backup_keys import BackupFailed, load_backup_key

    if settings.backup_key_file is not None:
        if unencrypted:
            raise BackupFailed("--unencrypted with HIREFLOW_BACKUP_KEY_FILE set: unset one of them")
        return load_backup_key(settings.backup_key_file)
    if not unencrypted:
        raise BackupFailed(
            "no backup key: run `hireflow backup keygen --out DIR`, keep DIR/restore.key off "
            "this host and set HIREFLOW_BACKUP_KEY_FILE=DIR/backup.key; or pass "
            "--unencrypted to write a plain archive (every candidate's data in clear)"
        )
    return None


def _restore_keys(settings: Settings, paths: list[Path] | None) -> RestoreKey | None:
    from hireflow.ops.backup_keys import load_restore_keys

    chosen = paths or ([settings.restore_key_file] if settings.restore_key_file else [])
    return load_restore_keys(chosen) if chosen else None


@app.command("create")
def create(
    destination: Annotated[Path, typer.Argument(help="Archive to write (a new file).")],
    database_url: DatabaseUrlOption = None,
    pg_bin: PgBinOption = None,
    unencrypted: UnencryptedOption = False,
) -> None:
    """Back up the database (pg_dump), the resume files and the instance secret into one
    archive, age-encrypted to HIREFLOW_BACKUP_KEY_FILE's recipients with a signed manifest
    of sha256 checksums."""
    from hireflow.db.server import resolve_database
    from hireflow.ops.backup import backup as run_backup
    from hireflow.ops.backup import find_tools
    from hireflow.ops.backup_keys import BackupFailed
    from hireflow.resumes.storage import storage_from_settings

    settings = load_settings(database_url)
    try:
        key = _backup_key(settings, unencrypted)
    except BackupFailed as exc:
        _err.print(f"[red]Backup failed:[/red] {exc.message}")
        raise typer.Exit(1) from None
    target = resolve_database(settings)
    try:
        tools = find_tools(target, pg_bin)
        run_backup(
            settings,
            target,
            storage_from_settings(settings),
            destination,
            tools=tools,
            progress=_progress,
            key=key,
        )
    except BackupFailed as exc:
        _err.print(f"[red]Backup failed:[/red] {exc.message}")
        raise typer.Exit(1) from None
    finally:
        target.stop_if_started()


@app.command("verify")
def verify(
    archive: Annotated[Path, typer.Argument(help="Archive written by `hireflow backup`.")],
    key: KeyOption = None,
    unencrypted: UnencryptedOption = False,
) -> None:
    """Check an archive without restoring it: decrypt it to the end, verify the manifest's
    signature and every member's sha256 (nothing is written to disk)."""
    from hireflow.ops.backup import verified_archive
    from hireflow.ops.backup_keys import BackupFailed

    settings = load_settings()
    try:
        keys = _restore_keys(settings, key)
        with verified_archive(archive, keys, allow_unencrypted=unencrypted, unpack=False) as ok:
            _show(ok.manifest, ok.trust)
    except BackupFailed as exc:
        _err.print(f"[red]Verification failed:[/red] {exc.message}")
        raise typer.Exit(1) from None
    _out.print(f"{archive}: OK", markup=False)


def _show(manifest: dict[str, Any], trust: str) -> None:
    _progress(
        f"archive verified: {trust}; made {manifest['created_at']} by hireflow "
        f"{manifest['hireflow_version']}, {manifest['files']} files, migration head "
        f"{manifest['database']['migration_head']}"
    )


@app.command("keygen")
def keygen(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for backup.key and restore.key (made 0700).")
    ],
) -> None:
    """Make a backup key pair: backup.key (encrypts and signs; for the backup host) and
    restore.key (decrypts and verifies; keep it elsewhere)."""
    import os

    from hireflow.ops.backup_keys import generate

    backup_path, restore_path = out / "backup.key", out / "restore.key"
    for path in (backup_path, restore_path):
        if path.exists():
            _err.print(f"[red]Refused:[/red] {path} exists (keys are never overwritten)")
            raise typer.Exit(1)
    backup_text, restore_text, name = generate(datetime.now(UTC))
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    for path, text in ((backup_path, backup_text), (restore_path, restore_text)):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
    recipient = next(line for line in backup_text.splitlines() if line.startswith("recipient"))
    _out.print(
        f"key {name}\n{recipient}\n"
        f"wrote {backup_path}: on the backup host, HIREFLOW_BACKUP_KEY_FILE={backup_path}\n"
        f"wrote {restore_path}: move it OFF this host (it reads every backup); restore with "
        f"`hireflow restore ARCHIVE --key restore.key`",
        markup=False,
    )


def restore(
    source: Annotated[Path, typer.Argument(help="Archive written by `hireflow backup`.")],
    database_url: DatabaseUrlOption = None,
    pg_bin: PgBinOption = None,
    key: KeyOption = None,
    unencrypted: UnencryptedOption = False,
    force: Annotated[
        bool, typer.Option("--force", help="Restore over a database that is not empty.")
    ] = False,
) -> None:
    """Restore a backup into a new data directory or an empty database, after decrypting it
    and checking its signature and every file against the manifest (nothing is written
    before all of that passed)."""
    from hireflow.db.server import resolve_database
    from hireflow.ops.backup import find_tools, place_secret, verified_archive
    from hireflow.ops.backup import restore as run_restore
    from hireflow.ops.backup_keys import BackupFailed
    from hireflow.resumes.storage import storage_from_settings

    settings = load_settings(database_url)
    try:
        keys = _restore_keys(settings, key)
        with verified_archive(source, keys, allow_unencrypted=unencrypted) as ok:
            _show(ok.manifest, ok.trust)
            _progress(place_secret(settings, ok.manifest, ok.root, force=force))
            target = resolve_database(settings)
            try:
                run_restore(
                    settings,
                    target,
                    storage_from_settings(settings),
                    ok.manifest,
                    ok.root,
                    tools=find_tools(target, pg_bin),
                    force=force,
                    progress=_progress,
                )
            finally:
                target.stop_if_started()
    except BackupFailed as exc:
        _err.print(f"[red]Restore refused:[/red] {exc.message}")
        raise typer.Exit(1) from None
    _progress("restore complete: run `hireflow doctor` next")
