"""``hireflow db …``: roles, revisions and the embedded server.

The commands that run the legacy v1.0 migration (``upgrade``, ``downgrade``, ``adopt``,
``verify``) live in :mod:`hireflow.legacy.db_cli`; the CLI adds them to this group.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import create_engine, text

from hireflow.cli_common import DatabaseUrlOption, console, load_settings
from hireflow.db import migrate
from hireflow.db.embedded import EmbeddedServerError
from hireflow.db.roles import create_roles_sql, database_grants_sql
from hireflow.db.server import embedded_server, normalise_url, resolve_database

app = typer.Typer(help="Database: migrations, roles, the embedded server.", no_args_is_help=True)


def resolve_target(database_url: str | None):  # type: ignore[no-untyped-def]
    settings = load_settings(database_url)
    try:
        return settings, resolve_database(settings)
    except EmbeddedServerError as exc:
        console.print(f"[red]Embedded PostgreSQL failed:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def current(database_url: DatabaseUrlOption = None) -> None:
    """Print the revision the database is at."""
    settings, target = resolve_target(database_url)
    try:
        heads = migrate.current_revisions(target.migration_url)
        head = migrate.head_revision(settings)
        for rev in heads or ("(none: empty database)",):
            marker = " (head)" if rev == head else ""
            typer.echo(f"{rev}{marker}")
    finally:
        target.stop_if_started()


@app.command()
def history(database_url: DatabaseUrlOption = None) -> None:
    """List every revision from base to head."""
    settings = load_settings(database_url)
    table = Table("revision", "revises", "description")
    for info in migrate.history(settings):
        table.add_row(info.revision, info.down_revision or "-", info.doc.splitlines()[0])
    console.print(table)


@app.command()
def url(
    database_url: DatabaseUrlOption = None,
    role: Annotated[str, typer.Option(help="migration | runtime | system")] = "runtime",
) -> None:
    """Print the connection URL of a role (starts the embedded server if needed)."""
    _settings, target = resolve_target(database_url)
    chosen = {
        "migration": target.migration_url,
        "runtime": target.runtime_url,
        "system": target.system_url,
    }.get(role)
    if chosen is None:
        raise typer.BadParameter("role must be migration, runtime or system")
    typer.echo(chosen.render_as_string(hide_password=True))


@app.command("create-roles")
def create_roles(
    database_url: DatabaseUrlOption = None,
    print_only: Annotated[bool, typer.Option("--print", help="Show the SQL; run nothing.")] = False,
    runtime_password: Annotated[
        str | None, typer.Option(help="Password of the runtime role.")
    ] = None,
    system_password: Annotated[
        str | None, typer.Option(help="Password of the system role.")
    ] = None,
    owner_password: Annotated[str | None, typer.Option(help="Password of the owner role.")] = None,
) -> None:
    """Create the owner, runtime and system roles on an external server (admin connection)."""
    settings = load_settings(database_url)
    passwords = {
        role: pw
        for role, pw in (
            (settings.db_owner_role, owner_password),
            (settings.db_runtime_role, runtime_password),
            (settings.db_system_role, system_password),
        )
        if pw
    }
    statements = create_roles_sql(settings, passwords=passwords)
    owner = settings.db_owner_role
    statements.append(f'GRANT "{owner}" TO CURRENT_USER')
    statements += database_grants_sql(settings)
    if print_only:
        typer.echo(";\n".join(statements) + ";")
        return
    if not settings.database_url:
        console.print("The embedded server creates its roles by itself; nothing to do.")
        return
    engine = create_engine(normalise_url(settings.database_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()
    console.print("[green]Roles created.[/green] Now run: hireflow db upgrade --database-url …")


@app.command()
def start() -> None:
    """Start the embedded PostgreSQL (it keeps running until `hireflow db stop`)."""
    settings = load_settings()
    server = embedded_server(settings)
    started = server.ensure_running()
    console.print(("Started" if started else "Already running") + f": {server.pgdata}")


@app.command()
def stop() -> None:
    """Stop the embedded PostgreSQL."""
    settings = load_settings()
    embedded_server(settings).stop()
    console.print("Stopped.")
