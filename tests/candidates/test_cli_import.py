"""`hireflow import resumes` and `hireflow candidates reparse-migrated` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from hireflow.cli import app
from hireflow.config import Settings
from hireflow.db.embedded import EmbeddedPostgres
from hireflow.db.server import resolve_database
from tests.resumes import samples


def test_import_folder_then_reparse_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIREFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("HIREFLOW_DATABASE_URL", raising=False)
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "jane.pdf").write_bytes(samples.text_pdf())
    (folder / "yamada.txt").write_text(samples.JAPANESE_RESUME, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(samples.png_image())
    (folder / "notes.md").write_text("ignored: not a resume type")
    runner = CliRunner()
    try:
        assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
        assert (
            runner.invoke(
                app,
                [
                    "users",
                    "create",
                    "--email",
                    "rec@example.test",
                    "--role",
                    "senior_recruiter",
                    "--password",
                    "import phrase 1234",
                ],
            ).exit_code
            == 0
        )
        result = runner.invoke(app, ["import", "resumes", str(folder), "--as", "rec@example.test"])
        assert result.exit_code == 0, result.output
        assert "2 created" in result.output and "1 rejected" in result.output
        assert "broken.pdf" in result.output

        settings = Settings(data_dir=tmp_path / "data")
        target = resolve_database(settings)
        engine = create_engine(target.system_url)
        with engine.begin() as conn:  # a migrated v1.0 resume: text, a provisional name, no parse
            conn.execute(
                text("""
                WITH c AS (INSERT INTO candidates (first_name, last_name, metadata)
                           VALUES ('Candidate', 'Resume-職務経歴書', '{"name_source": "file_name"}')
                           RETURNING id)
                INSERT INTO resumes (candidate_id, uploaded_by_user_id, original_filename,
                                     stored_filename, file_hash, file_size, mime_type, status,
                                     extracted_text)
                SELECT c.id, u.id, 'cv.pdf', 'cv.pdf', repeat('c', 64), 10, 'application/pdf',
                       'completed', :text FROM c, users u LIMIT 1"""),
                {"text": samples.ENGLISH_RESUME},
            )
        reparse = runner.invoke(app, ["candidates", "reparse-migrated"])
        assert reparse.exit_code == 0, reparse.output
        assert "1 resumes parsed, 1 candidates named" in reparse.output
        with engine.begin() as conn:
            names = conn.execute(
                text(
                    "SELECT first_name, last_name, metadata->>'name_source' FROM candidates "
                    "WHERE metadata->>'name_source' = 'resume' ORDER BY first_name"
                )
            ).all()
        engine.dispose()
        assert ("Jane", "Doe", "resume") in names
    finally:
        EmbeddedPostgres(tmp_path / "data" / "pgdata").stop()
