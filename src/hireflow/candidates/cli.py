"""``hireflow import resumes PATH`` and ``hireflow candidates reparse-migrated``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.progress import Progress

    from hireflow.candidates.flows.importer import ImportResult
    from hireflow.config import Settings
    from hireflow.resumes.service import IncomingFile

from hireflow.cli_common import DatabaseUrlOption, console, load_settings

import_app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich would add ~0.5 s to every start
    help="Bring data into hireflow.",
    no_args_is_help=True,
)
candidates_app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich would add ~0.5 s to every start
    help="Candidates.",
    no_args_is_help=True,
)
BATCH = 50
_SUFFIXES = {".pdf", ".docx", ".txt"}


def _progress() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def collect_files(path: Path, settings: Settings) -> list[IncomingFile]:
    from hireflow.candidates.flows.importer import files_in_zip
    from hireflow.resumes.service import IncomingFile

    if path.is_dir():
        return [
            IncomingFile(p.name, p.read_bytes())
            for p in sorted(path.rglob("*"))
            if p.is_file() and p.suffix.lower() in _SUFFIXES
        ]
    data = path.read_bytes()
    if path.suffix.lower() == ".zip":
        return list(
            files_in_zip(
                data, max_files=settings.max_import_files, max_file_bytes=settings.max_upload_bytes
            )
        )
    return [IncomingFile(path.name, data)]


@import_app.command("resumes")
def import_resumes_command(
    path: Annotated[Path, typer.Argument(exists=True, help="A folder, a .zip or one file.")],
    user: Annotated[str, typer.Option("--as", help="Email of the recruiter importing.")],
    database_url: DatabaseUrlOption = None,
) -> None:
    """Import resumes: one candidate per person, duplicates merged, a report at the end."""
    from hireflow.audit.service import RequestMeta
    from hireflow.auth import accounts
    from hireflow.candidates.flows.importer import import_resumes
    from hireflow.db.engine import Database
    from hireflow.db.server import resolve_database
    from hireflow.db.session import SYSTEM, Actor, unit_of_work
    from hireflow.resumes.storage import storage_from_settings

    settings = load_settings(database_url)
    files = collect_files(path, settings)
    target = resolve_database(settings)
    storage = storage_from_settings(settings)

    async def run() -> list[ImportResult]:
        database = Database.connect(target, pool_size=2)
        results: list[ImportResult] = []
        try:
            async with unit_of_work(database.system_sessions, SYSTEM) as session:
                account = await accounts.find_user(session, email=user)
            if account is None or not account.is_active:
                raise typer.BadParameter(f"no active user with the email {user}")
            actor = Actor(account.id, account.role)
            with _progress() as bar:
                task = bar.add_task("Importing", total=len(files))
                for start in range(0, len(files), BATCH):
                    async with unit_of_work(database.runtime_sessions, actor) as session:
                        async for result in import_resumes(
                            session,
                            storage,
                            files[start : start + BATCH],
                            actor_id=account.id,
                            actor_role=account.role,
                            meta=RequestMeta(user_agent="hireflow-cli"),
                            max_bytes=settings.max_upload_bytes,
                        ):
                            results.append(result)
                            bar.advance(task)
        finally:
            await database.dispose()
        return results

    try:
        import asyncio

        results = asyncio.run(run())
    finally:
        target.stop_if_started()
    _report(results)


def _report(results: list[ImportResult]) -> None:
    from rich.table import Table

    table = Table("file", "outcome", "why")
    for result in results:
        if result.outcome != "created":
            table.add_row(result.filename, result.outcome, result.reason or "")
    if table.row_count:
        console.print(table)
    counts = Counter(r.outcome for r in results)
    console.print(
        ", ".join(f"{n} {outcome.replace('_', ' ')}" for outcome, n in sorted(counts.items()))
        or "No resume files found."
    )


@candidates_app.command("reparse-migrated")
def reparse_migrated_command(database_url: DatabaseUrlOption = None) -> None:
    """Parse migrated v1.0 resumes that have text; give their candidates real names."""
    from hireflow.candidates.flows.reparse import reparse_migrated
    from hireflow.db.engine import Database
    from hireflow.db.server import resolve_database

    settings = load_settings(database_url)
    target = resolve_database(settings)

    async def run() -> Counter[str]:
        database = Database.connect(target, pool_size=2)
        try:
            with _progress() as bar:
                task = bar.add_task("Re-parsing", total=None)

                def advance(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                return await reparse_migrated(database, on_progress=advance)
        finally:
            await database.dispose()

    try:
        import asyncio

        counts = asyncio.run(run())
    finally:
        target.stop_if_started()
    console.print(
        f"{counts['parsed']} resumes parsed, {counts['renamed']} candidates named, "
        f"{counts['skipped']} kept their provisional name (no confident name found)."
    )
