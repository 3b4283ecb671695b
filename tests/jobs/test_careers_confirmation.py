"""H4: an applicant using a known address confirms it through an emailed, signed, expiring
link before their application joins the existing profile (real SMTP on loopback)."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.jobs import confirmation
from hireflow.kit.time import utcnow
from hireflow.notifications import mail
from tests.factories import SignedIn
from tests.jobs.test_careers import _fields, _form
from tests.jobs.test_careers_profiles import _candidate
from tests.jobs.test_jobs_api import _create_job
from tests.resumes import samples
from tests.smtp_server import SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


async def _count(session: AsyncSession, table: str, candidate: uuid.UUID) -> int:
    await switch_actor(session, SYSTEM)
    sql = f"SELECT count(*) FROM {table} WHERE candidate_id = :c"
    return int(await session.scalar(text(sql), {"c": candidate}) or 0)


async def test_the_address_owner_confirms_by_link_and_the_application_joins_their_profile(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    settings: Settings,
    test_database: Database,
    smtp: SmtpServer,
    secret_key: bytes,
) -> None:
    job = await _create_job(client, people["senior"])
    await switch_actor(session, SYSTEM)
    erika = await _candidate(session, "Erika", "Mustermann", "erika@example.test")
    token = await _form(client, job["id"])
    sent = await client.post(
        f"/careers/{job['id']}/apply",
        data=_fields(token, first_name="Erika", last_name="Mustermann", email="erika@example.test"),
        files={"resume": ("cv.pdf", samples.text_pdf(), "application/pdf")},
    )
    assert sent.status_code == 200, sent.text
    assert await _count(session, "applications", erika) == 0

    config = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_starttls": False}
    )
    results = await mail.deliver_due(test_database, config, now=utcnow() + timedelta(minutes=1))
    # The address gets the application receipt and the confirmation request.
    assert [r.status for r in results] == ["sent", "sent"]
    found = []
    for message in smtp.inbox.to("erika@example.test"):
        body = message.get_body(("plain",))
        assert body is not None
        if match := re.search(r"http://\S+/careers/confirm/(\S+)", body.get_content()):
            found.append((message, match))
    [(message, link)] = found
    assert job["title"] in str(message["Subject"])
    path = f"/careers/confirm/{link.group(1)}"

    asked = await client.get(path)  # following the link only asks (mail scanners follow links)
    assert asked.status_code == 200 and "Yes, add it to my profile" in asked.text
    assert await _count(session, "applications", erika) == 0

    tampered = path[:-1] + ("0" if path[-1] != "0" else "1")
    for bad in (tampered, "/careers/confirm/not-a-token"):
        refused = await client.post(bad)
        assert refused.status_code == 410 and "cannot be used" in refused.text
    pending = uuid.UUID(link.group(1).split(".")[0])
    expired = confirmation.issue(
        secret_key, pending, erika, now=time.time() - confirmation.TTL_SECONDS - 60
    )
    assert (await client.get(f"/careers/confirm/{expired}")).status_code == 410
    assert await _count(session, "applications", erika) == 0

    done = await client.post(path)
    assert done.status_code == 200 and "now part of your profile" in done.text
    assert await _count(session, "applications", erika) == 1
    assert await _count(session, "resumes", erika) == 1
    await switch_actor(session, SYSTEM)
    assert (
        await session.scalar(text("SELECT count(*) FROM candidates WHERE id = :p"), {"p": pending})
        == 0
    )
    merged = (
        await session.execute(
            text(
                "SELECT user_id, new_values ->> 'by' AS by FROM activity_logs "
                "WHERE action = 'merge' AND entity_id = :c"
            ),
            {"c": erika},
        )
    ).one()
    assert merged.user_id is None and "applicant" in merged.by
    assert (await client.post(path)).status_code == 410  # used once


async def test_a_recruiters_merge_of_the_pending_profile_keeps_its_application(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    job = await _create_job(client, people["senior"])
    await switch_actor(session, SYSTEM)
    erika = await _candidate(session, "Erika", "Mustermann", "erika@example.test")
    token = await _form(client, job["id"])
    sent = await client.post(
        f"/careers/{job['id']}/apply",
        data=_fields(token, first_name="Erika", last_name="Mustermann", email="erika@example.test"),
        files={"resume": ("cv.pdf", samples.text_pdf(), "application/pdf")},
    )
    assert sent.status_code == 200, sent.text
    await switch_actor(session, SYSTEM)
    pending = await session.scalar(
        text("SELECT candidate_id FROM applications WHERE job_id = :j"), {"j": job["id"]}
    )
    merged = await client.post(
        f"/api/candidates/{erika}/merge",
        headers=people["senior"].headers,
        json={"duplicate_id": str(pending)},
    )
    assert merged.status_code == 200, merged.text
    assert await _count(session, "applications", erika) == 1
    assert await _count(session, "resumes", erika) == 1
