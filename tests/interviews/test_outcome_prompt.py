"""After an interview's end the recruiter is prompted to record attended / no-show: an in-app
notification, a prompt on the interview page and one-click buttons in the list; the click
goes through the outcome flow and becomes training data for the no-show model."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import scheduler
from hireflow.interviews import service as interviews
from hireflow.notifications import service as notifications
from tests.factories import SignedIn
from tests.interviews.conftest import World
from tests.interviews.test_no_show_risk import _book


async def test_the_recruiter_is_prompted_and_records_an_outcome_in_one_click(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    first = await _book(world, session, senior, days_ahead=1)
    second = await _book(world, session, senior, days_ahead=1)
    assert first.scheduled_end is not None and second.scheduled_end is not None
    before = await world.client.get("/interviews", headers=senior.headers)
    assert "Did it take place?" not in before.text, "no prompt before the end"

    world.clock.now = max(first.scheduled_end, second.scheduled_end) + timedelta(minutes=5)
    await switch_actor(session, SYSTEM)
    assert await scheduler.flag_overdue(session, world.clock.now) >= 2
    unread = await notifications.unread(session, senior.user.id)
    prompts = [n for n in unread if n.link == f"/interviews/{first.id}"]
    assert len(prompts) == 1 and "take place" in prompts[0].title

    listing = await world.client.get("/interviews", headers=senior.headers)
    assert listing.text.count("Did it take place?") >= 2
    assert f'action="/interviews/{first.id}/no_show"' in listing.text
    detail = await world.client.get(f"/interviews/{first.id}", headers=senior.headers)
    assert "Did Ada L attend?" in detail.text and ">Attended</button>" in detail.text

    clicked = await world.client.post(
        f"/interviews/{first.id}/no_show", headers=senior.headers, data={"back": "/interviews"}
    )
    assert clicked.status_code == 303 and clicked.headers["location"] == "/interviews"
    attended = await world.client.post(
        f"/interviews/{second.id}/completed",
        headers=senior.headers,
        data={"back": "https://elsewhere.example/"},
    )
    assert attended.headers["location"] == f"/interviews/{second.id}", "only our own pages"
    await switch_actor(session, SYSTEM)
    assert (await interviews.get_interview(session, first.id, fresh=True)).status == "no_show"
    assert (await interviews.get_interview(session, second.id, fresh=True)).status == "completed"
    after = await world.client.get(f"/interviews/{first.id}", headers=senior.headers)
    assert "Did Ada L attend?" not in after.text

    outcomes = {
        (o.facts.scheduled_at, o.no_show) for o in await interviews.recorded_outcomes(session)
    }
    assert (first.scheduled_time, True) in outcomes
    assert (second.scheduled_time, False) in outcomes
