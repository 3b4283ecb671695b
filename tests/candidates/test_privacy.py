"""Data-subject requests: export everything, erase everything (files too), log no one."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.resumes.storage import LocalStorage
from hireflow.resumes.tasks import run_delete_files, run_process_resume
from tests.factories import SignedIn
from tests.resumes import samples


async def test_export_then_erase(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    test_database: Database,
    settings: Settings,
) -> None:
    senior = people["senior"]
    cid = (
        await client.post(
            "/api/candidates",
            headers=senior.headers,
            json={"first_name": "Erika", "last_name": "Mustermann", "email": "erika@example.test"},
        )
    ).json()["id"]
    pdf = samples.text_pdf()
    upload = (
        await client.post(
            f"/api/candidates/{cid}/resumes",
            headers=senior.headers,
            files={"file": ("erika.pdf", pdf)},
        )
    ).json()["resume"]
    await run_process_resume(test_database, upload["id"])
    other = (
        await client.post(
            "/api/candidates",
            headers=senior.headers,
            json={"first_name": "Other", "last_name": "Person"},
        )
    ).json()["id"]
    await client.post(
        f"/api/candidates/{other}/resumes",
        headers=senior.headers,
        files={"file": ("same-bytes.pdf", pdf)},
    )
    docx = (
        await client.post(
            f"/api/candidates/{cid}/resumes",
            headers=senior.headers,
            files={"file": ("erika.docx", samples.docx_resume())},
        )
    ).json()

    await switch_actor(session, SYSTEM)
    prompt_id = await session.scalar(
        text(
            "INSERT INTO prompts (name, template, prompt_type, agent_type) VALUES "
            "('privacy-test', 't', 'analysis', 'base_agent') RETURNING id"
        )
    )
    request_id = await session.scalar(
        text(
            "INSERT INTO review_requests (resume_id, requested_by_user_id) VALUES (:r, :u) "
            "RETURNING id"
        ),
        {"r": upload["id"], "u": senior.user.id},
    )
    await session.execute(
        text(
            "INSERT INTO prompt_usage_history (prompt_id, agent_name, review_request_id, "
            "actual_prompt) VALUES (:p, 'base_agent', :q, 'Erika Mustermann ...')"
        ),
        {"p": prompt_id, "q": request_id},
    )
    exported = await client.get(f"/api/candidates/{cid}/export", headers=senior.headers)
    assert exported.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    payload = json.loads(archive.read("candidate.json"))
    assert payload["candidate"]["email"] == "erika@example.test"
    assert len(payload["resumes"]) == 2 and payload["resumes"][1]["sections"]
    assert archive.read("files/v1_erika.pdf") == pdf

    erased = await client.delete(f"/api/candidates/{cid}", headers=senior.headers)
    assert erased.status_code == 200, erased.text
    assert erased.json()["resumes"] == 2 and erased.json()["files_deleted"] == 1
    assert (await client.get(f"/api/candidates/{cid}", headers=senior.headers)).status_code == 404

    await switch_actor(session, SYSTEM)
    leftovers = await session.scalar(
        text(
            "SELECT count(*) FROM activity_logs WHERE (coalesce(old_values::text, '') || "
            "coalesce(new_values::text, '')) LIKE '%Erika%' OR "
            "(coalesce(old_values::text, '') || coalesce(new_values::text, '')) LIKE '%erika%'"
        )
    )
    assert leftovers == 0, "no personal data stays in the activity log"
    assert (
        await session.scalar(
            text("SELECT count(*) FROM prompt_usage_history WHERE actual_prompt LIKE '%Erika%'")
        )
        == 0
    )
    keys = await session.scalar(
        text(
            "SELECT args->'storage_keys' FROM procrastinate_jobs "
            "WHERE task_name = 'delete_resume_files' ORDER BY id DESC LIMIT 1"
        )
    )
    storage = LocalStorage(settings.files_dir)
    docx_key = (
        f"sha256/{docx['resume']['file_hash'][:2]}/{docx['resume']['file_hash'][2:4]}/"
        f"{docx['resume']['file_hash']}"
    )
    assert keys == [docx_key], "the PDF is still used by another candidate"
    assert storage.exists(docx_key), "files go only after the erasure commits"
    await run_delete_files(test_database, settings, keys)
    assert not storage.exists(docx_key)
    pdf_key = f"sha256/{upload['file_hash'][:2]}/{upload['file_hash'][2:4]}/{upload['file_hash']}"
    assert storage.exists(pdf_key)
