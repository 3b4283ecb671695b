"""M6: one access rule for juniors. A junior on a job's hiring team sees that job's
applicants and their candidate pages (database, API and pages alike); a junior who is not
on the team sees none of it; team access ends with the membership."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, Actor, switch_actor
from tests.factories import SignedIn
from tests.jobs.helpers import JOB, make_candidate, resume_text


def _as(person: SignedIn) -> Actor:
    return Actor(person.user.id, person.user.role)


async def _count(session: AsyncSession, sql: str, **params: object) -> int:
    return int(await session.scalar(text(sql), params) or 0)


async def _team_job_with_applicant(
    session: AsyncSession, people: dict[str, SignedIn]
) -> tuple[uuid.UUID, uuid.UUID]:
    await switch_actor(session, SYSTEM)
    job_id = uuid.uuid4()
    await session.execute(
        text("INSERT INTO jobs (id, title, shortlisting_buffer) VALUES (:id, 'Team job', 1)"),
        {"id": job_id},
    )
    await session.execute(
        text("INSERT INTO job_team_members (job_id, user_id) VALUES (:j, :u)"),
        {"j": job_id, "u": people["junior"].user.id},
    )
    candidate_id, _ = await make_candidate(session, people["senior"].user.id, "text")
    await session.execute(
        text("INSERT INTO applications (job_id, candidate_id) VALUES (:j, :c)"),
        {"j": job_id, "c": candidate_id},
    )
    return job_id, candidate_id


async def test_the_database_shows_team_applicants_to_team_juniors_only(
    session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    job_id, candidate_id = await _team_job_with_applicant(session, people)
    candidate = "SELECT count(*) FROM candidates WHERE id = :c"
    resumes = "SELECT count(*) FROM resumes WHERE candidate_id = :c"

    await switch_actor(session, _as(people["junior"]))
    assert await _count(session, candidate, c=candidate_id) == 1
    assert await _count(session, resumes, c=candidate_id) == 1
    # Seen through the team only: the junior cannot make it their own (an assignment).
    with pytest.raises(DBAPIError, match="job team"):
        async with session.begin_nested():
            await session.execute(
                text(
                    "INSERT INTO user_candidate_assignments (user_id, candidate_id, "
                    "assigned_by_user_id) VALUES (:u, :c, :u)"
                ),
                {"u": people["junior"].user.id, "c": candidate_id},
            )

    await switch_actor(session, _as(people["junior2"]))
    assert await _count(session, candidate, c=candidate_id) == 0
    assert await _count(session, resumes, c=candidate_id) == 0

    await switch_actor(session, SYSTEM)
    await session.execute(text("DELETE FROM job_team_members WHERE job_id = :j"), {"j": job_id})
    await switch_actor(session, _as(people["junior"]))
    assert await _count(session, candidate, c=candidate_id) == 0
    assert (
        await _count(session, "SELECT count(*) FROM applications WHERE job_id = :j", j=job_id) == 0
    )


async def _api_job(client: httpx.AsyncClient, people: dict[str, SignedIn]) -> dict[str, Any]:
    response = await client.post(
        "/api/jobs",
        headers=people["senior"].headers,
        json={**JOB, "team_member_ids": [str(people["junior"].user.id)]},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_api_and_pages_follow_the_same_rule(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    job = await _api_job(client, people)
    candidate_id, _ = await make_candidate(session, people["senior"].user.id, resume_text())
    applied = await client.post(
        f"/api/jobs/{job['id']}/applications",
        headers=people["senior"].headers,
        json={"candidate_id": str(candidate_id)},
    )
    assert applied.status_code == 201, applied.text
    on_team, off_team = people["junior"].headers, people["junior2"].headers

    listed = await client.get(f"/api/jobs/{job['id']}/applications", headers=on_team)
    assert [a["candidate_id"] for a in listed.json()] == [str(candidate_id)]
    assert (await client.get(f"/api/candidates/{candidate_id}", headers=on_team)).status_code == 200
    page = await client.get(f"/candidates/{candidate_id}", headers=on_team)
    assert page.status_code == 200 and job["title"] in page.text
    job_page = await client.get(f"/jobs/{job['id']}", headers=on_team)
    assert job_page.status_code == 200 and f"/candidates/{candidate_id}" in job_page.text
    mine = await client.get("/api/candidates", headers=on_team)
    assert str(candidate_id) in [c["id"] for c in mine.json()["items"]]

    for path in (
        f"/api/candidates/{candidate_id}",
        f"/api/applications/{applied.json()['id']}",
        f"/api/jobs/{job['id']}",
    ):
        assert (await client.get(path, headers=off_team)).status_code == 404, path
    assert (await client.get(f"/candidates/{candidate_id}", headers=off_team)).status_code == 404
    others = await client.get("/api/candidates", headers=off_team)
    assert str(candidate_id) not in [c["id"] for c in others.json()["items"]]
