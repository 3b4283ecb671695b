"""M1: queued jobs carry who asked for them (signed), and the task re-checks what that
identity may still do before it acts; jobs without one are the system's."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, requester_actor, switch_actor
from hireflow.resumes.tasks import run_process_resume
from tests.factories import SignedIn
from tests.resumes import samples


async def _queued_args(session: AsyncSession, task: str, key: str, value: str) -> dict[str, Any]:
    await switch_actor(session, SYSTEM)
    args = await session.scalar(
        text(
            "SELECT args FROM procrastinate_jobs WHERE task_name = :t AND args ->> :k = :v "
            "ORDER BY id DESC LIMIT 1"
        ),
        {"t": task, "k": key, "v": value},
    )
    assert args is not None
    return dict(args)


async def _status(session: AsyncSession, resume_id: str) -> tuple[str, str | None]:
    await switch_actor(session, SYSTEM)
    row = (
        await session.execute(
            text("SELECT status, error_message FROM resumes WHERE id = :r"), {"r": resume_id}
        )
    ).one()
    return row.status, row.error_message


async def _junior_upload(client: httpx.AsyncClient, junior: SignedIn) -> tuple[str, str]:
    cid = (
        await client.post(
            "/api/candidates", headers=junior.headers, json={"first_name": "Ada", "last_name": "L"}
        )
    ).json()["id"]
    upload = await client.post(
        f"/api/candidates/{cid}/resumes",
        headers=junior.headers,
        files={"file": ("ada.pdf", samples.text_pdf())},
    )
    assert upload.status_code == 201, upload.text
    return cid, upload.json()["resume"]["id"]


async def test_a_resume_job_for_a_candidate_the_requester_lost_does_nothing_and_says_why(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    test_database: Database,
    settings: Settings,
) -> None:
    junior = people["junior"]
    cid, resume_id = await _junior_upload(client, junior)
    args = await _queued_args(session, "process_resume", "resume_id", resume_id)
    assert args["requested_by"]["user_id"] == str(junior.user.id)
    assert args["requested_by"]["role"] == "junior_recruiter"
    assert requester_actor(args["requested_by"]) is not None

    await switch_actor(session, SYSTEM)
    await session.execute(
        text(
            "UPDATE user_candidate_assignments SET is_active = false, unassigned_at = now() WHERE candidate_id = :c"
        ),
        {"c": cid},
    )
    await run_process_resume(test_database, resume_id, settings, args["requested_by"])
    status, reason = await _status(session, resume_id)
    assert status == "error" and reason is not None and "can no longer see" in reason
    sections = await session.scalar(
        text("SELECT count(*) FROM resume_sections WHERE resume_id = :r"), {"r": resume_id}
    )
    assert sections == 0


async def test_a_forged_requester_is_refused_and_a_valid_one_runs(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    test_database: Database,
    settings: Settings,
) -> None:
    _, first = await _junior_upload(client, people["junior"])
    args = await _queued_args(session, "process_resume", "resume_id", first)
    forged = {**args["requested_by"], "role": "admin"}
    assert requester_actor(forged) is None
    await run_process_resume(test_database, first, settings, forged)
    assert (await _status(session, first)) == (
        "error",
        "Not processed: the request's identity could not be verified.",
    )

    _, second = await _junior_upload(client, people["junior"])
    args = await _queued_args(session, "process_resume", "resume_id", second)
    await run_process_resume(test_database, second, settings, args["requested_by"])
    assert (await _status(session, second))[0] == "completed"
    # No requester at all: a system-scheduled (or pre-upgrade) job runs as the system.
    assert requester_actor(None) == SYSTEM
    assert requester_actor({"user_id": str(uuid.uuid4()), "role": "system"}) is None
