"""Editing a job: one behaviour for the API and the page (``jobs/editing.py``).

The shortlist is rebalanced when the openings or the buffer size change, and only then: a
page save (which sends every field) or an API call repeating the same size moves nobody.
"""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import SignedIn
from tests.jobs.helpers import JOB, make_candidate, resume_text


async def _statuses(client: httpx.AsyncClient, who: SignedIn, job_id: str) -> list[str]:
    apps = (await client.get(f"/api/jobs/{job_id}/applications", headers=who.headers)).json()
    return [a["shortlist_status"] for a in apps]


async def test_api_and_page_rebalance_only_when_the_size_changes(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    admin, senior = people["admin"], people["senior"]
    created = await client.post(
        "/api/jobs",
        headers=senior.headers,
        json={**JOB, "number_of_openings": 1, "shortlisting_buffer": 1},
    )
    job = created.json()
    for body in (resume_text(), resume_text(start="Jan 2022"), resume_text(start="Jan 2024")):
        candidate_id, _ = await make_candidate(session, senior.user.id, body)
        await client.post(
            f"/api/jobs/{job['id']}/applications",
            headers=senior.headers,
            json={"candidate_id": str(candidate_id)},
        )
    # Automation off: a dropout leaves its slot open (nobody promoted from the buffer).
    await client.put(
        "/api/feature-flags/global_automation", headers=admin.headers, json={"is_enabled": False}
    )
    assert (await client.post(f"/api/jobs/{job['id']}/close", headers=senior.headers)).json()["ran"]
    first = (await client.get(f"/api/jobs/{job['id']}/applications", headers=senior.headers)).json()
    await client.post(
        f"/api/applications/{first[0]['id']}/decision",
        headers=senior.headers,
        json={"action": "dropout", "reason": "no_show"},
    )
    await client.put(
        "/api/feature-flags/global_automation", headers=admin.headers, json={"is_enabled": True}
    )
    assert await _statuses(client, senior, job["id"]) == ["withdrawn", "buffer", "pending"]

    # The page sends every field; the sizes are unchanged, so nothing moves.
    page = await client.post(
        f"/jobs/{job['id']}",
        headers=senior.headers,
        data={
            "title": "Senior Backend Engineer (edited)",
            "must_have_skills": "python, postgres, docker",
            "number_of_openings": "1",
            "shortlisting_buffer": "1",
            "education_level": "bachelor",
            "automation_enabled": "on",
        },
    )
    assert page.status_code == 200 and "Saved" in page.text
    assert await _statuses(client, senior, job["id"]) == ["withdrawn", "buffer", "pending"]
    # The API repeating the same size behaves the same.
    same = await client.patch(
        f"/api/jobs/{job['id']}", headers=senior.headers, json={"number_of_openings": 1}
    )
    assert same.status_code == 200
    assert await _statuses(client, senior, job["id"]) == ["withdrawn", "buffer", "pending"]
    # A real change of size rebalances: the buffered applicant fills the open slot.
    grown = await client.patch(
        f"/api/jobs/{job['id']}", headers=senior.headers, json={"shortlisting_buffer": 2}
    )
    assert grown.status_code == 200
    assert (await _statuses(client, senior, job["id"]))[:2] == ["withdrawn", "shortlisted"]
