"""`hireflow users create` gives a fresh install its first admin."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hireflow.cli import app
from hireflow.db.embedded import EmbeddedPostgres


def test_users_create_then_duplicate_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIREFLOW_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("HIREFLOW_DATABASE_URL", raising=False)
    runner = CliRunner()
    try:
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        created = runner.invoke(
            app,
            [
                "users",
                "create",
                "--email",
                "Boss@Example.test",
                "--role",
                "admin",
                "--password",
                "first admin phrase 1",
            ],
        )
        assert created.exit_code == 0, created.output
        assert "boss@example.test" in created.output
        again = runner.invoke(
            app,
            [
                "users",
                "create",
                "--email",
                "boss@example.test",
                "--role",
                "admin",
                "--password",
                "first admin phrase 1",
            ],
        )
        assert again.exit_code == 1
        assert "already exists" in again.output
        weak = runner.invoke(
            app,
            [
                "users",
                "create",
                "--email",
                "w@example.test",
                "--role",
                "junior_recruiter",
                "--password",
                "weak",
            ],
        )
        assert weak.exit_code == 1 and "at least 12 characters" in weak.output
    finally:
        EmbeddedPostgres(tmp_path / "pgdata").stop()
