"""The public careers page: anonymous applicants apply with a resume."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, switch_actor
from tests.factories import SignedIn
from tests.jobs.helpers import JOB
from tests.jobs.test_jobs_api import _create_job
from tests.resumes import samples


async def _form(client: httpx.AsyncClient, job_id: str) -> str:
    page = await client.get(f"/careers/{job_id}")
    assert page.status_code == 200
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert token
    return token.group(1)


def _fields(token: str, **extra: str) -> dict[str, str]:
    return {
        "form_token": token,
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane.applicant@example.test",
        "consent": "yes",
        **extra,
    }


async def test_anonymous_applicant_applies_once(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    job = await _create_job(client, people["senior"])
    listing = await client.get("/careers")
    assert JOB["title"] in listing.text
    token = await _form(client, job["id"])
    pdf = samples.text_pdf()
    sent = await client.post(
        f"/careers/{job['id']}/apply", data=_fields(token), files={"resume": ("cv.pdf", pdf)}
    )
    assert sent.status_code == 200, sent.text
    assert "Thank you" in sent.text

    await switch_actor(session, SYSTEM)
    row = (
        await session.execute(
            text(
                "SELECT a.source, c.email, r.original_filename FROM applications a "
                "JOIN candidates c ON c.id = a.candidate_id JOIN resumes r ON r.id = a.resume_id "
                "WHERE a.job_id = :j"
            ),
            {"j": job["id"]},
        )
    ).one()
    assert tuple(row) == ("careers", "jane.applicant@example.test", "cv.pdf")
    queued = await session.scalar(
        text("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'score_application'")
    )
    assert queued and queued >= 1

    token = await _form(client, job["id"])
    again = await client.post(
        f"/careers/{job['id']}/apply", data=_fields(token), files={"resume": ("cv.pdf", pdf)}
    )
    assert again.status_code == 409 and "already applied" in again.text


async def test_bad_submissions_are_refused_clearly(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    job = await _create_job(client, people["senior"])
    token = await _form(client, job["id"])
    url = f"/careers/{job['id']}/apply"
    picture = await client.post(
        url, data=_fields(token), files={"resume": ("cv.pdf", samples.png_image())}
    )
    assert picture.status_code == 415 and "PNG" in picture.text
    no_consent = await client.post(
        url,
        data=_fields(token, consent=""),
        files={"resume": ("cv.txt", b"Jane Doe resume text here")},
    )
    assert no_consent.status_code == 422 and "privacy notice" in no_consent.text
    forged = await client.post(
        url,
        data=_fields("not-the-token"),
        files={"resume": ("cv.txt", b"Jane Doe resume text here")},
    )
    assert forged.status_code == 403
    bot = await client.post(
        url,
        data=_fields(token, website="http://spam.example"),
        files={"resume": ("cv.txt", b"Jane Doe resume text here")},
    )
    assert bot.status_code == 403
    await switch_actor(session, SYSTEM)
    assert (
        await session.scalar(
            text("SELECT count(*) FROM applications WHERE job_id = :j"), {"j": job["id"]}
        )
        == 0
    )

    closed = await client.post(f"/api/jobs/{job['id']}/close", headers=people["senior"].headers)
    assert closed.status_code == 200, closed.text
    assert (await client.get(f"/careers/{job['id']}")).status_code == 404
