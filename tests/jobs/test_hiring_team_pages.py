"""The hiring team on the job page: colleagues added by typed name (the person picker),
someone already on it or an ambiguous name answered inline, removal, and the owner kept."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.roles import Role
from tests.candidates.test_pickers import colleague
from tests.factories import SignedIn
from tests.jobs.test_pipeline_pages import _job


async def test_a_senior_builds_the_hiring_team_by_typing_names(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior = people["senior"], people["junior"]
    url = await _job(client, senior)
    hedy = await colleague(session, Role.JUNIOR, "Hedy", "Lamarr")
    await colleague(session, Role.JUNIOR, "Hedy", "Other")
    page = await client.get(url, headers=senior.headers)
    assert 'id="team-h"' in page.text and 'data-suggest="/people/suggest"' in page.text
    assert f"{senior.user.full_name} (senior recruiter) · owner" in page.text
    several = await client.post(f"{url}/team", headers=senior.headers, data={"colleague": "hedy"})
    assert several.status_code == 422 and "Several colleagues match" in several.text
    assert f'name="user_id" value="{hedy}"' in several.text
    added = await client.post(
        f"{url}/team", headers=senior.headers, data={"colleague": "Hedy Lamarr"}
    )
    assert added.status_code == 200 and "Hedy Lamarr joined the hiring team." in added.text
    job_id = url.rsplit("/", 1)[1]
    api = await client.get(f"/api/jobs/{job_id}", headers=senior.headers)
    assert str(hedy) in api.json()["team_member_ids"]
    twice = await client.post(f"{url}/team", headers=senior.headers, data={"user_id": str(hedy)})
    assert twice.status_code == 409 and "already on this job&#39;s hiring team" in twice.text
    assert "Sign out" in twice.text, "an inline message on the signed-in page"
    owner = await client.post(f"{url}/team/{senior.user.id}/remove", headers=senior.headers)
    assert owner.status_code == 409 and "owner stays" in owner.text
    # A junior on no team cannot change it (the page shows no picker; the post is refused).
    refused = await client.post(f"{url}/team", headers=junior.headers, data={"colleague": "Hedy"})
    assert refused.status_code in (403, 404)
    removed = await client.post(f"{url}/team/{hedy}/remove", headers=senior.headers)
    assert removed.status_code == 200 and "Removed from the hiring team." in removed.text
    api = await client.get(f"/api/jobs/{job_id}", headers=senior.headers)
    assert str(hedy) not in api.json()["team_member_ids"]
    # The activity log shows each change of the team by name, before -> after.
    log = await client.get("/admin/activity", headers=people["admin"].headers)
    body = log.text.split('<main id="main"', 1)[1]
    assert "Hiring team" in body and "Hedy Lamarr" in body
    assert str(hedy) not in body, "people by name, not by id"
