"""Scanned resumes (image-only PDFs) are accepted at upload and read by OCR in the background
job: sections and contact fields come out, and the resume page says it was OCR'd."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.roles import Role
from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.resumes.models import Resume, ResumeSectionRow
from hireflow.resumes.scanning import read_scanned_pages
from hireflow.resumes.storage import storage_from_settings
from hireflow.resumes.tasks import run_process_resume
from tests.factories import PASSWORD, SignedIn, make_user

SCANS = Path(__file__).parent / "fixtures" / "realworld"


async def _web_login(client: httpx.AsyncClient, email: str) -> str:
    page = await client.get("/login")
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert token
    await client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "form_token": token.group(1), "next": "/"},
    )
    listing = await client.get("/candidates")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', listing.text)
    assert csrf
    return csrf.group(1)


async def _resume(session: AsyncSession, rid: str) -> Resume:
    await switch_actor(session, SYSTEM)
    resume = await session.get(Resume, uuid.UUID(rid), populate_existing=True)
    assert resume is not None
    return resume


async def test_scanned_english_resume_is_read_by_ocr_in_the_job(
    client: httpx.AsyncClient, session: AsyncSession, test_database: Database, settings: Settings
) -> None:
    user = await make_user(session, Role.SENIOR)
    csrf = await _web_login(client, user.email)
    created = await client.post(
        "/candidates", data={"csrf_token": csrf, "first_name": "Scan", "last_name": "Test"}
    )
    cid = created.headers["location"].rsplit("/", 1)[-1]
    upload = await client.post(
        f"/candidates/{cid}/resumes",
        data={"csrf_token": csrf},
        files={"file": ("scan.pdf", (SCANS / "scanned_english.pdf").read_bytes())},
    )
    assert upload.status_code == 303, upload.text
    page = await client.get(f"/candidates/{cid}")
    rid = re.search(r'href="/resumes/([0-9a-f-]{36})"', page.text)
    assert rid
    waiting = await client.get(f"/resumes/{rid.group(1)}")
    assert "being read by OCR" in waiting.text

    await run_process_resume(test_database, rid.group(1), settings)

    resume = await _resume(session, rid.group(1))
    assert (resume.status, resume.progress) == ("completed", 100)
    assert resume.document["ocr_confidence"] > 0.8
    assert resume.fields["contact"]["email"] == "olivia.bennett@example.com"
    assert resume.fields["contact"]["name"] == "Olivia Bennett"
    assert resume.fields["experience"][0]["employer"] == "Golden Gate Partners LLC"
    sections = await session.scalars(
        select(ResumeSectionRow.section_type).where(ResumeSectionRow.resume_id == resume.id)
    )
    assert {"contact", "experience", "education", "skills"} <= set(sections)
    done = await client.get(f"/resumes/{rid.group(1)}")
    assert "Read by OCR" in done.text and "Golden Gate Partners" in done.text


async def test_scanned_japanese_resume_moves_progress_then_parses(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    test_database: Database,
    settings: Settings,
) -> None:
    senior = people["senior"]
    created = await client.post(
        "/api/candidates", headers=senior.headers, json={"first_name": "花子", "last_name": "田中"}
    )
    cid = created.json()["id"]
    upload = await client.post(
        f"/api/candidates/{cid}/resumes",
        headers=senior.headers,
        files={"file": ("shokumu.pdf", (SCANS / "scanned_japanese.pdf").read_bytes())},
    )
    assert upload.status_code == 201, upload.text
    rid = upload.json()["resume"]["id"]
    assert upload.json()["resume"]["status"] == "pending"

    storage = storage_from_settings(settings)
    assert await read_scanned_pages(test_database, storage, uuid.UUID(rid)) == "read"
    resume = await _resume(session, rid)
    assert (resume.status, resume.progress) == ("processing", 90), "OCR done, parse pending"
    assert "株式会社サンプル商事" in (resume.extracted_text or "")
    again = await read_scanned_pages(test_database, storage, uuid.UUID(rid))
    assert again == "not scanned", "read once"

    await run_process_resume(test_database, rid, settings)
    resume = await _resume(session, rid)
    assert resume.status == "completed"
    assert resume.document["language"] == "ja"
    contact = resume.fields["contact"]
    assert (contact["email"], contact["phone"]) == ("hanako.tanaka@example.jp", "090-1111-2222")
    assert contact["name"].replace(" ", "") == "田中花子"
    assert resume.fields["experience"][0]["employer"] == "株式会社サンプル商事"
    sections = set(
        await session.scalars(
            select(ResumeSectionRow.section_type).where(ResumeSectionRow.resume_id == resume.id)
        )
    )
    assert {"contact", "experience", "education", "certifications"} <= sections


async def test_blank_scan_ends_in_a_clear_error(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    test_database: Database,
    settings: Settings,
) -> None:
    from tests.resumes import samples

    senior = people["senior"]
    created = await client.post(
        "/api/candidates", headers=senior.headers, json={"first_name": "Blank", "last_name": "Scan"}
    )
    upload = await client.post(
        f"/api/candidates/{created.json()['id']}/resumes",
        headers=senior.headers,
        files={"file": ("blank.pdf", samples.scanned_pdf())},
    )
    assert upload.status_code == 201
    rid = upload.json()["resume"]["id"]
    await run_process_resume(test_database, rid, settings)
    resume = await _resume(session, rid)
    assert resume.status == "error"
    assert "OCR" in (resume.error_message or "")
