"""A panel interview holds every interviewer in one statement, and a time one panel member
already has booked is neither offered nor bookable."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import flows
from hireflow.interviews import service as interviews
from hireflow.interviews.availability import Availability, parse_hours
from tests.factories import SignedIn
from tests.interviews.conftest import World
from tests.interviews.test_links import _interview


async def test_panel_holds_everyone_and_respects_each_calendar(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    lead, member = people["senior"], people["junior"]
    await switch_actor(session, SYSTEM)
    await interviews.save_availability(
        session,
        lead.user.id,
        Availability(zone="Asia/Kolkata", windows=parse_hours("Mon-Sun 13:00-18:00")),
    )
    panel = await _interview(session, world, lead)
    solo = await _interview(session, world, member)
    panel.interviewer_ids = [lead.user.id, member.user.id]
    await session.flush()
    for interview in (panel, solo):
        await flows.accept(session, world.env, interview, now=world.clock.now)
    await interviews.save_availability(
        session,
        member.user.id,
        Availability(zone="Asia/Kolkata", windows=parse_hours("Mon-Sun 13:00-18:00")),
    )
    # The member's own interview takes the first slot both could do.
    first = (await interviews.offer_slots(session, solo, now=world.clock.now))[0]
    await interviews.book_slot(session, solo, first.start, now=world.clock.now)
    await flows.confirm(session, world.env, solo, now=world.clock.now)

    offered = await interviews.offer_slots(session, panel, now=world.clock.now)
    assert first.start not in [s.start for s in offered], "a panel member's booking is busy time"
    try:
        await interviews.book_slot(session, panel, first.start, now=world.clock.now)
    except interviews.SlotTaken as exc:
        assert exc.status_code == 409
    else:
        raise AssertionError("booked over a panel member's interview")
    await interviews.book_slot(session, panel, offered[0].start, now=world.clock.now)
    held = (
        (
            await session.execute(
                text(
                    "SELECT interviewer_id FROM interview_bookings WHERE interview_id = :i AND state = 'held'"
                ),
                {"i": panel.id},
            )
        )
        .scalars()
        .all()
    )
    assert sorted(held) == sorted([lead.user.id, member.user.id])
    booked = await flows.confirm(session, world.env, panel, now=world.clock.now)
    assert booked.status == "scheduled"
    assert booked.scheduled_end == booked.scheduled_time + timedelta(minutes=60)  # type: ignore[operator]
