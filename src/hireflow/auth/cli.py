"""``hireflow users …``: accounts from the command line (e.g. a fresh install's first admin)."""

from __future__ import annotations

from typing import Annotated

import typer

from hireflow.auth.roles import Role
from hireflow.cli_common import DatabaseUrlOption, console, load_settings

app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich would add ~0.5 s to every start
    help="User accounts.",
    no_args_is_help=True,
)


@app.command("create")
def create(
    email: Annotated[str, typer.Option(help="Sign-in email.")],
    role: Annotated[Role, typer.Option(help="junior_recruiter, senior_recruiter or admin.")],
    first_name: Annotated[str, typer.Option(help="First name.")] = "Admin",
    last_name: Annotated[str, typer.Option(help="Last name.")] = "User",
    password: Annotated[
        str | None,
        typer.Option(
            help="Password (prompted when omitted; empty generates one).",
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            prompt_required=False,
        ),
    ] = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Create an account."""
    from hireflow.audit.service import RequestMeta
    from hireflow.auth import accounts
    from hireflow.auth.schemas import UserCreate
    from hireflow.db.engine import Database
    from hireflow.db.server import resolve_database
    from hireflow.db.session import SYSTEM, unit_of_work
    from hireflow.kit.errors import HireflowError

    settings = load_settings(database_url)
    target = resolve_database(settings)
    data = UserCreate(
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        password=password or None,
    )

    async def run() -> tuple[str, str | None]:
        database = Database.connect(target, pool_size=1)
        try:
            async with unit_of_work(database.system_sessions, SYSTEM) as session:
                user, temporary = await accounts.create_user(
                    session, data, actor_id=None, meta=RequestMeta(user_agent="hireflow-cli")
                )
                return user.email, temporary
        finally:
            await database.dispose()

    try:
        import asyncio

        created, temporary = asyncio.run(run())
    except HireflowError as exc:
        console.print(f"[red]{exc.message}[/red]")
        for problem in exc.details or []:
            console.print(f"  - {problem}")
        raise typer.Exit(1) from exc
    finally:
        target.stop_if_started()
    console.print(f"[green]Created[/green] {created} ({role.value}).")
    if temporary:
        console.print(f"Temporary password (shown once): {temporary}")
