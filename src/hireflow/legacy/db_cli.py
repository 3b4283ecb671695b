"""``hireflow db upgrade|downgrade|adopt|verify``: the commands that wire the legacy v1.0
migration (phase progress, downgrade refusal, adoption, verification) into migrations.

They live with the legacy package, above ``db``; :mod:`hireflow.cli` adds them to the
``hireflow db`` group. Libraries are imported when a command runs (the start-up budget).
"""

from __future__ import annotations

from typing import Annotated

import typer

from hireflow.cli_common import DatabaseUrlOption, console
from hireflow.db.cli import resolve_target

COMMANDS = ("upgrade", "downgrade", "adopt", "verify")


def upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    database_url: DatabaseUrlOption = None,
) -> None:
    """Apply migrations up to REVISION (default: head); a bar per phase of the v1.1 migration."""
    from hireflow.db import migrate
    from hireflow.kit.errors import HireflowError
    from hireflow.legacy.migration import phase_names
    from hireflow.legacy.progress import OBSERVER_ATTRIBUTE, rich_phase_progress

    settings, target = resolve_target(database_url)
    try:
        with rich_phase_progress(phase_names(), console) as observer:
            migrate.upgrade(
                settings, target.migration_url, revision, attributes={OBSERVER_ATTRIBUTE: observer}
            )
        revisions = migrate.current_revisions(target.migration_url)
        console.print(f"[green]Database at[/green] {revisions}")
    except HireflowError as exc:
        console.print(f"[red]Upgrade refused:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    finally:
        target.stop_if_started()


def downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, or 'base'.")],
    database_url: DatabaseUrlOption = None,
    discard_new_data: Annotated[
        bool,
        typer.Option(
            "--discard-new-data",
            help="Downgrade v1.1 -> v1.0 even if v1.1 holds data created after the migration.",
        ),
    ] = False,
) -> None:
    """Revert migrations down to REVISION."""
    from hireflow.db import migrate
    from hireflow.kit.errors import HireflowError
    from hireflow.legacy.progress import DISCARD_NEW_DATA_ATTRIBUTE
    from hireflow.legacy.restore import refuse_downgrade_losing_data

    settings, target = resolve_target(database_url)
    try:
        refuse_downgrade_losing_data(
            settings, target.migration_url, revision, discard_new_data=discard_new_data
        )
        migrate.downgrade(
            settings,
            target.migration_url,
            revision,
            attributes={DISCARD_NEW_DATA_ATTRIBUTE: discard_new_data},
        )
        revisions = migrate.current_revisions(target.migration_url)
        console.print(f"[green]Database at[/green] {revisions}")
    except HireflowError as exc:
        console.print(f"[red]Downgrade refused:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    finally:
        target.stop_if_started()


def adopt(
    database_url: DatabaseUrlOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Stamp v1_0 even though the schema differs from v1.0.")
    ] = False,
    take_ownership: Annotated[
        bool,
        typer.Option(
            "--take-ownership",
            help="Make the owner role own the v1.0 tables, sequences, functions and types "
            "(each is listed); needs an administrator's URL.",
        ),
    ] = False,
) -> None:
    """Prove an existing database is resume-review v1.0 (schema fingerprint), then stamp it."""
    from hireflow.kit.errors import HireflowError
    from hireflow.legacy.adopt import adopt as adopt_database

    settings, target = resolve_target(database_url)
    try:
        report = adopt_database(
            settings, target.migration_url, force=force, take_over=take_ownership
        )
    except HireflowError as exc:
        console.print(f"[red]Not adopted:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    finally:
        target.stop_if_started()
    for line in report.lines():
        typer.echo(line)
    note = " despite the differences above (--force)" if not report.matches else ""
    console.print(f"[green]Stamped v1_0{note}.[/green] Next: hireflow db upgrade head")


def verify(database_url: DatabaseUrlOption = None) -> None:
    """Reconcile a migrated v1.1 database with its v1.0 rows; exits 1 on any FAIL."""
    from hireflow.legacy.verification_report import verification_report

    _settings, target = resolve_target(database_url)
    try:
        lines, ok = verification_report(target.migration_url)
    finally:
        target.stop_if_started()
    for line in lines:
        typer.echo(line)
    if ok is None:
        raise typer.Exit(2)
    if not ok:
        raise typer.Exit(1)
