"""``hireflow doctor``, ``hireflow backup`` and ``hireflow restore`` (imports stay lazy)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from hireflow.cli_common import DatabaseUrlOption, lazy_console, load_settings

if TYPE_CHECKING:
    from hireflow.config import Settings
    from hireflow.ops.doctor import Finding

_out = lazy_console(highlight=False, soft_wrap=True)
_err = lazy_console(stderr=True, highlight=False, soft_wrap=True)


def _print_findings(findings: list[Finding]) -> None:
    colour = {"ok": "green", "problem": "red", "skipped": "yellow"}
    for finding in findings:
        mark = f"[{colour[finding.status]}]{finding.status:<8}[/]"
        _out.print(f"{mark} {finding.check}: {finding.detail}", markup=True)
        if finding.fix:
            _out.print(f"         fix: {finding.fix}", markup=False)


def doctor(
    database_url: DatabaseUrlOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of lines.")] = False,
) -> None:
    """Check the configuration, database, roles, row-level security, migrations, worker,
    storage, SMTP and stored secrets; print each problem with its fix (exit 1 on any)."""
    from pydantic import ValidationError

    from hireflow.ops.doctor import check_configuration, ok, problem

    try:
        settings = load_settings(database_url)
    except ValidationError as exc:
        findings = [
            problem(
                "configuration",
                "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()),
                "correct those HIREFLOW_* settings (environment or .env)",
            )
        ]
    else:
        findings = [ok("configuration", "settings load")]
        findings += check_configuration(settings)
        findings += _examine_installation(settings)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "ok": all(f.status != "problem" for f in findings),
                    "checks": [f.as_dict() for f in findings],
                },
                indent=2,
            )
        )
    else:
        _print_findings(findings)
    if any(f.status == "problem" for f in findings):
        raise typer.Exit(1)


def _examine_installation(settings: Settings) -> list[Finding]:
    import asyncio

    from hireflow.db.embedded import EmbeddedServerError
    from hireflow.db.server import resolve_database
    from hireflow.ops.doctor import examine, problem
    from hireflow.resumes.storage import storage_from_settings

    try:
        target = resolve_database(settings)
    except (EmbeddedServerError, ValueError) as exc:
        return [
            problem(
                "database",
                str(exc),
                "see the embedded server's log in HIREFLOW_DATA_DIR/pgdata/server.log, or "
                "correct HIREFLOW_DATABASE_URL",
            )
        ]
    try:
        try:
            storage = storage_from_settings(settings)
        except ValueError as exc:
            return [problem("storage", str(exc), "set HIREFLOW_S3_BUCKET")]
        return asyncio.run(examine(settings, target, storage))
    finally:
        target.stop_if_started()


PgBinOption = Annotated[
    Path | None,
    typer.Option(
        "--pg-bin",
        help="Folder with pg_dump/pg_restore (default: the embedded server's, else PATH).",
        show_default=False,
    ),
]


def _progress(line: str) -> None:
    _err.print(f"==> {line}", markup=False)


def backup(
    destination: Annotated[Path, typer.Argument(help="Archive to write (a new .tar file).")],
    database_url: DatabaseUrlOption = None,
    pg_bin: PgBinOption = None,
) -> None:
    """Back up the database (pg_dump), the resume files and the instance secret into one
    archive with a manifest of sha256 checksums."""
    from hireflow.db.server import resolve_database
    from hireflow.ops.backup import BackupFailed, find_tools
    from hireflow.ops.backup import backup as run_backup
    from hireflow.resumes.storage import storage_from_settings

    settings = load_settings(database_url)
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
        )
    except BackupFailed as exc:
        _err.print(f"[red]Backup failed:[/red] {exc.message}")
        raise typer.Exit(1) from None
    finally:
        target.stop_if_started()


def restore(
    source: Annotated[Path, typer.Argument(help="Archive written by `hireflow backup`.")],
    database_url: DatabaseUrlOption = None,
    pg_bin: PgBinOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Restore over a database that is not empty.")
    ] = False,
) -> None:
    """Restore a backup into a new data directory or an empty database, after checking every
    file of the archive against its manifest."""
    from hireflow.db.server import resolve_database
    from hireflow.ops.backup import BackupFailed, find_tools, place_secret, verified_archive
    from hireflow.ops.backup import restore as run_restore
    from hireflow.resumes.storage import storage_from_settings

    settings = load_settings(database_url)
    try:
        with verified_archive(source) as (manifest, root):
            _progress(
                f"archive verified: {len(manifest['members'])} members, made "
                f"{manifest['created_at']} by hireflow {manifest['hireflow_version']}"
            )
            _progress(place_secret(settings, manifest, root, force=force))
            target = resolve_database(settings)
            try:
                run_restore(
                    settings,
                    target,
                    storage_from_settings(settings),
                    manifest,
                    root,
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


def register(app: typer.Typer) -> None:
    """Add the operations commands to the top-level ``hireflow`` app."""
    app.command(name="doctor")(doctor)
    app.command(name="backup")(backup)
    app.command(name="restore")(restore)
