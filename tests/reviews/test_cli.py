"""``hireflow review FILE``: the offline engine on generated files, tables or JSON, and clear
errors with a non-zero exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hireflow.cli import app
from tests.resumes import samples

runner = CliRunner()


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIREFLOW_AI_PROVIDER", "offline")


def test_review_prints_scores_summary_and_feedback(tmp_path: Path) -> None:
    resume = tmp_path / "jane.pdf"
    resume.write_bytes(samples.text_pdf())
    result = runner.invoke(
        app,
        [
            "review",
            str(resume),
            "--role",
            "Backend Engineer",
            "--industry",
            "technology",
            "--level",
            "senior",
        ],
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "comprehensive review" in out
    for score in ("overall", "content", "formatting", "ats"):
        assert score in out
    assert "Summary" in out and "feedback items" in out
    assert "model: offline" in out


def test_review_json_of_a_docx(tmp_path: Path) -> None:
    resume = tmp_path / "cv.docx"
    resume.write_bytes(samples.docx_resume())
    result = runner.invoke(
        app,
        [
            "review",
            str(resume),
            "--role",
            "Data Analyst",
            "--industry",
            "finance",
            "--level",
            "mid",
            "--type",
            "ats_check",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["review_type"] == "ats_check"
    assert 0 <= payload["overall_score"] <= 100 and payload["ats_score"] is not None
    assert isinstance(payload["feedback"], list)


@pytest.mark.parametrize(
    ("name", "data"),
    [("photo.png", samples.png_image()), ("locked.pdf", samples.encrypted_pdf())],
)
def test_bad_files_fail_clearly(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["review", str(path), "--role", "Engineer"])
    assert result.exit_code == 1
    assert f"Cannot review {name}" in result.output
    assert "Traceback" not in result.output


def test_missing_file_and_bad_level(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["review", str(tmp_path / "nope.pdf")])
    assert missing.exit_code == 2 and "No such file" in missing.output
    resume = tmp_path / "jane.pdf"
    resume.write_bytes(samples.text_pdf())
    bad = runner.invoke(app, ["review", str(resume), "--level", "guru"])
    assert bad.exit_code == 2
