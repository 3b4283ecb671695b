"""Choosing people by typing: the JSON sources of web/static/picker.js (candidates,
colleagues, @mentions) with their authorization, and the forms that take a typed name
without JavaScript (assigning a recruiter; ambiguous names come back as choices)."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth.roles import Role
from hireflow.db.session import SYSTEM, switch_actor
from tests.factories import SignedIn, make_user
from tests.jobs.test_pipeline_pages import named_candidate


async def colleague(session: AsyncSession, role: Role, first: str, last: str) -> uuid.UUID:
    user = await make_user(
        session, role, email=f"{first}.{last}-{uuid.uuid4().hex[:4]}@example.test"
    )
    await switch_actor(session, SYSTEM)
    await session.execute(
        text("UPDATE users SET first_name = :f, last_name = :l WHERE id = :id"),
        {"f": first, "l": last, "id": user.id},
    )
    return user.id


async def test_the_candidate_source_answers_json_options_of_visible_candidates(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior = people["senior"], people["junior"]
    grace = await named_candidate(session, senior.user.id, "Grace", "Hopper")
    found = await client.get("/candidates/suggest", headers=senior.headers, params={"q": "Hopp"})
    assert found.status_code == 200 and found.headers["content-type"] == "application/json"
    assert found.headers["cache-control"] == "no-store", "personal data is never cached"
    (option,) = [o for o in found.json()["options"] if o["id"] == str(grace)]
    assert option["label"] == "Grace Hopper" and "grace.hopper@example.test" in option["detail"]
    hidden = await client.get("/candidates/suggest", headers=junior.headers, params={"q": "Hopp"})
    assert str(grace) not in hidden.text, "a junior is offered only the candidates they see"
    signed_out = await client.get("/candidates/suggest", params={"q": "Hopp"})
    assert signed_out.status_code == 303 and "/login" in signed_out.headers["location"]


async def test_the_colleague_source_offers_active_colleagues_to_recruiters(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    kay = await colleague(session, Role.JUNIOR, "Katherine", "Johnson")
    gone = await colleague(session, Role.JUNIOR, "Katherine", "Gone")
    await session.execute(text("UPDATE users SET is_active = false WHERE id = :id"), {"id": gone})
    found = await client.get(
        "/people/suggest", headers=people["senior"].headers, params={"q": "kath joh"}
    )
    assert found.status_code == 200
    (option,) = found.json()["options"]
    assert option["id"] == str(kay) and option["label"] == "Katherine Johnson"
    assert option["detail"].startswith("junior recruiter · katherine.johnson")
    everyone = await client.get(
        "/people/suggest", headers=people["admin"].headers, params={"q": "katherine"}
    )
    assert str(gone) not in everyone.text, "deactivated colleagues are not offered"
    junior = await client.get(
        "/people/suggest", headers=people["junior"].headers, params={"q": "kath"}
    )
    assert str(kay) in junior.text, "juniors choose interviewers too"
    signed_out = await client.get("/people/suggest", params={"q": "kath"})
    assert signed_out.status_code == 303 and "/login" in signed_out.headers["location"]


async def test_mention_suggestions_give_the_handle_that_mentions_exactly_that_colleague(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    dorothy = await colleague(session, Role.SENIOR, "Dorothy", "Vaughan")
    twin_a = await colleague(session, Role.JUNIOR, "Mae", "Jemison")
    twin_b = await colleague(session, Role.JUNIOR, "Mae", "Carol")
    cid = await named_candidate(session, senior.user.id, "Annie", "Easley")
    url = f"/candidates/{cid}/mentionable"
    found = await client.get(url, headers=senior.headers, params={"q": "doro"})
    assert found.status_code == 200
    (option,) = found.json()["options"]
    assert option["id"] == str(dorothy) and option["handle"] == "dorothy"
    maes = (await client.get(url, headers=senior.headers, params={"q": "mae"})).json()["options"]
    handles = {o["id"]: o["handle"] for o in maes}
    assert set(handles) == {str(twin_a), str(twin_b)}
    assert all(h.startswith("mae.") for h in handles.values()), "a shared first name is no handle"
    own = senior.user.first_name[:4]
    mine = (await client.get(url, headers=senior.headers, params={"q": own})).json()["options"]
    assert str(senior.user.id) not in {o["id"] for o in mine}, "the author is not offered"
    # The handle round-trips: the note mentions exactly that colleague.
    body = f"Worth a call, @{handles[str(twin_b)]} and @{option['handle']}."
    added = await client.post(f"{url[: -len('/mentionable')]}/notes", headers=senior.headers,
                              data={"body": body})  # fmt: skip
    assert added.status_code == 303
    await switch_actor(session, SYSTEM)
    mentioned = await session.scalar(
        text("SELECT mentioned_user_ids FROM candidate_notes WHERE candidate_id = :c"), {"c": cid}
    )
    assert mentioned == [twin_b, dorothy]
    junior = await client.get(url, headers=people["junior"].headers, params={"q": "doro"})
    assert junior.status_code == 404, "no suggestions on a candidate the author cannot see"


async def test_a_recruiter_is_assigned_by_typed_name_and_ambiguity_offers_choices(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    evelyn = await colleague(session, Role.JUNIOR, "Evelyn", "Boyd")
    await colleague(session, Role.JUNIOR, "Evelyn", "Granville")
    cid = await named_candidate(session, senior.user.id, "Christine", "Darden")
    url = f"/candidates/{cid}/assignments"
    page = await client.get(f"/candidates/{cid}", headers=senior.headers)
    assert 'role="combobox"' in page.text and 'data-suggest="/people/suggest"' in page.text
    assert 'id="assignee"' not in page.text, "no select of every account"
    several = await client.post(url, headers=senior.headers, data={"colleague": "Evelyn"})
    assert several.status_code == 422 and "Several colleagues match" in several.text
    assert f'name="user_id" value="{evelyn}"' in several.text and "Evelyn Granville" in several.text
    assert "Sign out" in several.text, "the signed-in page, not a dead end"
    nobody = await client.post(url, headers=senior.headers, data={"colleague": "Nobody Atall"})
    assert nobody.status_code == 422 and "No active colleague matches" in nobody.text
    done = await client.post(url, headers=senior.headers, data={"colleague": "Evelyn Boyd"})
    assert done.status_code == 303 and "flash=assigned" in done.headers["location"]
    # The choice buttons submit the id; the empty hidden field beside them does not win.
    again = await client.post(
        url, headers=senior.headers, data={"colleague": "Evelyn", "user_id": ["", str(evelyn)]}
    )
    assert again.status_code == 303 and "flash=already-assigned" in again.headers["location"]
