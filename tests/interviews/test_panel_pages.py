"""The interview panel on the recruiter's interview page: interviewers added with the person
picker (typed name; ambiguity and duplicates answered inline), removed, the recruiter kept,
and no change once the interview is over."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.roles import Role
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import service as interviews
from tests.candidates.test_pickers import colleague
from tests.factories import SignedIn
from tests.interviews.conftest import World
from tests.interviews.test_links import _interview


async def test_interviewers_are_added_by_typed_name_and_the_recruiter_stays(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    interview = await _interview(session, world, senior)
    grace = await colleague(session, Role.JUNIOR, "Margaret", "Hamilton")
    await colleague(session, Role.JUNIOR, "Margaret", "Heafield")
    client, headers, url = world.client, senior.headers, f"/interviews/{interview.id}"
    page = await client.get(url, headers=headers)
    assert 'id="panel-h"' in page.text and 'data-suggest="/people/suggest"' in page.text
    several = await client.post(f"{url}/panel/add", headers=headers, data={"colleague": "margaret"})
    assert several.status_code == 422 and "Several colleagues match" in several.text
    assert f'name="user_id" value="{grace}"' in several.text
    added = await client.post(
        f"{url}/panel/add", headers=headers, data={"colleague": "Margaret Hamilton"}
    )
    assert added.status_code == 200 and "Margaret Hamilton joined the panel." in added.text
    await switch_actor(session, SYSTEM)
    fresh = await interviews.get_interview(session, interview.id, fresh=True)
    assert fresh.interviewer_ids == [senior.user.id, grace]
    twice = await client.post(f"{url}/panel/add", headers=headers, data={"user_id": str(grace)})
    assert twice.status_code == 409 and "already on the interview panel" in twice.text
    assert "Sign out" in twice.text, "an inline message on the signed-in page"
    recruiter = await client.post(f"{url}/panel/{senior.user.id}/remove", headers=headers)
    assert recruiter.status_code == 409 and "recruiter stays on the panel" in recruiter.text
    removed = await client.post(f"{url}/panel/{grace}/remove", headers=headers)
    assert removed.status_code == 200 and "Removed from the panel." in removed.text
    fresh = await interviews.get_interview(session, interview.id, fresh=True)
    assert fresh.interviewer_ids == [senior.user.id]
    history = await client.get(url, headers=headers)
    assert "interview panel changed" in history.text

    cancelled = await client.post(f"{url}/cancel", headers=headers, data={"reason": "Filled"})
    assert cancelled.status_code == 303
    closed = await client.get(url, headers=headers)
    assert (
        "This interview is already cancelled." in closed.text
        and 'id="panel-form"' not in closed.text
    )
    late = await client.post(f"{url}/panel/add", headers=headers, data={"user_id": str(grace)})
    assert late.status_code == 409 and "already cancelled" in late.text
