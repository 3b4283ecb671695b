"""``hireflow score --job JOB.json RESUME...``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hireflow.cli import app
from tests.jobs.helpers import JOB, resume_text

runner = CliRunner()


def test_scores_and_ranks_local_files(tmp_path: Path) -> None:
    job = tmp_path / "job.json"
    job.write_text(json.dumps(JOB))
    strong, weak, empty = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    strong.write_text(resume_text(start="Jan 2015"))
    weak.write_text(resume_text(title="Designer", skills="Figma", duties="Posters."))
    empty.write_text("")
    result = runner.invoke(
        app,
        [
            "score",
            "--job",
            str(job),
            str(weak),
            str(empty),
            str(strong),
            "--json",
            "--today",
            "2026-11-01",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert [Path(r["file"]).name for r in payload["results"]] == ["a.txt", "b.txt", "c.txt"]
    assert [r["rank"] for r in payload["results"]] == [1, 2, 3]
    assert payload["results"][2]["fit_score"] is None and payload["results"][2]["error"]
    assert payload["results"][0]["breakdown"]["must_have_missing"] == []

    table = runner.invoke(app, ["score", "--job", str(job), str(strong)])
    assert table.exit_code == 0 and "a.txt" in table.output


def test_bad_job_file_is_a_clear_error(tmp_path: Path) -> None:
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"description": "no title"}))
    resume = tmp_path / "r.txt"
    resume.write_text(resume_text())
    result = runner.invoke(app, ["score", "--job", str(job), str(resume)])
    assert result.exit_code == 2
    assert "title" in result.output
