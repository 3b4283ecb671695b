"""H4/M2: a careers application never writes into an existing profile; exact email first."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.candidates import duplicates
from hireflow.db.session import SYSTEM, switch_actor
from tests.factories import SignedIn
from tests.jobs.test_careers import _fields, _form
from tests.jobs.test_jobs_api import _create_job
from tests.resumes import samples


async def _candidate(session: AsyncSession, first: str, last: str, email: str) -> uuid.UUID:
    cid = uuid.uuid4()
    await session.execute(
        text("INSERT INTO candidates (id, first_name, last_name, email) VALUES (:id, :f, :l, :e)"),
        {"id": cid, "f": first, "l": last, "e": email},
    )
    return cid


async def test_an_applicant_with_someones_email_gets_a_separate_pending_profile(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    job = await _create_job(client, people["senior"])
    await switch_actor(session, SYSTEM)
    erika = await _candidate(session, "Erika", "Mustermann", "erika@example.test")
    token = await _form(client, job["id"])
    sent = await client.post(
        f"/careers/{job['id']}/apply",
        data=_fields(token, first_name="Mallory", last_name="Attacker", email="ERIKA@example.test"),
        files={"resume": ("cv.pdf", samples.text_pdf(), "application/pdf")},
    )
    assert sent.status_code == 200, sent.text
    await switch_actor(session, SYSTEM)
    count = "SELECT count(*) FROM {} WHERE candidate_id = :c"
    assert await session.scalar(text(count.format("resumes")), {"c": erika}) == 0
    assert await session.scalar(text(count.format("applications")), {"c": erika}) == 0
    row = (
        await session.execute(
            text(
                "SELECT c.id, c.email, c.first_name, c.metadata FROM applications a "
                "JOIN candidates c ON c.id = a.candidate_id WHERE a.job_id = :j"
            ),
            {"j": job["id"]},
        )
    ).one()
    assert row.email is None and row.first_name == "Mallory"
    assert row.metadata["applied_with_email"] == "erika@example.test"
    assert row.metadata["possible_duplicate_of"] == str(erika)
    actors = (
        await session.execute(
            text(
                "SELECT entity_type, user_id, new_values ->> 'by' AS by FROM activity_logs "
                "WHERE action = 'create' AND entity_type IN ('candidate', 'resume') "
                "AND (entity_id = :c OR new_values ->> 'candidate_id' = :s)"
            ),
            {"c": row.id, "s": str(row.id)},
        )
    ).all()
    assert {a.entity_type for a in actors} == {"candidate", "resume"}
    assert all(a.user_id is None and a.by == "anonymous applicant" for a in actors)


async def test_exact_email_and_phone_come_before_similar_names(session: AsyncSession) -> None:
    await switch_actor(session, SYSTEM)
    for n in range(12):
        await _candidate(session, "Jane", "Doe", f"jane{n}@example.test")
    target = await _candidate(session, "Janet", "Smith", "the.one@example.test")
    matches = await duplicates.find_duplicates(
        session,
        first_name="Jane",
        last_name="Doe",
        email="The.One@example.test",
        phone=None,
        company=None,
    )
    assert matches[0].candidate.id == target and "same email" in matches[0].reasons
