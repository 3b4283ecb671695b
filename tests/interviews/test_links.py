"""Candidate links: a tampered, expired, reused, replaced or misused link is refused with a
friendly page that says what happened and whom to ask; links never outlive the interview."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation.service import Trigger
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import flows
from hireflow.interviews import service as interviews
from hireflow.interviews.links import LinkRefused, Purpose, link_expiry, make_token, read_token
from hireflow.interviews.messages import candidate_link
from hireflow.interviews.models import Interview
from tests.factories import SignedIn
from tests.interviews.conftest import World


async def _interview(session: AsyncSession, world: World, owner: SignedIn) -> Interview:
    await switch_actor(session, SYSTEM)
    job_id, candidate_id, application_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await session.execute(
        text(
            "INSERT INTO jobs (id, title, number_of_openings, shortlisting_buffer, owner_user_id) "
            "VALUES (:id, 'Data Engineer', 1, 0, :owner)"
        ),
        {"id": job_id, "owner": owner.user.id},
    )
    await session.execute(
        text(
            "INSERT INTO candidates (id, first_name, last_name, email) VALUES (:id, 'Ada', 'L', :e)"
        ),
        {"id": candidate_id, "e": f"ada-{candidate_id.hex[:6]}@example.test"},
    )
    await session.execute(
        text("INSERT INTO applications (id, job_id, candidate_id) VALUES (:id, :j, :c)"),
        {"id": application_id, "j": job_id, "c": candidate_id},
    )
    return await interviews.create_invitation(
        session,
        application_id=application_id,
        job_id=job_id,
        candidate_id=candidate_id,
        candidate_name="Ada L",
        candidate_email="ada@example.test",
        recruiter_id=owner.user.id,
        interviewer_ids=[],
        rank=1,
        now=world.clock.now,
        trigger=Trigger.MANUAL,
        actor_id=None,
    )


def _path(world: World, interview: Interview, purpose: Purpose) -> str:
    url = candidate_link(world.env, interview, purpose, world.clock.now, 7)
    return url.removeprefix("http://testserver")


async def test_a_tampered_link_gets_the_friendly_page(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    interview = await _interview(session, world, people["senior"])
    path = _path(world, interview, Purpose.RESPOND)
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    for bad in (tampered, "/i/not-a-token", path + "x"):
        page = await world.client.get(bad, headers={"accept": "text/html"})
        assert page.status_code == 400, bad
        assert "This link cannot be used" in page.text
        assert "changed or cut short" in page.text
        assert "reply to the e-mail you received from Example Corp" in page.text
    posted = await world.client.post(f"{tampered}/accept")
    assert posted.status_code == 400
    await switch_actor(session, SYSTEM)
    fresh = await interviews.get_interview(session, interview.id, fresh=True)
    assert fresh.status == "invitation_sent", "a tampered link changes nothing"


async def test_an_expired_link_names_whom_to_ask(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    interview = await _interview(session, world, senior)
    path = _path(world, interview, Purpose.RESPOND)
    assert (await world.client.get(path)).status_code == 200
    world.clock.now += timedelta(days=7, seconds=1)
    page = await world.client.get(path)
    assert page.status_code == 410
    assert "This link has expired" in page.text
    assert senior.user.email in page.text
    assert (await world.client.post(f"{path}/accept")).status_code == 410


async def test_a_used_replaced_or_misused_link_is_refused(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    interview = await _interview(session, world, people["senior"])
    respond = _path(world, interview, Purpose.RESPOND)
    # A respond link cannot book, a schedule link cannot accept.
    schedule = _path(world, interview, Purpose.SCHEDULE)
    wrong = await world.client.post(f"{respond}/hold", data={"start": "2030-01-01T10:00:00+00:00"})
    assert wrong.status_code == 410 and "meant for another step" in wrong.text
    assert (await world.client.post(f"{schedule}/accept")).status_code == 410

    assert (await world.client.post(f"{respond}/accept")).status_code == 303
    again = await world.client.post(f"{respond}/accept")
    assert again.status_code == 410 and "already answered" in again.text
    reused = await world.client.post(f"{respond}/decline", data={"reason": "changed my mind"})
    assert reused.status_code == 410
    await switch_actor(session, SYSTEM)
    current = await interviews.get_interview(session, interview.id, fresh=True)
    assert current.status == "slot_selection"

    # The recruiter re-sends: the old schedule link is replaced by a newer one.
    await flows.resend(
        session, world.env, current, now=world.clock.now, actor_id=people["senior"].user.id
    )
    replaced = await world.client.get(schedule)
    assert replaced.status_code == 410 and "replaced by a newer one" in replaced.text
    newer = _path(
        world, await interviews.get_interview(session, interview.id, fresh=True), Purpose.SCHEDULE
    )
    assert (await world.client.get(newer)).status_code == 200

    # A cancelled interview's links are spent.
    await switch_actor(session, SYSTEM)
    current = await interviews.get_interview(session, interview.id, fresh=True)
    await flows.cancel(session, world.env, current, now=world.clock.now, trigger=Trigger.MANUAL)
    closed = await world.client.get(newer)
    assert closed.status_code == 410 and "no time to pick" in closed.text


def test_links_never_outlive_the_interview_and_bind_their_claims() -> None:
    now = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
    start = now + timedelta(days=2)
    assert link_expiry(now, 7, start) == start
    assert link_expiry(now, 7) == now + timedelta(days=7)
    secret = b"k" * 40
    interview_id = uuid.uuid4()
    token = make_token(secret, interview_id, Purpose.SCHEDULE, 3, start)
    claim = read_token(secret, token, now)
    assert (claim.interview_id, claim.purpose, claim.version) == (interview_id, Purpose.SCHEDULE, 3)
    with pytest.raises(LinkRefused) as expired:
        read_token(secret, token, start)
    assert expired.value.reason == "expired"
    with pytest.raises(LinkRefused) as other_key:
        read_token(b"x" * 40, token, now)
    assert other_key.value.reason == "tampered"
