"""`hireflow calendars check` prints the busy time the server would use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from hireflow.cli import app
from tests.calendars.conftest import USERS
from tests.calendars.radicale_server import RadicaleServer
from tests.calendars.test_caldav import WEEKLY_BERLIN, vcal


def test_check_prints_merged_busy_intervals_in_utc_and_zone(
    radicale_server: RadicaleServer, dav_calendar: Any, tmp_path: Path
) -> None:
    dav_calendar.save_event(vcal(WEEKLY_BERLIN))
    password = tmp_path / "password"
    password.write_text(USERS["alice"] + "\n")
    args = [
        "calendars",
        "check",
        "--caldav-url",
        str(dav_calendar.url),
        "--username",
        "alice",
        "--password-file",
        str(password),
        "--from",
        "2026-10-12",
        "--days",
        "28",
        "--zone",
        "Europe/Berlin",
    ]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [(b["start_utc"], b["start_local"]) for b in report["busy"]] == [
        ("2026-10-15T08:00:00Z", "2026-10-15T10:00:00+02:00"),
        ("2026-10-29T13:00:00Z", "2026-10-29T14:00:00+01:00"),
        ("2026-11-05T09:00:00Z", "2026-11-05T10:00:00+01:00"),
    ]
    table = CliRunner().invoke(app, args)
    assert table.exit_code == 0 and "3 intervals" in table.output

    wrong = tmp_path / "wrong"
    wrong.write_text("nope")
    refused = CliRunner().invoke(app, [*args[:7], str(wrong), *args[8:]])
    assert refused.exit_code == 1
    assert "refused" in refused.output and "nope" not in refused.output
