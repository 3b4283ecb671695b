"""The job page as a recruiter's workbench: applicants by name, the candidate picker, the
pipeline by stage, bulk decisions, "declined" shown as such and undone by a senior."""

from __future__ import annotations

import re
import uuid

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, switch_actor
from hireflow.jobs import tasks as job_tasks
from tests.factories import SignedIn
from tests.jobs.helpers import make_candidate, resume_text


async def named_candidate(
    session: AsyncSession,
    uploader: uuid.UUID,
    first: str,
    last: str,
    *,
    start: str = "Jan 2015",
    email: str | None = None,
) -> uuid.UUID:
    candidate_id, _ = await make_candidate(session, uploader, resume_text(start=start))
    await session.execute(
        text("UPDATE candidates SET first_name = :f, last_name = :l, email = :e WHERE id = :id"),
        {
            "f": first,
            "l": last,
            "e": email or f"{first}.{last}@example.test".lower(),
            "id": candidate_id,
        },
    )
    return candidate_id


async def _job(client: httpx.AsyncClient, senior: SignedIn, openings: int = 1) -> str:
    created = await client.post(
        "/jobs",
        headers=senior.headers,
        data={
            "title": "Platform Engineer",
            "must_have_skills": "Python, postgres",
            "number_of_openings": str(openings),
            "shortlisting_buffer": "1",
            "education_level": "none",
            "automation_enabled": "on",
        },
    )
    assert created.status_code == 303, created.text
    return str(created.headers["location"])


async def test_applicants_are_added_by_typed_name_and_listed_by_name(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    url = await _job(client, senior)
    grace = await named_candidate(session, senior.user.id, "Grace", "Hopper")
    await named_candidate(session, senior.user.id, "Grace", "Kelly")
    suggestions = await client.get(
        "/candidates/suggest", headers=senior.headers, params={"q": "Hopper"}
    )
    assert str(grace) in {o["id"] for o in suggestions.json()["options"]}
    ambiguous = await client.post(
        f"{url}/applications", headers=senior.headers, data={"candidate": "Grace"}
    )
    assert ambiguous.status_code == 422 and "Several candidates match" in ambiguous.text
    assert "Grace Kelly" in ambiguous.text and f'value="{grace}"' in ambiguous.text
    unknown = await client.post(
        f"{url}/applications", headers=senior.headers, data={"candidate": "Nobody Here"}
    )
    assert unknown.status_code == 422 and "No candidate matches" in unknown.text
    assert "Not a candidate id" not in unknown.text
    added = await client.post(
        f"{url}/applications", headers=senior.headers, data={"candidate": "Grace Hopper"}
    )
    assert "Application added" in added.text
    page = await client.get(url, headers=senior.headers)
    assert f'<a href="/candidates/{grace}">Grace Hopper</a>' in page.text
    assert "<style" not in page.text, "styles live in app.css (the CSP forbids inline ones)"
    candidate_page = await client.get(f"/candidates/{grace}", headers=senior.headers)
    assert (
        "Platform Engineer" in candidate_page.text and "stage status-pending" in candidate_page.text
    )


async def test_declined_shows_as_declined_and_only_a_senior_undoes_it(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior = people["senior"], people["junior"]
    url = await _job(client, senior)
    job_id = uuid.UUID(url.rsplit("/", 1)[1])
    ada = await named_candidate(session, senior.user.id, "Ada", "Lovelace")
    alan = await named_candidate(session, senior.user.id, "Alan", "Turing", start="Jan 2024")
    for cid in (ada, alan):
        await client.post(
            f"{url}/applications", headers=senior.headers, data={"candidate_id": str(cid)}
        )
    await switch_actor(session, SYSTEM)
    await job_tasks.rescore_job(session, job_id)
    await client.post(f"{url}/close", headers=senior.headers)
    page = await client.get(url, headers=senior.headers)
    shortlisted = re.search(r'name="application_id" value="([0-9a-f-]{36})"', page.text)
    assert shortlisted
    rows = (
        await session.execute(
            text("SELECT id, shortlist_status FROM applications WHERE job_id = :j"), {"j": job_id}
        )
    ).all()
    top = next(r.id for r in rows if r.shortlist_status == "shortlisted")
    declined = await client.post(
        f"/applications/{top}/decision",
        headers=senior.headers,
        data={"action": "dropout", "reason": "declined"},
    )
    assert declined.status_code == 200
    assert 'status status-declined">declined' in declined.text
    assert "Undo declined" in declined.text
    await client.patch(  # the junior joins the hiring team: sees the job, may not undo
        f"/api/jobs/{job_id}",
        headers=senior.headers,
        json={"team_member_ids": [str(junior.user.id)]},
    )
    junior_page = await client.get(url, headers=junior.headers)
    assert junior_page.status_code == 200 and "Undo declined" not in junior_page.text
    refused = await client.post(
        f"/applications/{top}/decision", headers=junior.headers, data={"action": "reinstate"}
    )
    assert refused.status_code == 403
    undone = await client.post(
        f"/applications/{top}/decision", headers=senior.headers, data={"action": "reinstate"}
    )
    assert undone.status_code == 200 and 'role="alert"' not in undone.text
    status, reason = (
        await session.execute(
            text("SELECT shortlist_status, dropout_reason FROM applications WHERE id = :a"),
            {"a": top},
        )
    ).one()
    assert status in ("pending", "buffer") and reason is None


async def test_bulk_reject_and_the_pipeline_by_stage(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    url = await _job(client, senior, openings=2)
    ids = [
        await named_candidate(session, senior.user.id, first, "Bulk")
        for first in ("Ann", "Ben", "Cai")
    ]
    for cid in ids:
        await client.post(
            f"{url}/applications", headers=senior.headers, data={"candidate_id": str(cid)}
        )
    page = await client.get(url, headers=senior.headers)
    assert 'id="pipeline-h"' in page.text and "Ann Bulk" in page.text
    application_ids = re.findall(r'name="application_id" value="([0-9a-f-]{36})"', page.text)
    assert len(application_ids) == 3
    nothing = await client.post(f"{url}/bulk", headers=senior.headers, data={"action": "reject"})
    assert "Select applicants first" in nothing.text
    bulk = await client.post(
        f"{url}/bulk",
        headers=senior.headers,
        data={"action": "reject", "application_id": application_ids[:2]},
    )
    assert "Rejected: 2 of 2." in bulk.text
    rejected = re.search(r'id="col-rejected">.*?</h3>', bulk.text, re.S)
    assert rejected and "2</h3>" in rejected.group(0)
    counts = (
        await session.execute(
            text(
                "SELECT shortlist_status, count(*) FROM applications "
                "WHERE id = ANY(CAST(:ids AS uuid[])) GROUP BY 1"
            ),
            {"ids": application_ids},
        )
    ).all()
    assert dict(counts) == {"rejected": 2, "pending": 1}


async def test_a_junior_on_no_hiring_team_is_told_why_no_job_shows(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior, junior = people["senior"], people["junior"]
    await _job(client, senior)
    assert "Platform Engineer" in (await client.get("/jobs", headers=senior.headers)).text
    page = await client.get("/jobs", headers=junior.headers)
    assert "Platform Engineer" not in page.text
    assert "not on the hiring team of any job" in page.text and "No jobs yet." not in page.text
