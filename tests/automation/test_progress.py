"""Live progress of long work through the HTTP API on the real database: a resume's parse,
a failed parse, an AI review, closing and shortlisting a job; counted once when a task runs
twice (a worker restarted), visible to whoever may see it."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation import progress
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor, unit_of_work
from hireflow.interviews import tasks as interview_tasks
from hireflow.kit.time import utcnow
from hireflow.resumes.models import Resume
from hireflow.resumes.tasks import run_process_resume
from tests.factories import SignedIn
from tests.jobs.helpers import make_candidate, resume_text
from tests.jobs.test_jobs_api import _create_job
from tests.resumes import samples
from tests.reviews.conftest import RunJob, offline_settings, resume, run_job

__all__ = ["offline_settings", "resume", "run_job"]  # fixtures of the review tests

CARD = re.compile(r'data-progress-url="/api/progress/([0-9a-f-]{36})"')


async def _progress(client: httpx.AsyncClient, who: SignedIn, pid: str) -> Any:
    response = await client.get(f"/api/progress/{pid}", headers=who.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def _upload(client: httpx.AsyncClient, who: SignedIn) -> dict[str, Any]:
    cid = (
        await client.post(
            "/api/candidates",
            headers=who.headers,
            json={"first_name": "Priya", "last_name": "Raman", "email": "priya@example.test"},
        )
    ).json()["id"]
    uploaded = await client.post(
        f"/api/candidates/{cid}/resumes",
        headers=who.headers,
        files={"file": ("priya.pdf", samples.text_pdf())},
    )
    assert uploaded.status_code == 201, uploaded.text
    return {"candidate_id": cid, **uploaded.json()}


async def test_a_resume_parse_goes_from_queued_to_done_once(
    client: httpx.AsyncClient, people: dict[str, SignedIn], test_database: Database
) -> None:
    senior = people["senior"]
    upload = await _upload(client, senior)
    pid = upload["progress_id"]
    assert pid is not None
    queued = await _progress(client, senior, pid)
    assert queued["kind"] == "resume_parse" and queued["label"] == "Parsing priya.pdf"
    assert (queued["state"], queued["done"], queued["total"], queued["finished"]) == (
        "queued",
        0,
        1,
        False,
    )
    assert queued["words"].startswith("Waiting for a worker")

    page = await client.get(f"/candidates/{upload['candidate_id']}", headers=senior.headers)
    card = CARD.search(page.text)
    assert card is not None and card.group(1) == pid
    assert '<script src="/static/progress.js" defer></script>' in page.text
    assert "onclick" not in page.text and "Refresh</a>" in page.text
    fallback = await client.get(f"/progress/{pid}", headers=senior.headers)
    assert fallback.status_code == 200
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in fallback.text

    await run_process_resume(test_database, upload["resume"]["id"])
    done = await _progress(client, senior, pid)
    assert (done["state"], done["done"], done["failed"], done["percent"]) == ("done", 1, 0, 100)
    assert done["finished"] and done["finished_at"] and done["error"] is None
    # A worker restarted after the commit runs the job again: it counts once.
    await run_process_resume(test_database, upload["resume"]["id"])
    assert (await _progress(client, senior, pid))["done"] == 1
    finished_page = await client.get(f"/progress/{pid}", headers=senior.headers)
    assert (
        'http-equiv="refresh"' not in finished_page.text and "Done: 1 of 1." in finished_page.text
    )

    # Whoever may not see the work gets no record; the script is served from the app itself.
    hidden = await client.get(f"/api/progress/{pid}", headers=people["junior2"].headers)
    assert hidden.status_code == 404
    assert (await client.get(f"/api/progress/{pid}")).status_code == 401
    script = await client.get("/static/progress.js")
    assert script.status_code == 200 and "fetch(url" in script.text
    assert "http" not in re.sub(r"//.*", "", script.text), "no outside requests"


async def test_a_failed_parse_says_why(
    client: httpx.AsyncClient, people: dict[str, SignedIn], test_database: Database
) -> None:
    senior = people["senior"]
    upload = await _upload(client, senior)
    forged = {"user_id": str(senior.user.id), "role": "senior_recruiter", "mac": "0" * 64}
    await run_process_resume(test_database, upload["resume"]["id"], requested_by=forged)
    failed = await _progress(client, senior, upload["progress_id"])
    assert (failed["state"], failed["done"], failed["failed"]) == ("failed", 0, 1)
    assert failed["error"] == "Not processed: the request's identity could not be verified."
    assert failed["words"] == "Finished with errors: 0 of 1 done, 1 failed."
    page = await client.get(f"/progress/{upload['progress_id']}", headers=senior.headers)
    assert "identity could not be verified" in page.text and 'role="alert"' in page.text


async def test_a_review_shows_running_then_done(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    run_job: RunJob,
) -> None:
    junior = people["junior"]
    created = await client.post(
        f"/api/resumes/{resume.id}/reviews",
        json={"target_role": "Backend Engineer", "experience_level": "senior"},
        headers=junior.headers,
    )
    assert created.status_code == 201, created.text
    review_id = created.json()["id"]
    page = await client.get(f"/reviews/{review_id}", headers=junior.headers)
    found = CARD.search(page.text)
    assert found, page.text
    pid = found.group(1)
    before = await _progress(client, junior, pid)
    assert before["kind"] == "review" and before["state"] == "queued"
    assert before["link"] == f"/reviews/{review_id}"
    assert await run_job(review_id) == "completed"
    after = await _progress(client, junior, pid)
    assert (after["state"], after["done"], after["total"]) == ("done", 1, 1)
    # junior2 is not assigned to this candidate, and did not ask for the review
    hidden = await client.get(f"/api/progress/{pid}", headers=people["junior2"].headers)
    assert hidden.status_code == 404


async def test_closing_a_job_tracks_shortlisting_then_invitations(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    test_database: Database,
) -> None:
    senior = people["senior"]
    job = await _create_job(client, senior, number_of_openings=1, shortlisting_buffer=1)
    for index in range(3):
        candidate_id, _ = await make_candidate(
            session, senior.user.id, resume_text(name=f"Close Person {index}")
        )
        added = await client.post(
            f"/api/jobs/{job['id']}/applications",
            headers=senior.headers,
            json={"candidate_id": str(candidate_id)},
        )
        assert added.status_code == 201, added.text
    closed = await client.post(f"/api/jobs/{job['id']}/close", headers=senior.headers)
    assert closed.status_code == 200, closed.text
    page = await client.get(f"/jobs/{job['id']}", headers=senior.headers)
    found = CARD.search(page.text)
    assert found, "the job page shows the close's progress while invitations are sent"
    pid = found.group(1)
    running = await _progress(client, senior, pid)
    assert running["kind"] == "shortlist" and running["job_id"] == job["id"]
    assert (running["state"], running["done"], running["total"]) == ("running", 1, 2)
    assert "inviting" in running["label"]

    # The invitations' task (as the worker runs it) finishes the last step.
    await switch_actor(session, SYSTEM)
    async with unit_of_work(test_database.system_sessions, SYSTEM) as worker:
        await interview_tasks._invite(worker, utcnow(), job["id"])
    done = await _progress(client, senior, pid)
    assert (done["state"], done["done"], done["total"], done["error"]) == ("done", 2, 2, None)


async def test_a_step_that_fails_and_is_retried_says_so_then_fails(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    await switch_actor(session, SYSTEM)
    keys = [progress.item("invite", uuid.uuid4()), progress.item("resume", uuid.uuid4())]
    pid = await progress.start(
        session, progress.Kind.SHORTLIST, "Two steps", keys, actor_id=people["senior"].user.id
    )
    await progress.finish(session, keys[1:])
    await progress.note(session, keys[:1], "Sending the invitations failed. Retrying.")
    retrying = await progress.get(session, pid)
    assert retrying is not None and retrying.state == "running"
    assert retrying.error == "Sending the invitations failed. Retrying."
    await progress.finish(session, keys[:1], error="Sending the invitations failed.")
    await progress.finish(session, keys[:1])  # too late: the item is already settled
    failed = await progress.get(session, pid)
    assert failed is not None
    assert (failed.state, failed.done, failed.failed) == ("failed", 1, 1)
    assert failed.error == "Sending the invitations failed." and failed.finished_at is not None
    empty = await progress.get(
        session,
        await progress.start(session, progress.Kind.IMPORT, "Nothing", [], actor_id=None),
    )
    assert empty is not None and empty.state == "done" and empty.percent == 100
