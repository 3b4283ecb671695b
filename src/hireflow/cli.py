"""The ``hireflow`` command."""

from __future__ import annotations

import os
import signal
import time
from typing import Annotated

import typer

from hireflow.auth.cli import app as users_app
from hireflow.calendars.cli import calendars_app, secrets_app
from hireflow.candidates.cli import candidates_app, import_app
from hireflow.cli_common import DatabaseUrlOption, console, load_settings
from hireflow.db.cli import app as db_app
from hireflow.interviews import cli as interviews_cli
from hireflow.jobs import cli as jobs_cli
from hireflow.legacy import cli as legacy_cli
from hireflow.legacy import db_cli as legacy_db_cli
from hireflow.negotiation import cli as negotiation_cli
from hireflow.noshow import cli as noshow_cli
from hireflow.ops import cli as ops_cli
from hireflow.resumes import cli as resumes_cli
from hireflow.reviews import cli as reviews_cli

app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich would add ~0.5 s to every start
    name="hireflow",
    help="hireflow: review resumes with AI, rank applicants, shortlist, schedule interviews.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
for _command in legacy_db_cli.COMMANDS:  # the legacy migration's wiring of `hireflow db …`
    db_app.command(name=_command)(getattr(legacy_db_cli, _command))
app.add_typer(db_app, name="db")
app.add_typer(legacy_cli.app, name="dev")
app.add_typer(users_app, name="users")
app.add_typer(import_app, name="import")
app.add_typer(candidates_app, name="candidates")
app.add_typer(resumes_cli.app, name="resumes")
app.add_typer(negotiation_cli.app, name="availability")
app.add_typer(noshow_cli.app, name="ml")
app.command(name="review")(reviews_cli.review)
app.command(name="score")(jobs_cli.score)
app.add_typer(calendars_app, name="calendars")
app.add_typer(secrets_app, name="secrets")
app.command(name="slots")(interviews_cli.slots)
ops_cli.register(app)  # doctor, backup, restore


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="Do not run the background worker in-process.")
    ] = False,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development).")] = False,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Migrate, load demo data into an empty database, and serve the UI and API."""
    import uvicorn

    _stop_on_sigterm()
    from hireflow.db import migrate
    from hireflow.db.server import resolve_database
    from hireflow.web.limits import proxy_options

    started = time.monotonic()
    settings = load_settings(database_url, host=host, port=port)
    if no_worker:
        settings.worker_in_process = False
    target = resolve_database(settings)
    try:
        migrate.upgrade(settings, target.migration_url)
        if settings.load_demo_data:
            from hireflow.demo import load_demo_data_if_empty

            load_demo_data_if_empty(settings, target)
        console.print(
            f"[green]hireflow[/green] at http://{settings.host}:{settings.port} "
            f"(database ready in {time.monotonic() - started:.1f}s)"
        )
        if reload:
            os.environ["HIREFLOW_WORKER_IN_PROCESS"] = str(settings.worker_in_process).lower()
            if database_url:
                os.environ["HIREFLOW_DATABASE_URL"] = database_url
            uvicorn.run(
                "hireflow.app:create_app_from_env",
                factory=True,
                reload=True,
                host=settings.host,
                port=settings.port,
                log_config=None,
                **proxy_options(settings),
            )
        else:
            from hireflow.app import create_app

            uvicorn.run(
                create_app(settings),
                host=settings.host,
                port=settings.port,
                log_config=None,
                timeout_graceful_shutdown=5,
                **proxy_options(settings),
            )
    finally:
        if target.embedded is not None:
            target.embedded.stop()


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(min=1, help="Jobs run at the same time.")] = 4,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Run a standalone background worker (as many as needed, on any machine)."""
    from hireflow.db import migrate
    from hireflow.db.engine import Database
    from hireflow.db.server import resolve_database

    _stop_on_sigterm()
    settings = load_settings(database_url)
    target = resolve_database(settings)
    head = migrate.head_revision(settings)
    if head not in migrate.current_revisions(target.migration_url):
        console.print("[red]The database is not at head.[/red] Run `hireflow db upgrade` first.")
        raise typer.Exit(2)

    from hireflow import worker as worker_module

    async def run() -> None:
        database = Database.connect(target, pool_size=concurrency + 1)
        worker_module.bind_database(database, settings)
        try:
            await worker_module.run(concurrency=concurrency)
        finally:
            await database.dispose()

    try:
        import asyncio

        asyncio.run(run())
    finally:
        target.stop_if_started()


def _stop_on_sigterm() -> None:
    """SIGTERM unwinds like Ctrl-C: ``finally`` blocks stop the worker and embedded PostgreSQL.

    uvicorn (and the worker) catch SIGTERM for a graceful shutdown, then restore this handler
    and raise the signal again; without it the default action would kill the process before
    the embedded server is stopped.
    """

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)


def main() -> None:
    app()
