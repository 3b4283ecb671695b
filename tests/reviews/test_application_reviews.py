"""A review requested for an application, through the HTTP API on the real database: it is
measured against that job's requirement lines (met / partly / missing, with quotes from the
resume), with the job as it stood when the review was asked for."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.resumes.models import Resume
from tests.factories import SignedIn
from tests.resumes import samples
from tests.reviews.conftest import RunJob

JOB = {
    "title": "Senior Backend Engineer",
    "description": "Payments backend in Python.",
    "must_have_skills": ["Python backend development", "PostgreSQL", "Terraform"],
    "nice_to_have_skills": ["Kubernetes"],
    "min_years_experience": 5,
    "education_level": "bachelor",
}


async def _application(
    client: httpx.AsyncClient, who: SignedIn, resume: Resume, **job: object
) -> tuple[dict, dict]:
    created = await client.post("/api/jobs", headers=who.headers, json={**JOB, **job})
    assert created.status_code == 201, created.text
    job_out = created.json()
    applied = await client.post(
        f"/api/jobs/{job_out['id']}/applications",
        headers=who.headers,
        json={"candidate_id": str(resume.candidate_id), "resume_id": str(resume.id)},
    )
    assert applied.status_code == 201, applied.text
    return job_out, applied.json()


async def test_review_for_an_application_names_the_jobs_requirements(
    client: httpx.AsyncClient, people: dict[str, SignedIn], resume: Resume, run_job: RunJob
) -> None:
    senior = people["senior"]
    job, application = await _application(client, senior, resume)
    created = await client.post(
        f"/api/applications/{application['id']}/reviews",
        headers=senior.headers,
        json={"experience_level": "senior"},
    )
    assert created.status_code == 201, created.text
    request = created.json()
    assert request["target_role"] == "Senior Backend Engineer"  # the job's title by default
    assert request["job"]["application_id"] == application["id"]
    assert request["job"]["must_have_skills"] == JOB["must_have_skills"]

    # Editing the job afterwards does not change what this review measures.
    edited = await client.patch(
        f"/api/jobs/{job['id']}",
        headers=senior.headers,
        json={"must_have_skills": ["Rust"]},
    )
    assert edited.status_code == 200, edited.text

    assert await run_job(request["id"]) == "completed"
    done = await client.get(f"/api/reviews/{request['id']}", headers=senior.headers)
    assert done.status_code == 200
    data = done.json()
    report = data["result"]["detailed_scores"]["job_requirements"]
    assert report["job_title"] == "Senior Backend Engineer"
    assert report["job_id"] == job["id"] and report["application_id"] == application["id"]
    assert "PostgreSQL" in report["met"]
    assert "Python backend development" in report["met"] + report["partly"]
    assert report["missing"] == ["Terraform"]
    assert "Kubernetes" in report["nice_to_have_met"] + [
        r["requirement"] for r in report["requirements"] if r["status"] == "partly"
    ]
    for item in report["requirements"]:
        for quote in item["evidence"]:
            assert quote["quote"].rstrip("…") in samples.ENGLISH_RESUME or quote[
                "quote"
            ].startswith("B.S.")
    postgres = next(r for r in report["requirements"] if r["requirement"] == "PostgreSQL")
    assert postgres["evidence"][0]["where"].startswith("Experience ›")

    items = [f for f in data["feedback"] if f["agent"] == "job_requirements"]
    weakness = [f for f in items if f["feedback_type"] == "weakness"]
    assert len(weakness) == 1 and "Terraform" in weakness[0]["feedback_text"]
    assert weakness[0]["rule"] == "job_requirement_missing"
    strengths = [f for f in items if f["feedback_type"] == "strength"]
    assert any("PostgreSQL" in f["feedback_text"] and f["original_text"] for f in strengths)
    # The general review is still there.
    assert any(f["agent"] != "job_requirements" for f in data["feedback"])


async def test_review_of_a_resume_alone_has_no_job_section(
    client: httpx.AsyncClient, people: dict[str, SignedIn], resume: Resume, run_job: RunJob
) -> None:
    senior = people["senior"]
    created = await client.post(
        f"/api/resumes/{resume.id}/reviews", headers=senior.headers, json={}
    )
    assert created.status_code == 201 and created.json()["job"] is None
    assert await run_job(created.json()["id"]) == "completed"
    data = (await client.get(f"/api/reviews/{created.json()['id']}", headers=senior.headers)).json()
    assert "job_requirements" not in (data["result"]["detailed_scores"] or {})
    assert not [f for f in data["feedback"] if f["agent"] == "job_requirements"]


async def test_application_review_needs_a_visible_application(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    session: AsyncSession,
) -> None:
    senior = people["senior"]
    _, application = await _application(client, senior, resume)
    hidden = await client.post(
        f"/api/applications/{application['id']}/reviews",
        headers=people["junior2"].headers,
        json={},
    )
    assert hidden.status_code == 404
    unknown = await client.post(
        f"/api/applications/{uuid.uuid4()}/reviews", headers=senior.headers, json={}
    )
    assert unknown.status_code == 404
