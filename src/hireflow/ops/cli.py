"""``hireflow doctor``; ``hireflow backup`` and ``restore`` come from ``backup_cli`` (imports
stay lazy)."""

from __future__ import annotations

import json
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


def register(app: typer.Typer) -> None:
    """Add the operations commands to the top-level ``hireflow`` app."""
    from hireflow.ops import backup_cli

    app.command(name="doctor")(doctor)
    app.add_typer(backup_cli.app, name="backup")
    app.command(name="restore")(backup_cli.restore)
