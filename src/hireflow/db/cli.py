"""``hireflow db …``: schema migrations, roles and the embedded server."""

from __future__ import annotations

from typing import Annotated

import typer

from hireflow.cli_common import DatabaseUrlOption, console, load_settings

app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich would add ~0.5 s to every start
    help="Database: migrations, roles, the embedded server.",
    no_args_is_help=True,
)


def resolve_target(database_url: str | None):  # type: ignore[no-untyped-def]
    from hireflow.db.embedded import EmbeddedServerError
    from hireflow.db.server import resolve_database

    settings = load_settings(database_url)
    try:
        return settings, resolve_database(settings)
    except EmbeddedServerError as exc:
        console.print(f"[red]Embedded PostgreSQL failed:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def current(database_url: DatabaseUrlOption = None) -> None:
    """Print the revision the database is at."""
    from hireflow.db import migrate

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
    from rich.table import Table

    from hireflow.db import migrate

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
    """Create the owner, runtime and system roles and grant what they need (admin connection).

    The database is the URL's; every statement run is printed, and ``--print`` shows them
    without running anything.
    """
    from hireflow.db.provision import ProvisionRefused, generic_sql, provision

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
    if not settings.database_url:
        if print_only:
            typer.echo(";\n".join(generic_sql(settings, settings.db_name)) + ";")
            return
        console.print("The embedded server creates its roles by itself; nothing to do.")
        return
    try:
        plan = provision(settings.database_url, settings, passwords=passwords, apply=not print_only)
    except ProvisionRefused as exc:
        console.print(f"[red]Roles not created:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    if print_only:
        typer.echo(";\n".join(plan.statements) + (";" if plan.statements else ""))
        return
    for statement in plan.statements:
        typer.echo(f"ran: {statement}")
    for fact in plan.in_place:
        typer.echo(f"already: {fact}")
    console.print(
        f"[green]Database {plan.database} is ready for hireflow.[/green] "
        "Next: hireflow db upgrade head --database-url …"
    )


@app.command()
def start() -> None:
    """Start the embedded PostgreSQL (it keeps running until `hireflow db stop`)."""
    from hireflow.db.server import embedded_server

    settings = load_settings()
    server = embedded_server(settings)
    started = server.ensure_running()
    console.print(("Started" if started else "Already running") + f": {server.pgdata}")


@app.command()
def stop() -> None:
    """Stop the embedded PostgreSQL."""
    from hireflow.db.server import embedded_server

    settings = load_settings()
    embedded_server(settings).stop()
    console.print("Stopped.")
