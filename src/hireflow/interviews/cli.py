"""``hireflow slots``: the slots a candidate would be offered, computed without a database
by the same functions the server uses (:mod:`hireflow.interviews.availability`)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Annotated

import typer

from hireflow.cli_common import console
from hireflow.interviews.availability import (
    DEFAULT_HOURS,
    Availability,
    describe,
    free_slots,
    label,
    parse_hours,
    zone,
)
from hireflow.kit.errors import BadRequest


def slots(
    zone_name: Annotated[str, typer.Option("--zone", help="The recruiter's IANA zone.")] = "UTC",
    hours: Annotated[str, typer.Option(help="Weekly hours, e.g. 'Mon-Fri 09:00-18:00'.")] = (
        DEFAULT_HOURS
    ),
    length: Annotated[int, typer.Option(min=5, help="Meeting length in minutes.")] = 60,
    from_date: Annotated[
        str | None, typer.Option("--from", help="First local date (YYYY-MM-DD); today if unset.")
    ] = None,
    days: Annotated[int, typer.Option(min=1, max=366, help="Number of local dates.")] = 14,
    show_zone: Annotated[
        str | None, typer.Option(help="Also show each slot in this zone (the candidate's).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the slots a candidate would be offered for a weekly-hours spec."""
    try:
        tz = zone(zone_name)
        shown = zone(show_zone) if show_zone else tz
        first = date.fromisoformat(from_date) if from_date else datetime.now(tz).date()
        availability = Availability(
            zone=zone_name, windows=parse_hours(hours), meeting_minutes=length, horizon_days=days
        )
    except (BadRequest, ValueError) as exc:
        console.print(f"[red]{getattr(exc, 'message', exc)}[/red]")
        raise typer.Exit(2) from None
    # "now" is the start of the first day: every slot of the range is offered.
    now = datetime.combine(first, time(0), tzinfo=tz).astimezone(UTC)
    found = free_slots(availability, now=now, first_day=first, days=days)
    if as_json:
        rows = []
        for slot in found:
            own, other = describe(slot, tz), describe(slot, shown)
            rows.append(
                {
                    "start_utc": own["start_utc"],
                    "end_utc": own["end_utc"],
                    "zone": tz.key,
                    "start": own["start_local"],
                    "end": own["end_local"],
                    "show_zone": shown.key,
                    "show_start": other["start_local"],
                    "show_end": other["end_local"],
                }
            )
        typer.echo(json.dumps(rows, indent=2))
        return
    for slot in found:
        console.print(f"{label(slot.start, tz)}  =  {label(slot.start, shown)}", highlight=False)
    console.print(f"{len(found)} slots", style="dim")
