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


POSTING = """ICU Registered Nurse (Nights)
Location: Denver, CO

Requirements
- Active RN license
- 2+ years of ICU / critical care experience
- BLS and ACLS

Preferred
- CCRN
"""
NURSE = """Jordan Avery, RN, BSN
jordan@example.test

EXPERIENCE
Staff Nurse, CVICU — St. Mary's
Mar 2020 - Present
- Titrated vasoactive drips for post-cardiac-surgery patients.

CERTIFICATIONS
BLS, ACLS, CCRN
"""


def test_job_text_is_understood_and_explained(tmp_path: Path) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text(POSTING)
    nurse, chef = tmp_path / "nurse.txt", tmp_path / "chef.txt"
    nurse.write_text(NURSE)
    chef.write_text(resume_text(title="Line Cook", skills="Knife skills", duties="Grill station."))
    result = runner.invoke(
        app, ["score", "--job-text", str(posting), str(chef), str(nurse), "--today", "2026-11-01"]
    )
    assert result.exit_code == 0, result.output
    assert "Understood from posting.txt" in result.output
    assert "must have: Active RN license" in result.output
    assert "shift: —" in result.output or "shift:" in result.output
    assert result.output.index("1. nurse.txt") < result.output.index("2. chef.txt")
    assert "“Staff Nurse, CVICU" in result.output  # the quoted evidence …
    assert "[Experience › Staff Nurse (2020-03 – now)]" in result.output  # … and where it is
    assert "Score = weighted sum of" in result.output


def test_job_file_as_people_write_it_and_unreadable_fields(tmp_path: Path) -> None:
    job = tmp_path / "job.json"
    written = {
        "title": "Senior Financial Analyst",
        "requirements": ["Advanced Excel", "3+ years of FP&A"],
        "education": "Bachelor's degree in Finance, Accounting, Economics or a related field",
        "experience": "3+ years",
    }
    job.write_text(json.dumps(written))
    resume = tmp_path / "r.txt"
    resume.write_text(resume_text())
    ok = runner.invoke(app, ["score", "--job", str(job), str(resume), "--json"])
    assert ok.exit_code == 0, ok.output
    for field, value, message in (
        ("education", "kindergarten", "education_level"),
        ("experience", "lots", "min_years_experience"),
        ("requirements", ["Excel", "?!"], "must_have_skills[1]"),
    ):
        job.write_text(json.dumps({**written, field: value}))
        result = runner.invoke(app, ["score", "--job", str(job), str(resume)])
        assert result.exit_code == 2 and message in result.output, result.output
    neither = runner.invoke(app, ["score", str(resume)])
    assert neither.exit_code == 2 and "--job-text" in neither.output
