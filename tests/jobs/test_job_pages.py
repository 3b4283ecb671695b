"""HTML pages: job list and editor, ranked applicants with breakdown, overrides, log."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, switch_actor
from hireflow.jobs import tasks as job_tasks
from tests.factories import SignedIn
from tests.jobs.helpers import make_candidate, resume_text


async def test_job_pages_flow(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior = people["senior"], people["junior"]
    listing = await client.get("/jobs", headers=senior.headers)
    assert listing.status_code == 200 and "New job" in listing.text
    assert "New job" not in (await client.get("/jobs", headers=junior.headers)).text
    created = await client.post(
        "/jobs",
        headers=senior.headers,
        data={
            "title": "Platform Engineer",
            "must_have_skills": "Python, postgres",
            "nice_to_have_skills": "k8s",
            "min_years_experience": "3",
            "education_level": "bachelor",
            "number_of_openings": "1",
            "automation_enabled": "on",
        },
    )
    assert created.status_code == 303, created.text
    url = created.headers["location"]
    invalid = await client.post(
        "/jobs", headers=senior.headers, data={"title": "", "number_of_openings": "0"}
    )
    assert invalid.status_code == 200 and 'role="alert"' in invalid.text

    for start in ("Jan 2015", "Jan 2024"):
        candidate_id, _ = await make_candidate(session, senior.user.id, resume_text(start=start))
        added = await client.post(
            f"{url}/applications", headers=senior.headers, data={"candidate_id": str(candidate_id)}
        )
        assert "Application added" in added.text
    job_id = url.rsplit("/", 1)[1]
    await switch_actor(session, SYSTEM)
    await job_tasks.rescore_job(session, uuid.UUID(job_id))

    page = await client.get(url, headers=senior.headers)
    assert "✓ Python; postgres" in page.text and "Why this score" in page.text
    assert "Experience › Senior Backend Engineer" in page.text  # where the evidence is
    closed = await client.post(f"{url}/close", headers=senior.headers)
    assert "status-shortlisted" in closed.text and "status-buffer" in closed.text
    assert "Buffer health" in closed.text and "ranked" in closed.text
    edited = await client.post(
        url,
        headers=senior.headers,
        data={
            "title": "Platform Engineer",
            "must_have_skills": "Python, postgres",
            "number_of_openings": "2",
            "shortlisting_buffer": "0",
            "education_level": "bachelor",
            "automation_enabled": "on",
        },
    )
    assert edited.status_code == 200 and "Saved" in edited.text
    assert edited.text.count("status status-shortlisted") >= 2


async def test_admins_switch_feature_flags_on_the_jobs_page(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    admin, senior = people["admin"], people["senior"]
    page = await client.get("/jobs", headers=senior.headers)
    assert "global automation" in page.text and "Turn off" not in page.text
    refused = await client.post(
        "/jobs/feature-flags/auto_promotion", headers=senior.headers, data={"enabled": "off"}
    )
    assert refused.status_code == 403
    switched = await client.post(
        "/jobs/feature-flags/auto_promotion", headers=admin.headers, data={"enabled": "off"}
    )
    assert switched.status_code == 303
    flags = (await client.get("/api/feature-flags", headers=admin.headers)).json()
    assert {f["flag_name"]: f["is_enabled"] for f in flags}["auto_promotion"] is False
