"""``hireflow dev make-legacy``: fill an empty v1.0 database with generated data."""

from __future__ import annotations

from typing import Annotated

import typer

from hireflow.cli_common import DatabaseUrlOption, console, load_settings

app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich would add ~0.5 s to every start
    help="Development helpers.",
    no_args_is_help=True,
)


@app.command("make-legacy")
def make_legacy(
    scale: Annotated[int, typer.Option(min=1, help="Number of v1.0 uploads to generate.")] = 1000,
    seed: Annotated[int, typer.Option(help="Same seed, same data.")] = 1,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Build the v1.0 schema (revision v1_0) and fill it with deterministic edge-case data."""
    from hireflow.db import migrate
    from hireflow.db.embedded import EmbeddedServerError
    from hireflow.db.engine import SYSTEM_OPTIONS, libpq_url
    from hireflow.db.server import resolve_database
    from hireflow.legacy.generator import generate_legacy_data, legacy_counts

    settings = load_settings(database_url)
    try:
        target = resolve_database(settings)
    except EmbeddedServerError as exc:
        console.print(f"[red]Embedded PostgreSQL failed:[/red] {exc}")
        raise typer.Exit(2) from exc
    try:
        current = migrate.current_revisions(target.migration_url)
        if current and current != ("v1_0",):
            console.print(f"[red]The database is at {', '.join(current)}, not v1_0.[/red]")
            raise typer.Exit(2)
        if not current:
            migrate.upgrade(settings, target.migration_url, "v1_0")
        import psycopg

        with psycopg.connect(libpq_url(target.migration_url), options=SYSTEM_OPTIONS) as conn:
            try:
                generate_legacy_data(conn, scale, seed)
            except ValueError as exc:
                console.print(f"[red]{exc}[/red]")
                raise typer.Exit(2) from exc
            counts = legacy_counts(conn)
        for table, rows in counts.items():
            typer.echo(f"{table:<18} {rows:>10,}")
    finally:
        target.stop_if_started()
