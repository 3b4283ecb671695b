"""From shortlist to booked interview, against a real SMTP server on loopback, with the
clock injected (never sleeps): 2 openings, 10 applications, close, shortlist 2 + buffer,
invitations e-mailed; candidate 1 accepts and books (confirmation with a valid .ics to both
parties); candidate 2 declines → the best buffer candidate is promoted and invited; that
invitation expires by the clock → promotion again; the automation log shows every step."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from email.message import EmailMessage

from icalendar import Calendar
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation.service import Trigger
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import flows, scheduler
from hireflow.interviews import service as interviews
from hireflow.interviews.availability import Availability, parse_hours
from hireflow.notifications import mail
from tests.factories import SignedIn
from tests.interviews.conftest import World
from tests.jobs.helpers import make_candidate, resume_text
from tests.jobs.test_jobs_api import _create_job

LINK = re.compile(r"http://testserver(/i/[A-Za-z0-9_.\-]+)")
SKILLS = [
    "Python, PostgreSQL, Docker, Kubernetes, AWS",
    "Python, PostgreSQL, Docker, AWS",
    "Python, PostgreSQL, Docker",
    "Python, PostgreSQL",
    "Python, Docker",
    "Python",
    "PostgreSQL",
    "Docker",
    "Excel",
    "Cooking",
]


async def _deliver(world: World, test_database: Database) -> None:
    results = await mail.deliver_due(test_database, world.config, now=world.clock.now)
    assert all(r.status == "sent" for r in results), results


def _text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def _link(message: EmailMessage) -> str:
    found = LINK.search(_text(message))
    assert found, _text(message)
    return found.group(1)


def _check_invite(message: EmailMessage, organizer: str, attendee: str, start: datetime) -> None:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "one text/calendar alternative"
    assert parts[0].get_param("method") == "REQUEST"
    raw = parts[0].get_payload(decode=True)
    assert isinstance(raw, bytes)
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "CRLF line ends only"
    calendar = Calendar.from_ical(raw)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    event = calendar.walk("VEVENT")[0]
    assert str(event["ORGANIZER"]).lower() == f"mailto:{organizer}".lower()
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    mine = [a for a in attendees if str(a).lower() == f"mailto:{attendee}".lower()]
    assert mine and mine[0].params["RSVP"] == "TRUE"
    assert event.decoded("DTSTART") == start
    assert int(event["SEQUENCE"]) == 1 and str(event["STATUS"]) == "CONFIRMED"
    assert any(p.get_filename() == "invite.ics" for p in message.walk())


async def _status_of(session: AsyncSession, application_id: uuid.UUID) -> str:
    await switch_actor(session, SYSTEM)
    return str(
        await session.scalar(
            text("SELECT shortlist_status FROM applications WHERE id = :id"), {"id": application_id}
        )
    )


async def test_from_shortlist_to_booked_interview(
    world: World, people: dict[str, SignedIn], session: AsyncSession, test_database: Database
) -> None:
    client, clock, inbox = world.client, world.clock, world.smtp.inbox
    senior = people["senior"]
    recruiter_email = senior.user.email
    await switch_actor(session, SYSTEM)
    await interviews.save_availability(
        session,
        senior.user.id,
        Availability(
            zone="Europe/Berlin",
            windows=parse_hours("Mon-Sun 08:00-20:00"),
            min_notice_minutes=120,
        ),
    )
    job = await _create_job(client, senior, number_of_openings=2, shortlisting_buffer=2)
    emails: dict[uuid.UUID, str] = {}
    for index, skills in enumerate(SKILLS):
        candidate_id, _ = await make_candidate(
            session, senior.user.id, resume_text(name=f"Person {index}", skills=skills)
        )
        address = f"person{index}-{candidate_id.hex[:6]}@example.test"
        await session.execute(
            text("UPDATE candidates SET email = :e WHERE id = :id"),
            {"e": address, "id": candidate_id},
        )
        emails[candidate_id] = address
        added = await client.post(
            f"/api/jobs/{job['id']}/applications",
            headers=senior.headers,
            json={"candidate_id": str(candidate_id)},
        )
        assert added.status_code == 201, added.text

    closed = await client.post(f"/api/jobs/{job['id']}/close", headers=senior.headers)
    assert closed.status_code == 200, closed.text
    await switch_actor(session, SYSTEM)
    job_id = uuid.UUID(job["id"])
    ranked = (
        await session.execute(
            text(
                "SELECT id, candidate_id, shortlist_status, buffer_position FROM applications "
                "WHERE job_id = :j ORDER BY rank"
            ),
            {"j": job_id},
        )
    ).all()
    assert [r.shortlist_status for r in ranked[:4]] == [
        "shortlisted",
        "shortlisted",
        "buffer",
        "buffer",
    ]
    queued = await session.scalar(
        text(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'interviews.invite_shortlisted' "
            "AND args->>'job_id' = :j"
        ),
        {"j": job["id"]},
    )
    assert queued == 1, "shortlisting queues the invitations"

    # The worker's invitation task, run with the test's clock.
    invited = await flows.invite_shortlisted(
        session, world.env, job_id, now=clock.now, trigger=Trigger.AUTO
    )
    assert len(invited) == 2
    await _deliver(world, test_database)
    first, second = (emails[r.candidate_id] for r in ranked[:2])
    assert sorted(m["To"] for m in inbox.messages) == sorted([first, second])
    assert "Interview invitation" in inbox.to(first)[0]["Subject"]

    # Candidate 1 accepts, picks a time, confirms (twice: the double click changes nothing).
    respond = _link(inbox.to(first)[0])
    page = await client.get(respond)
    assert page.status_code == 200 and "Accept and pick a time" in page.text
    assert "(Europe/Berlin, CE" in page.text, "the deadline is shown with its zone"
    assert (await client.post(f"{respond}/accept")).status_code == 303
    await _deliver(world, test_database)
    schedule = _link(inbox.to(first)[1])
    picker = await client.get(schedule)
    assert picker.status_code == 200, picker.text
    start_value = re.search(r'name="start" value="([^"]+)"', picker.text)
    assert start_value
    start = datetime.fromisoformat(start_value.group(1))
    assert (
        await client.post(f"{schedule}/hold", data={"start": start.isoformat()})
    ).status_code == 303
    held = await client.get(schedule)
    assert "Confirm this time" in held.text
    assert (await client.post(f"{schedule}/confirm")).status_code == 303
    assert (await client.post(f"{schedule}/confirm")).status_code == 303
    booked_page = await client.get(schedule)
    assert "Booked:" in booked_page.text and "Pick another time" in booked_page.text
    await _deliver(world, test_database)
    to_candidate = inbox.to(first)[2]
    to_recruiter = inbox.to(recruiter_email)
    assert len(to_recruiter) == 1 and "Interview confirmed" in to_recruiter[0]["Subject"]
    assert "Interview confirmed" in to_candidate["Subject"]
    for message in (to_candidate, to_recruiter[0]):
        _check_invite(message, recruiter_email, first, start)
    assert len(inbox.to(first)) == 3, "invitation, pick a time, confirmation: each once"

    # The respond link is spent now.
    reused = await client.get(respond)
    assert reused.status_code == 410 and "already answered" in reused.text

    # Candidate 2 declines → the best buffer candidate is promoted and invited.
    decline_link = _link(inbox.to(second)[0])
    declined = await client.post(f"{decline_link}/decline", data={"reason": "I took another offer"})
    assert declined.status_code == 303
    assert await _status_of(session, ranked[1].id) == "withdrawn"
    assert await _status_of(session, ranked[2].id) == "shortlisted"
    await _deliver(world, test_database)
    third = emails[ranked[2].candidate_id]
    assert [m["Subject"] for m in inbox.to(third)] == [
        "Good news: an interview for Senior Backend Engineer at Example Corp"
    ]

    # The promoted candidate never answers: the clock passes the 48 h deadline.
    clock.now += timedelta(hours=49)
    await switch_actor(session, SYSTEM)
    expired, refills = await scheduler.expire_and_promote(session, clock.now)
    assert (expired, refills) == (1, 1)
    assert await scheduler.expire_and_promote(session, clock.now) == (0, 0), "idempotent"
    # The refill job the sweep queued, run with the test's clock.
    promoted = await flows.refill_job(session, world.env, job_id, now=clock.now)
    assert len(promoted) == 1
    assert await _status_of(session, ranked[2].id) == "withdrawn"
    assert await _status_of(session, ranked[3].id) == "shortlisted"
    await _deliver(world, test_database)
    fourth = emails[ranked[3].candidate_id]
    assert len(inbox.to(fourth)) == 1 and "Good news" in inbox.to(fourth)[0]["Subject"]
    # The candidate whose invitation ran out is told once that the application is closed.
    assert [m["Subject"] for m in inbox.to(third)][1:] == [
        "Your invitation for Senior Backend Engineer ran out"
    ]
    assert "closed your application" in _text(inbox.to(third)[1])
    assert len(inbox.raw) == 8

    # The automation log shows every step.
    await switch_actor(session, SYSTEM)
    actions = (
        await session.execute(
            text("SELECT action_type, count(*) FROM automation_logs WHERE job_id = :j GROUP BY 1"),
            {"j": job_id},
        )
    ).all()
    logged = dict(actions)
    for action in (
        "applications_closed",
        "ranked",
        "shortlisted",
        "interview_invited",
        "interview_confirmed",
        "interview_slot_selection",
        "interview_scheduled",
        "interview_declined",
        "dropout",
        "promoted_from_buffer",
        "interview_expired",
    ):
        assert action in logged, (action, logged)
    assert logged["interview_invited"] == 4
    assert logged["promoted_from_buffer"] == 2
    assert logged["interview_scheduled"] == 1
    # Who did what: the candidates' own answers are theirs, the rest is automation's.
    triggers = (
        await session.execute(
            text(
                "SELECT action_type, array_agg(DISTINCT trigger_source) FROM automation_logs "
                "WHERE job_id = :j GROUP BY 1"
            ),
            {"j": job_id},
        )
    ).all()
    by_action = {action: set(sources) for action, sources in triggers}
    for action in ("interview_confirmed", "interview_slot_selection", "interview_declined"):
        assert by_action[action] == {"candidate"}, (action, by_action)
    assert by_action["interview_scheduled"] == {"candidate"}, "the candidate picked the time"
    for action in ("interview_invited", "promoted_from_buffer"):
        assert by_action[action] == {"auto"}, (action, by_action)
    assert by_action["interview_expired"] == {"scheduled"}, "the deadline sweep"
    assert by_action["dropout"] == {"candidate", "auto"}, "a decline, then an expiry"
    withdrawals = (
        await session.execute(
            text(
                "SELECT application_id, trigger_source FROM application_stage_history "
                "WHERE job_id = :j AND to_status = 'withdrawn'"
            ),
            {"j": job_id},
        )
    ).all()
    assert dict(withdrawals) == {ranked[1].id: "candidate", ranked[2].id: "auto"}
    page = await client.get(
        f"/jobs/{job['id']}/interviews", headers=senior.headers, params={"action": "interview_"}
    )
    assert page.status_code == 200, page.text
    assert "interview_expired" in page.text and "interview_declined" in page.text
    assert "ranked" not in re.sub(r"<[^>]+>", " ", page.text.split("Automation log")[1]).split()
