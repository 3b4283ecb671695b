"""Resume text or files to candidate profiles (or the reason they cannot be scored)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hireflow.jobs.scoring.profile import CandidateProfile, Unscorable, candidate_profile
from hireflow.resumes.extraction import extract_document
from hireflow.resumes.parsing import parse_resume


def profile_from_text(text: str | None, *, today: date | None = None) -> CandidateProfile | str:
    """A profile of stored resume text, or an error message saying why there is none."""
    if text is None or not text.strip():
        return "The resume has no extracted text yet (not processed, or extraction failed)."
    return profile_from_bytes(text.encode("utf-8"), "resume.txt", today=today)


def profile_from_bytes(
    data: bytes, filename: str, *, today: date | None = None
) -> CandidateProfile | str:
    try:
        parsed = parse_resume(extract_document(data, filename), today=today)
        return candidate_profile(parsed, today=today)
    except Unscorable as exc:
        return str(exc)
    except Exception as exc:  # extraction errors are typed per format; report, never crash
        return f"The resume could not be read: {exc}"


def profile_from_file(path: Path, *, today: date | None = None) -> CandidateProfile | str:
    return profile_from_bytes(path.read_bytes(), path.name, today=today)
