"""No-show risk through HTTP on the real database: scored and stored on booking, shown as a
badge with words and reasons; a high risk asks the candidate to confirm (signed link, real
SMTP) and sends one extra reminder, never touching rank or status; confirming lowers the
risk; the daily run is batched; the ``no_show_prediction`` flag switches all of it off."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import attendance, flows
from hireflow.interviews import service as interviews
from hireflow.interviews.availability import Availability, parse_hours
from hireflow.interviews.links import Purpose
from hireflow.interviews.messages import candidate_link
from hireflow.interviews.models import Interview
from hireflow.notifications import mail
from tests.factories import SignedIn
from tests.interviews.conftest import World
from tests.interviews.test_links import _interview

ATTEND = re.compile(r"http://testserver(/i/[A-Za-z0-9_.\-]+/attend)")


def _path(world: World, interview: Interview, purpose: Purpose) -> str:
    url = candidate_link(world.env, interview, purpose, world.clock.now, 7)
    return url.removeprefix("http://testserver")


async def _book(
    world: World, session: AsyncSession, owner: SignedIn, *, days_ahead: int
) -> Interview:
    """Invite, accept and book through the candidate's pages (the normal path): the first
    free slot at least ``days_ahead`` days away."""
    await interviews.save_availability(
        session,
        owner.user.id,
        Availability(
            zone="UTC",
            windows=parse_hours("Mon-Sun 09:00-17:00"),
            horizon_days=days_ahead + 3,
            min_notice_minutes=0,
        ),
    )
    interview = await _interview(session, world, owner)
    respond = _path(world, interview, Purpose.RESPOND)
    assert (await world.client.post(f"{respond}/accept")).status_code == 303
    await switch_actor(session, SYSTEM)
    interview = await interviews.get_interview(session, interview.id, fresh=True)
    schedule = _path(world, interview, Purpose.SCHEDULE)
    slots = (await world.client.get(f"/api{schedule}/slots")).json()["slots"]
    wanted = world.clock.now + timedelta(days=days_ahead)
    start = next(s["start_utc"] for s in slots if datetime.fromisoformat(s["start_utc"]) >= wanted)
    assert (await world.client.post(f"{schedule}/hold", data={"start": start})).status_code == 303
    assert (await world.client.post(f"{schedule}/confirm")).status_code == 303
    await switch_actor(session, SYSTEM)
    return await interviews.get_interview(session, interview.id, fresh=True)


async def _earlier_no_show(session: AsyncSession, candidate_id: uuid.UUID, when: datetime) -> None:
    """The same candidate missed an interview here before (another job)."""
    job_id, application_id = uuid.uuid4(), uuid.uuid4()
    await session.execute(
        text(
            "INSERT INTO jobs (id, title, number_of_openings, shortlisting_buffer) VALUES (:id, 'Earlier role', 1, 0)"
        ),
        {"id": job_id},
    )
    await session.execute(
        text("INSERT INTO applications (id, job_id, candidate_id) VALUES (:id, :j, :c)"),
        {"id": application_id, "j": job_id, "c": candidate_id},
    )
    await session.execute(
        text(
            "INSERT INTO interviews (id, application_id, job_id, candidate_id, status, "
            "scheduled_time, scheduled_end) VALUES (gen_random_uuid(), :a, :j, :c, 'no_show', "
            ":t, :t + interval '1 hour')"
        ),
        {"a": application_id, "j": job_id, "c": candidate_id, "t": when},
    )


async def test_booking_scores_and_the_pages_show_a_worded_badge_with_reasons(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    booked = await _book(world, session, senior, days_ahead=1)
    assert booked.status == "scheduled" and booked.no_show_risk is not None
    assert booked.no_show_band == "green" and float(booked.no_show_risk) < 0.3
    assert booked.no_show_scored_by == "prior" and booked.no_show_scored_at == world.clock.now
    assert "− picked the time themselves" in booked.no_show_reasons
    facts = booked.no_show_facts or {}
    assert facts["self_picked_slot"] is True and facts["earlier_no_shows"] == 0
    assert not {"name", "candidate_name", "email", "age", "gender"} & set(facts)

    detail = await world.client.get(f"/interviews/{booked.id}", headers=senior.headers)
    assert detail.status_code == 200
    assert f"Low no-show risk · {float(booked.no_show_risk):.2f}" in detail.text
    assert 'class="risk risk-green"' in detail.text
    assert "picked the time themselves" in detail.text and "never changes a rank" in detail.text
    listing = await world.client.get("/interviews", headers=senior.headers)
    assert "No-show risk" in listing.text and "Low no-show risk" in listing.text
    job_page = await world.client.get(f"/jobs/{booked.job_id}/interviews", headers=senior.headers)
    assert "Low no-show risk" in job_page.text


async def test_high_risk_asks_to_confirm_and_reminds_once_never_penalises(
    world: World, people: dict[str, SignedIn], session: AsyncSession, test_database: Database
) -> None:
    senior = people["senior"]
    clock = world.clock
    await switch_actor(session, SYSTEM)
    candidate_id = uuid.uuid4()
    await session.execute(
        text(
            "INSERT INTO candidates (id, first_name, last_name, email) VALUES (:id, 'Ada', 'L', :e)"
        ),
        {"id": candidate_id, "e": f"ada-{candidate_id.hex[:6]}@example.test"},
    )
    await _earlier_no_show(session, candidate_id, clock.now - timedelta(days=60))
    booked = await _book_for(world, session, senior, candidate_id, days_ahead=30)
    assert booked.no_show_band == "red", (booked.no_show_risk, booked.no_show_reasons)
    assert booked.no_show_reasons[:2] == [
        "+ booked long in advance",  # over 4 weeks: ln 5.45 > ln 4.42
        "+ missed an earlier interview here",
    ]
    assert booked.attendance_requested_at == clock.now
    rank, application = booked.rank_at_invitation, booked.application_id
    risk_before = booked.no_show_risk
    shortlist_sql = text("SELECT shortlist_status, rank FROM applications WHERE id = :id")
    before = (await session.execute(shortlist_sql, {"id": application})).one()

    results = await mail.deliver_due(test_database, world.config, now=clock.now)
    assert "failed" not in {r.status for r in results}  # (the pick-a-time mail is skipped)
    to_candidate = world.smtp.inbox.to("ada@example.test")
    requests = [m for m in to_candidate if "Please confirm your interview" in m["Subject"]]
    assert len(requests) == 1
    body = requests[0].get_body(preferencelist=("plain",))
    assert body is not None
    found = ATTEND.search(str(body.get_content()))
    assert found, str(body.get_content())
    attend = found.group(1)

    # A second scoring (an event, or the daily run) does not ask again.
    assert (await attendance.rescore(session, world.env, now=clock.now)).requested == 0
    # The extra reminder: none while the interview is far away; once within 3 hours.
    assert await attendance.send_extra_reminders(session, world.env, clock.now) == 0
    assert booked.scheduled_time is not None
    soon = booked.scheduled_time - timedelta(hours=2)
    assert await attendance.send_extra_reminders(session, world.env, soon) == 1
    assert await attendance.send_extra_reminders(session, world.env, soon) == 0
    results = await mail.deliver_due(test_database, world.config, now=soon)
    reminders = [
        m for m in world.smtp.inbox.to("ada@example.test") if "is soon" in str(m["Subject"])
    ]
    assert len(reminders) == 1

    # The link: a GET records nothing; the button does, once, and the risk goes down.
    page = await world.client.get(attend)
    assert page.status_code == 200 and "Yes, I will be there" in page.text
    await switch_actor(session, SYSTEM)
    assert (
        await interviews.get_interview(session, booked.id, fresh=True)
    ).attendance_confirmed_at is None
    assert (await world.client.post(attend)).status_code == 303
    assert (await world.client.post(attend)).status_code == 303
    thanks = await world.client.get(attend)
    assert "you confirmed that you will be there" in thanks.text
    await switch_actor(session, SYSTEM)
    after = await interviews.get_interview(session, booked.id, fresh=True)
    assert after.attendance_confirmed_at is not None
    assert after.no_show_risk is not None and risk_before is not None
    assert after.no_show_risk < risk_before
    assert "− confirmed the reminder" in after.no_show_reasons
    # Support only: the status, the rank and the shortlist are exactly as before.
    assert after.status == "scheduled" and after.rank_at_invitation == rank
    assert (await session.execute(shortlist_sql, {"id": application})).one() == before
    log = await session.scalars(
        text(
            "SELECT action_type FROM automation_logs WHERE details->>'interview_id' = :id "
            "ORDER BY created_at"
        ),
        {"id": str(booked.id)},
    )
    actions = list(log.all())
    assert actions.count("interview_attendance_confirmed") == 1
    assert "interview_attendance_request_sent" in actions
    assert not any("reject" in a or "rank" in a or "shortlist" in a for a in actions)


async def _book_for(
    world: World,
    session: AsyncSession,
    owner: SignedIn,
    candidate_id: uuid.UUID,
    *,
    days_ahead: int,
) -> Interview:
    """As :func:`_book`, for an existing candidate (the one with history)."""
    await interviews.save_availability(
        session,
        owner.user.id,
        Availability(
            zone="UTC",
            windows=parse_hours("Mon-Sun 09:00-17:00"),
            horizon_days=days_ahead + 3,
            min_notice_minutes=0,
        ),
    )
    job_id, application_id = uuid.uuid4(), uuid.uuid4()
    await session.execute(
        text(
            "INSERT INTO jobs (id, title, number_of_openings, shortlisting_buffer, owner_user_id) "
            "VALUES (:id, 'Data Engineer', 1, 0, :owner)"
        ),
        {"id": job_id, "owner": owner.user.id},
    )
    await session.execute(
        text("INSERT INTO applications (id, job_id, candidate_id) VALUES (:id, :j, :c)"),
        {"id": application_id, "j": job_id, "c": candidate_id},
    )
    from hireflow.automation.service import Trigger

    interview = await interviews.create_invitation(
        session,
        application_id=application_id,
        job_id=job_id,
        candidate_id=candidate_id,
        candidate_name="Ada L",
        candidate_email="ada@example.test",
        recruiter_id=owner.user.id,
        interviewer_ids=[],
        rank=2,
        now=world.clock.now,
        trigger=Trigger.MANUAL,
        actor_id=None,
    )
    await flows.accept(session, world.env, interview, now=world.clock.now)
    schedule = _path(world, interview, Purpose.SCHEDULE)
    slots = (await world.client.get(f"/api{schedule}/slots")).json()["slots"]
    wanted = world.clock.now + timedelta(days=days_ahead)
    start = next(s["start_utc"] for s in slots if datetime.fromisoformat(s["start_utc"]) >= wanted)
    assert (await world.client.post(f"{schedule}/hold", data={"start": start})).status_code == 303
    assert (await world.client.post(f"{schedule}/confirm")).status_code == 303
    await switch_actor(session, SYSTEM)
    return await interviews.get_interview(session, interview.id, fresh=True)


async def test_the_daily_run_is_batched_and_follows_new_outcomes(
    world: World,
    people: dict[str, SignedIn],
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    senior = people["senior"]
    now = world.clock.now
    made = [await _interview(session, world, senior) for _ in range(5)]
    await switch_actor(session, SYSTEM)
    for index, interview in enumerate(made):
        start = now + timedelta(days=20 + index)
        await session.execute(
            text(
                "UPDATE interviews SET status = 'scheduled', scheduled_time = :s, "
                "scheduled_end = :e, booked_at = :b WHERE id = :id"
            ),
            {"s": start, "e": start + timedelta(hours=1), "b": now, "id": interview.id},
        )
    past = made[-1]  # already held: not scored any more
    await session.execute(
        text(
            "UPDATE interviews SET scheduled_time = :t, scheduled_end = :t + interval '1 hour' "
            "WHERE id = :id"
        ),
        {"t": now - timedelta(hours=1), "id": past.id},
    )
    monkeypatch.setattr(attendance, "BATCH", 2)
    statements: list[str] = []
    connection = await session.connection()
    from sqlalchemy import event

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(connection.sync_connection, "before_cursor_execute", count)
    try:
        run = await attendance.rescore(session, world.env, now=now)
    finally:
        event.remove(connection.sync_connection, "before_cursor_execute", count)
    ours = [m.id for m in made[:-1]]
    assert run.scored >= 4
    updates = [s for s in statements if "jsonb_to_recordset" in s and "no_show_risk" in s]
    assert len(updates) == -(-run.scored // 2), "one UPDATE per batch of 2"
    found = await interviews.interviews_by_ids(session, ours)
    assert all(i.no_show_band for i in found)
    first = {i.id: i.no_show_risk for i in found}
    untouched = await interviews.get_interview(session, past.id, fresh=True)
    assert untouched.no_show_risk is None

    # Meanwhile the first candidate missed another interview here: the next daily run
    # raises that one's risk and leaves the others as they were.
    await _earlier_no_show(session, made[0].candidate_id, now - timedelta(days=1))
    later = await attendance.rescore(session, world.env, now=now + timedelta(days=1))
    assert later.scored >= 4
    second = {i.id: i.no_show_risk for i in await interviews.interviews_by_ids(session, ours)}
    assert second[made[0].id] > first[made[0].id]  # type: ignore[operator]
    assert all(second[i] == first[i] for i in ours[1:])


async def test_the_flag_off_means_no_scoring_no_requests_no_badge(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    admin, senior = people["admin"], people["senior"]
    off = await world.client.put(
        "/api/feature-flags/no_show_prediction", headers=admin.headers, json={"is_enabled": False}
    )
    assert off.status_code == 200
    booked = await _book(world, session, senior, days_ahead=1)
    assert booked.no_show_risk is None and booked.no_show_band is None
    assert await attendance.rescore(session, world.env, now=world.clock.now) == attendance.RiskRun()
    await session.execute(
        text("UPDATE interviews SET no_show_band = 'red' WHERE id = :id"), {"id": booked.id}
    )
    assert booked.scheduled_time is not None
    soon = booked.scheduled_time - timedelta(hours=1)
    assert await attendance.send_extra_reminders(session, world.env, soon) == 0
    page = await world.client.get(f"/interviews/{booked.id}", headers=senior.headers)
    assert "no-show risk" not in page.text
    listing = await world.client.get("/interviews", headers=senior.headers)
    assert "No-show risk" not in listing.text
    on = await world.client.put(
        "/api/feature-flags/no_show_prediction", headers=admin.headers, json={"is_enabled": True}
    )
    assert on.status_code == 200
    assert (await attendance.rescore(session, world.env, now=world.clock.now)).scored >= 1


async def test_a_reschedule_counts_and_clears_the_old_score(
    world: World, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior = people["senior"]
    booked = await _book(world, session, senior, days_ahead=1)
    schedule = _path(world, booked, Purpose.SCHEDULE)
    assert (await world.client.post(f"{schedule}/reschedule")).status_code == 303
    await switch_actor(session, SYSTEM)
    moved = await interviews.get_interview(session, booked.id, fresh=True)
    assert moved.status == "slot_selection" and moved.reschedule_count == 1
    assert moved.no_show_risk is None and moved.no_show_band is None
    slots = (await world.client.get(f"/api{schedule}/slots")).json()["slots"]
    assert (
        await world.client.post(f"{schedule}/hold", data={"start": slots[0]["start_utc"]})
    ).status_code == 303
    assert (await world.client.post(f"{schedule}/confirm")).status_code == 303
    await switch_actor(session, SYSTEM)
    again = await interviews.get_interview(session, booked.id, fresh=True)
    assert again.no_show_band is not None and (again.no_show_facts or {})["reschedules"] == 1
    assert "+ rescheduled before" in again.no_show_reasons
