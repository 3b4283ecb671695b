"""When a job's buffer runs dry, its owner is told on their dashboard."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import SignedIn
from tests.jobs.helpers import make_candidate, resume_text
from tests.jobs.test_jobs_api import _create_job


async def test_owner_is_told_when_the_buffer_is_empty(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, admin = people["senior"], people["admin"]
    job = await _create_job(client, senior, number_of_openings=1, shortlisting_buffer=0)
    candidate_id, _ = await make_candidate(session, senior.user.id, resume_text())
    await client.post(
        f"/api/jobs/{job['id']}/applications",
        headers=senior.headers,
        json={"candidate_id": str(candidate_id)},
    )
    closed = await client.post(f"/api/jobs/{job['id']}/close", headers=senior.headers)
    assert closed.status_code == 200, closed.text
    first = await client.get("/api/notifications", headers=senior.headers)
    assert first.json() == [], first.text

    apps = (await client.get(f"/api/jobs/{job['id']}/applications", headers=senior.headers)).json()
    dropped = await client.post(
        f"/api/applications/{apps[0]['id']}/decision",
        headers=admin.headers,
        json={"action": "dropout", "reason": "declined"},
    )
    assert dropped.status_code == 200, dropped.text

    notices = (await client.get("/api/notifications", headers=senior.headers)).json()
    assert [n["kind"] for n in notices] == ["buffer_empty"]
    assert job["title"] in notices[0]["title"] and notices[0]["link"] == f"/jobs/{job['id']}"
    assert (await client.get("/api/notifications", headers=admin.headers)).json() == [], (
        "only the owner is told"
    )
    home = await client.get("/", headers=senior.headers)
    assert "Needs your attention" in home.text
    read = await client.post(f"/api/notifications/{notices[0]['id']}/read", headers=senior.headers)
    assert read.status_code == 204
    first = await client.get("/api/notifications", headers=senior.headers)
    assert first.json() == [], first.text
    other = await client.post(f"/api/notifications/{notices[0]['id']}/read", headers=admin.headers)
    assert other.status_code == 404
