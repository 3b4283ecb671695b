"""E-mails to candidates on automatic transitions, through the outbox to the loopback SMTP
server: an invitation that ran out closes the application and says so (once); a job that is
archived tells everyone still waiting (pending or in the buffer) that it is closed (once);
nobody in the buffer is told anything while the job is live."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from hireflow.automation.service import Trigger
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews import flows, scheduler
from hireflow.interviews import service as interviews
from hireflow.interviews.availability import Availability, parse_hours
from hireflow.jobs import service as jobs
from hireflow.portal import flows as portal_flows
from tests.factories import SignedIn
from tests.interviews.conftest import World
from tests.jobs.test_jobs_api import _create_job
from tests.portal.test_portal import _apply, _deliver, _text


def _subjects(world: World, email: str) -> list[str]:
    return [
        str(m["Subject"]) for m in world.smtp.inbox.to(email) if "received" not in str(m["Subject"])
    ]


async def _standing(session: AsyncSession, job_id: str) -> dict[str, str]:
    """Each applicant's e-mail → their status."""
    await switch_actor(session, SYSTEM)
    rows = await session.execute(
        text(
            "SELECT coalesce(c.email, c.metadata->>'applied_with_email'), a.shortlist_status "
            "FROM applications a JOIN candidates c ON c.id = a.candidate_id "
            "WHERE a.job_id = :j"
        ),
        {"j": uuid.UUID(job_id)},
    )
    return {str(email): str(status) for email, status in rows.all()}


async def _job_with_three(world: World, senior: SignedIn, title: str) -> tuple[dict, list[str]]:
    job = await _create_job(
        world.client, senior, title=title, number_of_openings=1, shortlisting_buffer=1
    )
    emails = [f"{title.split()[0].lower()}{n}@example.test" for n in range(3)]
    for n, email in enumerate(emails):
        await _apply(world, job["id"], f"Cand{n}", email)
    closed = await world.client.post(f"/api/jobs/{job['id']}/close", headers=senior.headers)
    assert closed.status_code == 200, closed.text
    return job, emails


async def test_an_invitation_that_ran_out_is_told_once_and_the_buffer_is_not(
    world: World, people: dict[str, SignedIn], session: AsyncSession, test_database: Database
) -> None:
    senior = people["senior"]
    await switch_actor(session, SYSTEM)
    await interviews.save_availability(
        session,
        senior.user.id,
        Availability(zone="UTC", windows=parse_hours("Mon-Sun 08:00-20:00")),
    )
    job, emails = await _job_with_three(world, senior, "Expiry Engineer")
    job_id = uuid.UUID(job["id"])
    before = await _standing(session, job["id"])
    invited_one = next(e for e in emails if before[e] == "shortlisted")
    waiting = next(e for e in emails if before[e] == "buffer")
    pending = next(e for e in emails if before[e] == "pending")

    await switch_actor(session, SYSTEM)
    invited = await flows.invite_shortlisted(
        session, world.env, job_id, now=world.clock.now, trigger=Trigger.AUTO
    )
    assert len(invited) == 1
    await _deliver(world, test_database)
    assert _subjects(world, waiting) == [] and _subjects(world, pending) == [], (
        "nobody in the buffer or pending hears anything while the job is live"
    )

    world.clock.now += timedelta(hours=49)  # past the 48-hour answer deadline
    await switch_actor(session, SYSTEM)
    assert await scheduler.expire_and_promote(session, world.clock.now) == (1, 1)
    await flows.refill_job(session, world.env, job_id, now=world.clock.now)
    await flows.refill_job(session, world.env, job_id, now=world.clock.now)  # a retry
    await _deliver(world, test_database)
    after = await _standing(session, job["id"])
    assert after[invited_one] == "withdrawn" and after[waiting] == "shortlisted"
    ran_out = [s for s in _subjects(world, invited_one) if "ran out" in s]
    assert ran_out == ["Your invitation for Expiry Engineer ran out"]
    message = next(m for m in world.smtp.inbox.to(invited_one) if "ran out" in m["Subject"])
    body = " ".join(_text(message).split())
    assert "closed your application" in body and "http://testserver/p/" in body
    assert [s for s in _subjects(world, waiting) if "ran out" in s or "closed" in s] == []
    assert after[pending] == "buffer" and _subjects(world, pending) == []

    # The same automatic transition again writes nothing new (the outbox's key).
    await switch_actor(session, SYSTEM)
    application = next(
        a for a in await jobs.applications_of(session, job_id) if a.shortlist_status == "withdrawn"
    )
    await portal_flows.automatic_dropout(
        session, world.env, application, "expired", now=world.clock.now
    )
    await _deliver(world, test_database)
    assert [s for s in _subjects(world, invited_one) if "ran out" in s] == ran_out
    # A candidate who declined did it themselves: no automatic e-mail for that.
    assert not await portal_flows.automatic_dropout(
        session, world.env, application, "declined", now=world.clock.now
    )


async def test_archiving_a_job_tells_whoever_still_waits_once(
    world: World, people: dict[str, SignedIn], session: AsyncSession, test_database: Database
) -> None:
    senior = people["senior"]
    job, emails = await _job_with_three(world, senior, "Archive Analyst")
    standing = await _standing(session, job["id"])
    await _deliver(world, test_database)
    assert all(_subjects(world, e) == [] for e in emails), "closing tells nobody anything yet"

    for _ in range(2):  # archived twice: told once
        archived = await world.client.patch(
            f"/api/jobs/{job['id']}", json={"status": "archived"}, headers=senior.headers
        )
        assert archived.status_code == 200, archived.text
    await _deliver(world, test_database)
    for email in emails:
        told = [s for s in _subjects(world, email) if "is now closed" in s]
        if standing[email] in ("pending", "buffer"):
            assert told == ["Archive Analyst at Example Corp is now closed"], (email, standing)
        else:
            assert told == [], "the shortlisted candidate is not told the job is closed"
    waiting = next(e for e in emails if standing[e] == "buffer")
    message = next(m for m in world.smtp.inbox.to(waiting) if "closed" in m["Subject"])
    assert "will not take your application further" in " ".join(_text(message).split())


async def test_the_job_page_archives_and_tells_whoever_still_waits(
    world: World, people: dict[str, SignedIn], session: AsyncSession, test_database: Database
) -> None:
    senior = people["senior"]
    job, emails = await _job_with_three(world, senior, "Page Archivist")
    standing = await _standing(session, job["id"])
    page = await world.client.get(f"/jobs/{job['id']}", headers=senior.headers)
    assert "Archive the job" in page.text
    waiting = sum(1 for e in emails if standing[e] in ("pending", "buffer"))

    archived = await world.client.post(f"/jobs/{job['id']}/archive", headers=senior.headers)
    assert archived.status_code == 200, archived.text
    assert f"Archived. {waiting} waiting applicant" in archived.text
    assert "Archive the job" not in archived.text and "hiring for this job is over" in archived.text
    again = await world.client.post(f"/jobs/{job['id']}/archive", headers=senior.headers)
    assert again.status_code == 200 and "already archived" in again.text
    assert (await world.client.get(f"/api/jobs/{job['id']}", headers=senior.headers)).json()[
        "status"
    ] == "archived"
    await _deliver(world, test_database)
    for email in emails:
        told = [s for s in _subjects(world, email) if "is now closed" in s]
        assert len(told) == (1 if standing[email] in ("pending", "buffer") else 0), email

    junior = people["junior"]
    refused = await world.client.post(f"/jobs/{job['id']}/archive", headers=junior.headers)
    assert refused.status_code in (403, 404)


async def test_archiving_reads_and_writes_once_however_many_wait(
    world: World,
    people: dict[str, SignedIn],
    session: AsyncSession,
    db_connection: AsyncConnection,
) -> None:
    """The e-mails of an archive cost the same statements for 2 or 5 waiting applicants."""
    senior = people["senior"]
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    told = {}
    for waiting in (2, 5):
        job = await _create_job(world.client, senior, title=f"Batch Archivist {waiting}")
        for n in range(waiting):
            await _apply(world, job["id"], f"Cand{n}", f"batch{waiting}-{n}@example.test")
        statements.clear()
        event.listen(db_connection.sync_connection, "before_cursor_execute", count)
        try:
            sent = await portal_flows.job_finished(
                session, world.env, uuid.UUID(job["id"]), now=world.clock.now
            )
        finally:
            event.remove(db_connection.sync_connection, "before_cursor_execute", count)
        assert sent == waiting
        told[waiting] = len(statements)
    assert told[2] == told[5], told
