"""Recruiter pages and actions: a job's interviews with deadlines and time left, one's own
list, extend / cancel / outcome actions (illegal ones refused clearly), working hours; and
the candidate JSON API answering a taken slot with 409 and fresh slots."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import flows
from hireflow.interviews import service as interviews
from hireflow.interviews.availability import Availability, parse_hours
from hireflow.interviews.links import Purpose
from hireflow.interviews.messages import candidate_link
from tests.factories import SignedIn
from tests.interviews.conftest import World
from tests.interviews.test_links import _interview


async def test_job_page_actions_and_refusals(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    interview = await _interview(session, world, senior)
    client, headers = world.client, senior.headers
    page = await client.get(f"/jobs/{interview.job_id}/interviews", headers=headers)
    assert page.status_code == 200
    assert "Ada L" in page.text and "invited" in page.text and "2 d 0 h" in page.text
    mine = await client.get("/interviews", headers=headers)
    assert mine.status_code == 200 and "Ada L" in mine.text

    extended = await client.post(
        f"/interviews/{interview.id}/extend", headers=headers, data={"hours": "24"}
    )
    assert extended.status_code == 303
    await switch_actor(session, SYSTEM)
    fresh = await interviews.get_interview(session, interview.id, fresh=True)
    assert fresh.confirmation_deadline == world.clock.now + timedelta(hours=72)

    refused = await client.post(
        f"/interviews/{interview.id}/completed", headers={**headers, "accept": "text/html"}
    )
    assert refused.status_code == 409
    assert "An interview that is invited cannot be completed" in refused.text

    cancelled = await client.post(
        f"/interviews/{interview.id}/cancel", headers=headers, data={"reason": "Role filled"}
    )
    assert cancelled.status_code == 303
    again = await client.post(f"/interviews/{interview.id}/cancel", headers=headers)
    assert again.status_code == 409
    assert "already cancelled" in again.json()["error"]["message"]
    detail = await client.get(f"/interviews/{interview.id}", headers=headers)
    assert "interview deadline extended" in detail.text and "interview cancelled" in detail.text

    bad = await client.post(f"/interviews/{interview.id}/teleport", headers=headers)
    assert bad.status_code == 400


async def test_working_hours_form(world: World, people: dict[str, SignedIn]) -> None:
    headers = people["junior"].headers
    saved = await world.client.post(
        "/interviews/availability",
        headers=headers,
        data={"zone": "America/St_Johns", "hours": "Mon-Thu 13:00-19:30", "days_off": "2027-12-24"},
    )
    assert saved.status_code == 303
    page = await world.client.get("/interviews/availability", headers=headers)
    assert "America/St_Johns" in page.text and "Mon 13:00-19:30" in page.text
    assert "2027-12-24" in page.text
    wrong = await world.client.post(
        "/interviews/availability",
        headers=headers,
        data={"zone": "Mars/Base", "hours": "Mon 9:00-10:00"},
    )
    assert wrong.status_code == 400 and "not an IANA time zone" in wrong.text


async def test_api_hold_answers_409_with_fresh_slots(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    await switch_actor(session, SYSTEM)
    await interviews.save_availability(
        session,
        senior.user.id,
        Availability(zone="Europe/Berlin", windows=parse_hours("Mon-Sun 09:00-17:00")),
    )
    first = await _interview(session, world, senior)
    second = await _interview(session, world, senior)
    for interview in (first, second):
        await flows.accept(session, world.env, interview, now=world.clock.now)
    links = [
        candidate_link(world.env, i, Purpose.SCHEDULE, world.clock.now, 7).removeprefix(
            "http://testserver"
        )
        for i in (first, second)
    ]
    offered = (await world.client.get(f"/api{links[0]}/slots")).json()["slots"]
    assert offered and offered[0]["zone"] == "Europe/Berlin"
    start = offered[0]["start_utc"]
    held = await world.client.post(f"/api{links[0]}/hold", json={"start": start})
    assert held.status_code == 200, held.text
    taken = await world.client.post(f"/api{links[1]}/hold", json={"start": start})
    assert taken.status_code == 409
    error = taken.json()["error"]
    assert error["code"] == "slot_taken"
    assert error["details"]["slots"] and all(
        s["start_utc"] != start for s in error["details"]["slots"]
    )
    confirmed = await world.client.post(f"/api{links[0]}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "scheduled"
    # The page path shows the same refusal as a page with the fresh times.
    page = await world.client.post(f"{links[1]}/hold", data={"start": start})
    assert page.status_code == 409 and "not free any more" in page.text
    assert 'name="start"' in page.text
    tampered = await world.client.get(f"/api{links[1][:-2]}zz/slots")
    assert tampered.status_code == 410 and tampered.json()["error"]["code"] == "link_refused"
    count = await session.scalar(
        text(
            "SELECT count(*) FROM interview_bookings WHERE interviewer_id = :r AND state = 'booked'"
        ),
        {"r": senior.user.id},
    )
    assert count == 1
    assert uuid.UUID(str(first.id))
