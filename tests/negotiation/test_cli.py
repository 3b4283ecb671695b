"""``hireflow availability parse`` prints what the bot would search, or its question."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hireflow.cli import app

runner = CliRunner()
REF = ["--now", "2027-06-10T09:00", "--zone", "Europe/Berlin"]


def test_json_lists_intervals_with_offsets() -> None:
    result = runner.invoke(app, ["availability", "parse", "Thu 10-12 CET", *REF, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["intervals"] == [
        {
            "start": "2027-06-17T10:00:00+02:00",
            "end": "2027-06-17T12:00:00+02:00",
            "label": "Thu 17 Jun, 10:00–12:00 CEST",
        }
    ]
    assert payload["would_ask"] is False
    assert payload["constraints"]["zone_mentioned"] == "cet"


def test_another_zone_is_printed_in_that_zone() -> None:
    result = runner.invoke(app, ["availability", "parse", "tomorrow at 9am PT", *REF, "--json"])
    payload = json.loads(result.stdout)
    assert payload["intervals"][0]["start"] == "2027-06-11T09:00:00-07:00"


def test_unclear_text_says_it_would_ask() -> None:
    result = runner.invoke(app, ["availability", "parse", "whenever suits", *REF])
    assert result.exit_code == 0
    assert "would ask:" in result.stdout and "intervals" not in result.stdout


def test_human_output_shows_exclusions_and_confidence() -> None:
    text = "any morning next week except Wednesday"
    result = runner.invoke(app, ["availability", "parse", text, *REF])
    assert "ruled out: every Wed" in result.stdout
    assert "confidence: 0.95" in result.stdout
    assert "2027-06-14T08:00:00+02:00" in result.stdout


def test_bad_zone_and_bad_time_are_clear_errors() -> None:
    bad_zone = runner.invoke(app, ["availability", "parse", "Monday", "--zone", "Mars/Base"])
    assert bad_zone.exit_code == 2 and "Unknown time zone" in bad_zone.output
    bad_now = runner.invoke(app, ["availability", "parse", "Monday", "--now", "soon"])
    assert bad_now.exit_code == 2 and "not an ISO date-time" in bad_now.output
