"""Candidate and resume pages in the browser flow (server-rendered HTML)."""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.roles import Role
from hireflow.candidates.flows.background_import import run_import
from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.resumes.storage import storage_from_settings
from hireflow.resumes.tasks import run_process_resume
from tests.factories import PASSWORD, make_user
from tests.resumes import samples


async def _web_login(client: httpx.AsyncClient, email: str) -> str:
    page = await client.get("/login")
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert token
    await client.post(
        "/login",
        data={
            "email": email,
            "password": PASSWORD,
            "form_token": token.group(1),
            "next": "/candidates",
        },
    )
    listing = await client.get("/candidates")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', listing.text)
    assert csrf
    return csrf.group(1)


async def test_create_upload_and_read_sections_in_pages(
    client: httpx.AsyncClient, session: AsyncSession, test_database: Database
) -> None:
    user = await make_user(session, Role.SENIOR)
    csrf = await _web_login(client, user.email)
    created = await client.post(
        "/candidates", data={"csrf_token": csrf, "first_name": "Jane", "last_name": "Doe"}
    )
    assert created.status_code == 303
    detail_url = created.headers["location"]
    cid = detail_url.rsplit("/", 1)[-1]
    upload = await client.post(
        f"/candidates/{cid}/resumes",
        data={"csrf_token": csrf},
        files={"file": ("jane.pdf", samples.text_pdf())},
    )
    assert upload.status_code == 303
    page = await client.get(f"/candidates/{cid}?notice=uploaded")
    assert "Resume uploaded" in page.text and "jane.pdf" in page.text
    rid = re.search(r'href="/resumes/([0-9a-f-]{36})"', page.text)
    assert rid
    polling = await client.get(f"/resumes/{rid.group(1)}/status")
    assert 'hx-trigger="every 1s"' in polling.text, "the badge polls while processing"
    await run_process_resume(test_database, rid.group(1))
    done = await client.get(f"/resumes/{rid.group(1)}/status")
    assert "completed" in done.text and "hx-trigger" not in done.text
    resume_page = await client.get(f"/resumes/{rid.group(1)}")
    assert resume_page.status_code == 200
    assert 'id="section-1"' in resume_page.text and "Stripe" in resume_page.text
    search = await client.get("/candidates", params={"q": "Doe"})
    assert "Jane Doe" in search.text
    assigned = await client.post(
        f"/candidates/{cid}/assignments",
        data={"csrf_token": csrf, "user_id": str(user.id), "assignment_type": "secondary"},
    )
    assert assigned.status_code == 303
    page = await client.get(f"/candidates/{cid}")
    assert f"{user.first_name} {user.last_name} (secondary)" in page.text


async def test_upload_without_csrf_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    user = await make_user(session, Role.SENIOR)
    csrf = await _web_login(client, user.email)
    created = await client.post(
        "/candidates", data={"csrf_token": csrf, "first_name": "A", "last_name": "B"}
    )
    cid = created.headers["location"].rsplit("/", 1)[-1]
    forged = await client.post(
        f"/candidates/{cid}/resumes", files={"file": ("x.txt", b"some resume text here")}
    )
    assert forged.status_code == 403


async def _queued_import(session: AsyncSession, progress_id: str) -> dict[str, Any]:
    await switch_actor(session, SYSTEM)
    args = await session.scalar(
        text(
            "SELECT args FROM procrastinate_jobs WHERE task_name = 'import_resumes' "
            "AND args->>'progress_id' = :p"
        ),
        {"p": progress_id},
    )
    assert isinstance(args, dict)
    return args


async def test_import_page_runs_in_the_background_and_reports_each_file(
    client: httpx.AsyncClient, session: AsyncSession, test_database: Database, settings: Settings
) -> None:
    user = await make_user(session, Role.JUNIOR)
    csrf = await _web_login(client, user.email)
    response = await client.post(
        "/import",
        data={"csrf_token": csrf},
        files=[
            ("files", ("tom.txt", samples.HEADINGLESS_RESUME.encode())),
            ("files", ("pic.pdf", samples.png_image())),
        ],
    )
    assert response.status_code == 303
    location = response.headers["location"]
    progress_id = location.rsplit("/", 1)[1]
    waiting = await client.get(location)
    assert waiting.status_code == 200
    assert "Waiting for a worker to start (0 of 2 done)." in waiting.text
    assert f'data-progress-url="/api/progress/{progress_id}"' in waiting.text
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in waiting.text

    args = await _queued_import(session, progress_id)
    storage = storage_from_settings(settings)
    run = {"max_bytes": args["max_bytes"], "requested_by": args["requested_by"]}
    assert await run_import(test_database, storage, progress_id, args["files"], **run) == 2
    # A worker restarted after the commits runs the job again: nothing is imported twice.
    assert await run_import(test_database, storage, progress_id, args["files"], **run) == 0
    done = await client.get(location)
    assert "1 created" in done.text and "1 rejected" in done.text
    assert "Finished with errors: 1 of 2 done, 1 failed." in done.text
    assert "pic.pdf: " in done.text and 'http-equiv="refresh"' not in done.text
    assert not any(storage.exists(f["key"]) for f in args["files"]), "staged copies are gone"
