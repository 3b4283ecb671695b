"""``hireflow calendars check`` and ``hireflow secrets rotate``."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from hireflow.cli_common import DatabaseUrlOption, lazy_console, load_settings

calendars_app = typer.Typer(no_args_is_help=True, help="Calendar connections.")
secrets_app = typer.Typer(no_args_is_help=True, help="Credentials encrypted at rest.")
_out = lazy_console(highlight=False, soft_wrap=True)
_err = lazy_console(stderr=True, highlight=False, soft_wrap=True)


@calendars_app.command("check")
def check(
    caldav_url: Annotated[str, typer.Option("--caldav-url", help="Server or calendar URL.")],
    username: Annotated[str, typer.Option("--username")],
    password_file: Annotated[
        Path, typer.Option("--password-file", help="File holding the (app) password.")
    ],
    from_: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    days: Annotated[int, typer.Option("--days", min=1, max=366)] = 7,
    zone: Annotated[str, typer.Option("--zone", help="The owner's IANA zone.")] = "UTC",
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Print the merged busy intervals hireflow would use (UTC and ZONE), as the server does."""
    from hireflow.calendars.busy import QUERY_SLACK, busy_from_calendars, format_intervals
    from hireflow.calendars.providers.base import CalendarError
    from hireflow.calendars.providers.caldav import CaldavProvider

    try:
        first = date.fromisoformat(from_)
        owner = ZoneInfo(zone)
    except ValueError:
        _err.print(f"[red]--from must be a date like 2026-12-01, not {from_!r}[/red]")
        raise typer.Exit(2) from None
    except ZoneInfoNotFoundError:
        _err.print(f"[red]{zone!r} is not an IANA time zone[/red]")
        raise typer.Exit(2) from None
    try:
        password = password_file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        _err.print(f"[red]Cannot read the password file[/red]: {exc.strerror}")
        raise typer.Exit(2) from None
    start = datetime.combine(first, time(0), tzinfo=owner).astimezone(UTC)
    end = datetime.combine(first + timedelta(days=days), time(0), tzinfo=owner).astimezone(UTC)
    try:
        provider = CaldavProvider(url=caldav_url, username=username, password=password)
        calendars = asyncio.run(provider.events(start - QUERY_SLACK, end + QUERY_SLACK))
    except (ValueError, CalendarError) as exc:
        _err.print(f"[red]Calendar check failed[/red]: {exc}")
        raise typer.Exit(1) from None
    rows = format_intervals(busy_from_calendars(calendars, start, end, zone), zone)
    if as_json:
        _out.print(
            json.dumps(
                {"zone": zone, "from": start.isoformat(), "to": end.isoformat(), "busy": rows},
                indent=2,
            )
        )
        return
    _out.print(f"Busy {start.isoformat()} to {end.isoformat()} ({len(rows)} intervals)")
    for row in rows:
        _out.print(
            f"{row['start_utc']} - {row['end_utc']}   {row['start_local']} - {row['end_local']}"
        )


@secrets_app.command("rotate")
def rotate(database_url: DatabaseUrlOption = None) -> None:
    """Re-encrypt every stored credential under the newest HIREFLOW_SECRET_KEYS key."""
    from hireflow.calendars.credentials import RotationReport, rotate_secrets
    from hireflow.db.engine import Database
    from hireflow.db.server import resolve_database
    from hireflow.db.session import SYSTEM, unit_of_work
    from hireflow.kit.crypto import KeyringError, keyring_from_settings

    settings = load_settings(database_url)
    try:
        keyring = keyring_from_settings(settings)
    except KeyringError as exc:
        _err.print(f"[red]HIREFLOW_SECRET_KEYS is not usable[/red]: {exc}")
        raise typer.Exit(2) from None
    target = resolve_database(settings)

    async def run() -> object:
        database = Database.connect(target, pool_size=1)
        try:
            async with unit_of_work(database.system_sessions, SYSTEM) as session:
                return await rotate_secrets(session, keyring)
        finally:
            await database.dispose()

    try:
        report = asyncio.run(run())
    finally:
        target.stop_if_started()
    assert isinstance(report, RotationReport)
    for table in report.rotated:
        _out.print(
            f"{table}: {report.rotated[table]} re-encrypted, {report.current[table]} already "
            f"under {keyring.current_id!r}, {report.unreadable[table]} unreadable"
        )
    if not report.ok:
        _err.print(
            "[red]Some secrets do not decrypt under any configured key; kept as they are.[/red]"
        )
        raise typer.Exit(1)


@secrets_app.command("new-key")
def generate_key(key_id: Annotated[str, typer.Argument(help="Id for the new key.")]) -> None:
    """Print a fresh key entry to put first in HIREFLOW_SECRET_KEYS."""
    from hireflow.kit.crypto import new_key

    _out.print(f"{key_id}:{new_key()}")
