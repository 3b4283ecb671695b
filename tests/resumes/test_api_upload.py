"""Uploading resumes through the API: versions, processing, sections, fields, bad files."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.resumes.models import Resume
from hireflow.resumes.storage import LocalStorage
from hireflow.resumes.tasks import run_process_resume
from tests.factories import SignedIn
from tests.resumes import samples


async def _candidate(client: httpx.AsyncClient, who: SignedIn, **fields: str) -> str:
    body = {"first_name": "Jane", "last_name": "Doe", **fields}
    response = await client.post("/api/candidates", headers=who.headers, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _upload(
    client: httpx.AsyncClient, who: SignedIn, cid: str, name: str, data: bytes
) -> httpx.Response:
    return await client.post(
        f"/api/candidates/{cid}/resumes",
        headers=who.headers,
        files={"file": (name, data, "application/octet-stream")},
    )


async def test_upload_process_and_versions(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    test_database: Database,
    session: AsyncSession,
    settings: Settings,
) -> None:
    senior = people["senior"]
    cid = await _candidate(client, senior)
    pdf = samples.text_pdf()
    first = await _upload(client, senior, cid, "jane.pdf", pdf)
    assert first.status_code == 201, first.text
    resume = first.json()["resume"]
    assert (resume["status"], resume["version_number"], resume["mime_type"]) == (
        "pending",
        1,
        "application/pdf",
    )
    assert LocalStorage(settings.files_dir).exists(
        f"sha256/{resume['file_hash'][:2]}/{resume['file_hash'][2:4]}/{resume['file_hash']}"
    )
    queued = await session.scalar(
        text(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'process_resume' "
            "AND args->>'resume_id' = :r"
        ),
        {"r": resume["id"]},
    )
    assert queued == 1, "processing is queued in the upload's own transaction"

    await run_process_resume(test_database, resume["id"])
    detail = (await client.get(f"/api/resumes/{resume['id']}", headers=senior.headers)).json()
    assert (detail["status"], detail["progress"], detail["error_message"]) == (
        "completed",
        100,
        None,
    )
    assert "Stripe" in detail["extracted_text"]
    sections = (
        await client.get(f"/api/resumes/{resume['id']}/sections", headers=senior.headers)
    ).json()
    types = [s["section_type"] for s in sections]
    assert {"experience", "education", "skills"} <= set(types)
    for section in sections:
        start, end = section["start_position"], section["end_position"]
        assert detail["extracted_text"][start:end] == section["content"]
    candidate = (await client.get(f"/api/candidates/{cid}", headers=senior.headers)).json()
    assert candidate["email"] == "jane.doe@example.com", "blank fields are filled from the resume"
    assert candidate["first_name"] == "Jane", "what a person typed is kept"

    again = await _upload(client, senior, cid, "renamed.pdf", pdf)
    assert again.status_code == 200 and again.json()["created"] is False
    assert again.json()["resume"]["id"] == resume["id"]
    second = await _upload(client, senior, cid, "jane.docx", samples.docx_resume())
    assert second.status_code == 201 and second.json()["resume"]["version_number"] == 2
    versions = (await client.get(f"/api/candidates/{cid}/resumes", headers=senior.headers)).json()
    assert [v["version_number"] for v in versions] == [2, 1]

    download = await client.get(f"/api/resumes/{resume['id']}/file", headers=senior.headers)
    assert download.status_code == 200 and download.content == pdf
    assert download.headers["content-disposition"].startswith("attachment")


async def test_processing_twice_is_harmless(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    test_database: Database,
    session: AsyncSession,
) -> None:
    senior = people["senior"]
    cid = await _candidate(client, senior)
    rid = (await _upload(client, senior, cid, "cv.txt", samples.ENGLISH_RESUME.encode())).json()[
        "resume"
    ]["id"]
    await run_process_resume(test_database, rid)
    await run_process_resume(test_database, rid)
    await switch_actor(session, SYSTEM)
    count = await session.scalar(
        text("SELECT count(*) FROM resume_sections WHERE resume_id = :r"), {"r": rid}
    )
    sections = (await client.get(f"/api/resumes/{rid}/sections", headers=senior.headers)).json()
    assert count == len(sections) > 0


BAD_FILES = [
    ("photo.pdf", samples.png_image, 415, "PNG"),
    ("setup.pdf", samples.windows_executable, 415, ""),
    ("old.doc", samples.legacy_doc, 415, ""),
    ("locked.pdf", samples.encrypted_pdf, 422, "password"),
    ("locked.docx", samples.encrypted_docx, 422, ""),
    ("bomb.docx", samples.zip_bomb_docx, 422, ""),
    ("sneaky.docx", samples.path_traversal_docx, 422, ""),
    ("broken.pdf", lambda: samples.text_pdf()[:900], 422, ""),
]


@pytest.mark.parametrize(
    ("name", "make", "status", "hint"), BAD_FILES, ids=[b[0] for b in BAD_FILES]
)
async def test_bad_files_get_a_clear_error_and_leave_nothing(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    settings: Settings,
    name: str,
    make: object,
    status: int,
    hint: str,
) -> None:
    senior = people["senior"]
    cid = await _candidate(client, senior)
    response = await _upload(client, senior, cid, name, make())  # type: ignore[operator]
    assert response.status_code == status, response.text
    message = response.json()["error"]["message"]
    assert len(message) > 15 and hint.lower() in message.lower()
    await switch_actor(session, SYSTEM)
    assert (
        await session.scalar(
            select(func.count()).select_from(Resume).where(Resume.candidate_id == uuid.UUID(cid))
        )
        == 0
    )


async def test_oversized_upload_is_refused(
    client: httpx.AsyncClient, people: dict[str, SignedIn], settings: Settings
) -> None:
    senior = people["senior"]
    cid = await _candidate(client, senior)
    big = b"%PDF-1.7\n" + b"0" * (settings.max_upload_bytes + 10)
    response = await _upload(client, senior, cid, "big.pdf", big)
    assert response.status_code == 413
    assert "limit" in response.json()["error"]["message"]


async def test_juniors_cannot_upload_to_unassigned_candidates(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    cid = await _candidate(client, people["senior"])
    response = await _upload(client, people["junior"], cid, "cv.txt", b"Some resume text here")
    assert response.status_code == 404
