"""The negotiation chat through the HTTP app on the real database: a failed negotiation
escalates to the recruiter (notification + queue with the full transcript, booked by hand),
an agreed time is booked through the normal hold-and-confirm path, and a flag that is off
offers "contact the recruiter" instead."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation import service as automation
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import flows
from hireflow.interviews import service as interviews
from hireflow.interviews.availability import Availability, parse_hours
from hireflow.interviews.links import Purpose
from hireflow.interviews.messages import candidate_link
from hireflow.interviews.models import Interview
from hireflow.negotiation import service as negotiation
from tests.factories import SignedIn
from tests.interviews.conftest import World
from tests.interviews.test_links import _interview

MONDAY = datetime(2027, 6, 7, 6, 0, tzinfo=UTC)  # 08:00 in Berlin


async def _ready(
    session: AsyncSession, world: World, owner: SignedIn, *, bot: bool = True
) -> tuple[Interview, str]:
    world.clock.now = MONDAY
    await switch_actor(session, SYSTEM)
    await automation.set_flag(session, "negotiation_bot", bot)
    await interviews.save_availability(
        session,
        owner.user.id,
        Availability(zone="Europe/Berlin", windows=parse_hours("Mon-Fri 09:00-17:00")),
    )
    interview = await _interview(session, world, owner)
    await flows.accept(session, world.env, interview, now=MONDAY)
    await interviews.set_candidate_zone(session, interview, "Europe/Berlin")
    link = candidate_link(world.env, interview, Purpose.SCHEDULE, MONDAY, 7)
    return interview, link.removeprefix("http://testserver")


async def _say(world: World, link: str, message: str) -> str:
    sent = await world.client.post(f"{link}/chat", data={"message": message})
    assert sent.status_code == 303, sent.text
    return (await world.client.get(sent.headers["location"])).text


async def _bookings(session: AsyncSession, interview: Interview) -> list[str]:
    rows = await session.execute(
        text("SELECT state FROM interview_bookings WHERE interview_id = :id"), {"id": interview.id}
    )
    return [r.state for r in rows]


async def test_three_failed_rounds_escalate_to_the_recruiter_with_the_transcript(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    interview, link = await _ready(session, world, senior)
    page = await world.client.get(link)
    assert f"{link}/chat" in page.text
    messages = ("Saturday at 22:00", "Sunday at 23:00", "only at 6 in the morning")
    for message in messages:
        reply = await _say(world, link, message)
        assert "recruiter will contact you" not in reply
    reply = await _say(world, link, "still nothing suits")
    assert "recruiter will contact you personally" in reply
    refused = await world.client.post(f"{link}/chat", data={"message": "hello?"})
    assert refused.status_code == 409

    notes = await session.execute(
        text("SELECT kind, link FROM notifications WHERE user_id = :u"), {"u": senior.user.id}
    )
    assert [n.kind for n in notes if n.kind == "negotiation_escalated"] == ["negotiation_escalated"]

    mine = await world.client.get("/interviews", headers=senior.headers)
    assert 'href="/negotiations"' in mine.text
    queue = await world.client.get("/negotiations", headers=senior.headers)
    assert queue.status_code == 200
    for message in (*messages, "still nothing suits"):
        assert message in queue.text
    assert "no agreement after max rounds" in queue.text
    negotiation_id = re.search(r'action="/negotiations/([0-9a-f-]+)/book"', queue.text)
    start = re.search(r'<option value="([^"]+)"', queue.text)
    assert negotiation_id and start
    booked = await world.client.post(
        f"/negotiations/{negotiation_id[1]}/book", headers=senior.headers, data={"start": start[1]}
    )
    assert booked.status_code == 303, booked.text
    fresh = await interviews.get_interview(session, interview.id, fresh=True)
    assert fresh.status == "scheduled"
    assert fresh.scheduled_time == datetime.fromisoformat(start[1])
    assert fresh.self_picked is False, "booked by hand: the time was assigned"
    assert (fresh.no_show_facts or {})["self_picked_slot"] is False
    assert "booked" in await _bookings(session, interview)
    after = await world.client.get("/negotiations", headers=senior.headers)
    assert "No escalated negotiations" in after.text


async def test_an_agreed_time_is_booked_through_the_normal_path(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    interview, link = await _ready(session, world, people["senior"])
    reply = await _say(world, link, "Wednesday or Thursday afternoon")
    assert reply.count(f'action="{link}/chat" class="inline"') >= 1
    picked = await world.client.post(f"{link}/chat", data={"message": "1"})
    assert picked.status_code == 303 and picked.headers["location"] == link
    fresh = await interviews.get_interview(session, interview.id, fresh=True)
    assert fresh.status == "scheduled" and fresh.scheduled_time is not None
    local = fresh.scheduled_time.astimezone(ZoneInfo("Europe/Berlin"))
    assert local.weekday() in (2, 3) and local.hour >= 12
    assert await _bookings(session, interview) == ["booked"]
    page = await world.client.get(link)
    assert "Booked:" in page.text


async def test_a_taken_time_gets_fresh_proposals(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    interview, link = await _ready(session, world, senior)
    reply = await _say(world, link, "Wednesday afternoon")
    first = re.search(r"<li>1\. ([^<]+)</li>", reply)
    assert first
    # Someone else takes the proposed time through the normal path first.
    other = await _interview(session, world, senior)
    await flows.accept(session, world.env, other, now=MONDAY)
    offered = await interviews.offer_slots(session, other, now=MONDAY)
    found = await world.client.get(f"{link}/chat")
    assert found.status_code == 200
    summary = await negotiation.negotiation_for_interview(session, interview.id)
    assert summary is not None
    proposed = datetime.fromisoformat(summary.transcript[-1]["proposals"][0][0])
    assert proposed in [s.start for s in offered]
    await interviews.book_slot(session, other, proposed, now=MONDAY)
    await flows.confirm(session, world.env, other, now=MONDAY)

    again = await _say(world, link, "1")
    assert "Booking failed: slot taken" in again
    summary = await negotiation.negotiation_for_interview(session, interview.id)
    assert summary is not None and summary.status == "active"
    latest = [datetime.fromisoformat(a) for a, _ in summary.transcript[-1]["proposals"]]
    assert latest and proposed not in latest
    assert (await interviews.get_interview(session, interview.id, fresh=True)).status != "scheduled"


async def test_flag_off_offers_the_recruiter_instead(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    _, link = await _ready(session, world, people["senior"], bot=False)
    page = await world.client.get(link)
    assert f"{link}/chat" not in page.text and "contact the recruiter" in page.text
    chat = await world.client.get(f"{link}/chat")
    assert "Please contact the recruiter" in chat.text and 'name="message"' not in chat.text
    refused = await world.client.post(f"{link}/chat", data={"message": "Friday"})
    assert refused.status_code == 409


async def test_unclear_or_contradictory_messages_get_a_question_never_a_booking(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    interview, link = await _ready(session, world, people["senior"])
    for message in ("Monday but not Monday", "asap", "Monday 10 CET 11 PT"):
        await _say(world, link, message)
        found = await negotiation.negotiation_for_interview(session, interview.id)
        assert found is not None
        last = found.transcript[-1]
        assert last["role"] == "bot" and last["kind"] == "question", (message, last)
        assert not last.get("proposals"), "no guess is offered as a time"
    fresh = await interviews.get_interview(session, interview.id, fresh=True)
    assert fresh.status == "slot_selection" and await _bookings(session, interview) == []


async def test_a_bot_booking_is_self_picked_and_scored(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    interview, link = await _ready(session, world, people["senior"])
    await _say(world, link, "Wednesday or Thursday afternoon")
    await world.client.post(f"{link}/chat", data={"message": "1"})
    fresh = await interviews.get_interview(session, interview.id, fresh=True)
    assert fresh.status == "scheduled" and fresh.self_picked is True
    assert fresh.no_show_band is not None and fresh.no_show_scored_by == "prior"
