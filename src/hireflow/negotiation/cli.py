"""``hireflow availability parse``: what the negotiation bot reads in a message.

Same code path as the bot (``read_availability`` then ``bot.understand``): prints the typed
constraints, the concrete intervals it would search (ISO with offsets, in the zone the
message speaks in), the confidence, and the question it would ask instead of guessing.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from hireflow.cli_common import lazy_console

if TYPE_CHECKING:
    from hireflow.negotiation.parsing.schemas import AvailabilityConstraints, DayChoice

app = typer.Typer(help="Read availability messages the way the negotiation bot does.")
_out = lazy_console(highlight=False, soft_wrap=True)
_err = lazy_console(stderr=True, highlight=False, soft_wrap=True)
# BotSettings().horizon_days, written out so ``--help`` needs no pydantic (a test checks it).
DEFAULT_HORIZON_DAYS = 28


def _reference(now: str | None, zone: str) -> datetime:
    from hireflow.kit.time import utcnow

    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        _err.print(f"[red]Unknown time zone {zone!r}[/red]: use an IANA name like Europe/Berlin.")
        raise typer.Exit(2) from None
    if now is None:
        return utcnow().astimezone(tz)
    try:
        parsed = datetime.fromisoformat(now)
    except ValueError:
        _err.print(f"[red]--now {now!r} is not an ISO date-time[/red] (e.g. 2027-06-10T09:00).")
        raise typer.Exit(2) from None
    return parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed


def _choice(choice: DayChoice) -> str:
    from hireflow.negotiation.parsing.schemas import WEEKDAY_NAMES

    days = [f"{d:%a %d %b}" for d in choice.dates] + [
        f"every {WEEKDAY_NAMES[w]}" for w in choice.weekdays
    ]
    windows = [w.label() for w in choice.windows]
    return f"{', '.join(days) or 'any day'} — {', '.join(windows) or 'working hours'}"


def _print_human(
    constraints: AvailabilityConstraints, rows: list[dict[str, str]], question: str | None
) -> None:
    from hireflow.negotiation.parsing.schemas import WEEKDAY_NAMES

    _out.print(
        f"zone: {constraints.zone}"
        + (f" (from {constraints.zone_mentioned!r})" if constraints.zone_mentioned else "")
    )
    if constraints.date_range:
        _out.print(f"range: {constraints.date_range.first} – {constraints.date_range.last}")
    if constraints.weekday_filter:
        _out.print("weekdays: " + ", ".join(WEEKDAY_NAMES[d] for d in constraints.weekday_filter))
    for choice in constraints.choices:
        _out.print(f"offered: {_choice(choice)}")
    for choice in constraints.exclusions:
        _out.print(f"ruled out: {_choice(choice)}")
    if constraints.parts_of_day:
        _out.print("parts of day: " + ", ".join(constraints.parts_of_day))
    if constraints.wants_person:
        _out.print("asks for a person: the bot escalates")
    for issue in constraints.issues:
        _out.print(f"issue: {issue.kind}: {issue.detail}")
    _out.print(f"confidence: {constraints.confidence:.2f}")
    if question:
        _out.print(f"would ask: {question}")
        return
    _out.print(f"intervals ({len(rows)}):")
    for row in rows:
        _out.print(f"  {row['start']}  {row['end']}  {row['label']}")


@app.command("parse")
def parse(
    text: Annotated[str, typer.Argument(help="The candidate's message.")],
    now: Annotated[str | None, typer.Option(help="Reference time, ISO; naive = in --zone.")] = None,
    zone: Annotated[str, typer.Option(help="The candidate's IANA time zone.")] = "UTC",
    horizon_days: Annotated[int, typer.Option(min=1, max=365)] = DEFAULT_HORIZON_DAYS,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the constraints, the intervals the bot would search, and whether it would ask."""
    from hireflow.negotiation.bot import BotSettings, understand
    from hireflow.negotiation.parsing import read_availability
    from hireflow.negotiation.resolver import describe_interval
    from hireflow.negotiation.wording import language_of

    reference = _reference(now, zone)
    settings = BotSettings(horizon_days=horizon_days)
    constraints = read_availability(text, reference, zone)
    intervals, question = understand(
        constraints, now=reference, settings=settings, language=language_of(text)
    )
    tz = ZoneInfo(constraints.zone)
    rows = [
        {
            "start": i.start.astimezone(tz).isoformat(),
            "end": i.end.astimezone(tz).isoformat(),
            "label": describe_interval(i, constraints.zone),
        }
        for i in intervals
    ]
    if as_json:
        payload = {
            "text": text,
            "now": reference.isoformat(),
            "zone": zone,
            "constraints": constraints.model_dump(mode="json"),
            "intervals": rows,
            "confidence": constraints.confidence,
            "would_ask": question is not None,
            "question": question,
            "escalates": constraints.wants_person,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _print_human(constraints, rows, question)
