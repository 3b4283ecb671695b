"""The candidate portal behind the link in every e-mail: own data only, friendly refusals,
export, deletion requests a senior acts on, and kind status e-mails (per job)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import timedelta
from email.message import EmailMessage

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.notifications import mail
from tests.factories import SignedIn
from tests.interviews.conftest import World
from tests.jobs.test_careers import _fields, _form
from tests.jobs.test_jobs_api import _create_job
from tests.resumes import samples

PORTAL = re.compile(r"http://testserver(/p/[A-Za-z0-9_.\-]+)")


def _text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


async def _deliver(world: World, test_database: Database) -> None:
    results = await mail.deliver_due(test_database, world.config, now=world.clock.now)
    assert all(r.status == "sent" for r in results), results


async def _apply(world: World, job_id: str, first: str, email: str) -> None:
    token = await _form(world.client, job_id)
    sent = await world.client.post(
        f"/careers/{job_id}/apply",
        data=_fields(token, first_name=first, email=email),
        files={"resume": ("cv.pdf", samples.text_pdf())},
    )
    assert sent.status_code == 200, sent.text


def _portal_link(world: World, email: str) -> str:
    received = [m for m in world.smtp.inbox.to(email) if "received" in str(m["Subject"])]
    assert len(received) == 1, [m["Subject"] for m in world.smtp.inbox.to(email)]
    found = PORTAL.search(_text(received[0]))
    assert found, _text(received[0])
    return found.group(1)


async def test_applicant_gets_a_receipt_with_a_portal_of_their_own(
    world: World, people: dict[str, SignedIn], test_database: Database
) -> None:
    job = await _create_job(world.client, people["senior"], title="Portal Engineer")
    other = await _create_job(world.client, people["senior"], title="Secret Other Job")
    await _apply(world, job["id"], "Ana", "ana@example.test")
    await _apply(world, other["id"], "Ben", "ben@example.test")
    await _deliver(world, test_database)

    ana = _portal_link(world, "ana@example.test")
    page = await world.client.get(ana)
    assert page.status_code == 200
    assert "Hello Ana" in page.text and "Portal Engineer" in page.text
    assert "Received" in page.text and "after the closing date" in page.text
    assert "Secret Other Job" not in page.text and "Ben" not in page.text
    ben = await world.client.get(_portal_link(world, "ben@example.test"))
    assert "Secret Other Job" in ben.text and "Portal Engineer" not in ben.text

    tampered = await world.client.get(ana[:-3] + ("abc" if not ana.endswith("abc") else "xyz"))
    assert tampered.status_code == 400 and "This link cannot be used" in tampered.text
    world.clock.now += timedelta(days=91)
    expired = await world.client.get(ana)
    assert expired.status_code == 410 and "has expired" in expired.text


async def test_export_and_a_deletion_request_a_senior_erases(
    world: World, people: dict[str, SignedIn], test_database: Database, session: AsyncSession
) -> None:
    job = await _create_job(world.client, people["senior"], title="Data Steward")
    await _apply(world, job["id"], "Cleo", "cleo@example.test")
    await _deliver(world, test_database)
    link = _portal_link(world, "cleo@example.test")

    export = await world.client.post(f"{link}/export")
    assert export.status_code == 200
    payload = json.loads(zipfile.ZipFile(io.BytesIO(export.content)).read("candidate.json"))
    assert payload["candidate"]["first_name"] == "Cleo"
    candidate_id = payload["candidate"]["id"]

    unticked = await world.client.post(f"{link}/delete", data={})
    assert "tick the box" in unticked.text
    asked = await world.client.post(f"{link}/delete", data={"confirm": "yes"})
    assert "We received your request" in asked.text
    again = await world.client.post(f"{link}/delete", data={"confirm": "yes"})
    assert "already" in again.text

    await switch_actor(session, SYSTEM)
    logged = await session.scalar(
        text(
            "SELECT count(*) FROM activity_logs WHERE entity_id = :c "
            "AND new_values->>'deletion_requested' = 'true'"
        ),
        {"c": candidate_id},
    )
    assert logged == 1, "the request is in the activity log"
    junior = await world.client.get("/privacy/requests", headers=people["junior"].headers)
    assert junior.status_code == 403
    queue = await world.client.get("/privacy/requests", headers=people["senior"].headers)
    assert "Erase Cleo" in queue.text
    analytics = await world.client.get("/analytics", headers=people["senior"].headers)
    assert 'href="/privacy/requests"' in analytics.text, "seniors are pointed to the request"
    request_id = re.search(r'action="/privacy/requests/([0-9a-f-]+)"', queue.text)
    assert request_id
    erased = await world.client.post(
        f"/privacy/requests/{request_id.group(1)}",
        data={"operation": "erase"},
        headers=people["senior"].headers,
    )
    assert "was erased" in erased.text and "Erase Cleo" not in erased.text
    twice = await world.client.post(
        f"/privacy/requests/{request_id.group(1)}",
        data={"operation": "erase"},
        headers=people["senior"].headers,
    )
    assert "already handled" in twice.text

    await switch_actor(session, SYSTEM)
    left = await session.scalar(
        text("SELECT count(*) FROM candidates WHERE id = :c"), {"c": candidate_id}
    )
    assert left == 0
    handled = (
        await session.execute(
            text(
                "SELECT status, handled_by_user_id, candidate_id FROM portal_deletion_requests "
                "WHERE id = :r"
            ),
            {"r": request_id.group(1)},
        )
    ).one()
    assert tuple(handled) == ("erased", people["senior"].user.id, None)
    gone = await world.client.get(link)
    assert gone.status_code == 410 and "no longer hold" in gone.text


async def test_rejection_mail_is_kind_and_optional_per_job(
    world: World, people: dict[str, SignedIn], test_database: Database, session: AsyncSession
) -> None:
    senior = people["senior"]
    job = await _create_job(world.client, senior, title="Kind Words")
    quiet = await _create_job(world.client, senior, title="Quiet Job")
    await _apply(world, job["id"], "Dan", "dan@example.test")
    await _apply(world, quiet["id"], "Eve", "eve@example.test")
    off = await world.client.post(
        f"/jobs/{quiet['id']}/candidate-mail", data={}, headers=senior.headers
    )
    assert off.status_code == 200 and "Saved" in off.text
    await switch_actor(session, SYSTEM)
    ids = dict(
        (
            await session.execute(
                text("SELECT job_id::text, id::text FROM applications WHERE job_id = ANY(:j)"),
                {"j": [job["id"], quiet["id"]]},
            )
        ).all()
    )
    for job_id in (job["id"], quiet["id"]):
        decided = await world.client.post(
            f"/api/applications/{ids[job_id]}/decision",
            json={"action": "reject"},
            headers=senior.headers,
        )
        assert decided.status_code == 200, decided.text
    await _deliver(world, test_database)
    dan = [m for m in world.smtp.inbox.to("dan@example.test") if "received" not in m["Subject"]]
    assert len(dan) == 1
    body = _text(dan[0])
    assert "will not take your application further" in " ".join(body.split())
    assert PORTAL.search(body)
    eve = [m for m in world.smtp.inbox.to("eve@example.test") if "received" not in m["Subject"]]
    assert eve == [], "the job turned status e-mails off"
