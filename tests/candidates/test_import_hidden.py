"""M4: a junior's import never fails, and never reveals, on a candidate they cannot see."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, switch_actor
from tests.factories import SignedIn

RESUME = """Hidden Person
hidden.person@example.test
+1 555 010 9999

Experience
Backend engineer, Example Corp, 2019 - 2024
Built payment services in Python and PostgreSQL.

Skills
Python, PostgreSQL, Kubernetes
"""


def _other() -> str:
    return (
        RESUME.replace("hidden.person", "other.person")
        .replace("Hidden Person", "Other Human")
        .replace("9999", "1234")
    )


async def test_junior_import_with_a_hidden_candidates_email_files_without_it(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    await switch_actor(session, SYSTEM)
    hidden = uuid.uuid4()
    await session.execute(
        text(
            "INSERT INTO candidates (id, first_name, last_name, email) "
            "VALUES (:id, 'Hidden', 'Person', 'hidden.person@example.test')"
        ),
        {"id": hidden},
    )
    response = await client.post(
        "/api/resumes/import",
        headers=people["junior"].headers,
        files=[
            ("files", ("hidden.txt", RESUME.encode(), "text/plain")),
            (
                "files",
                ("other.txt", _other().encode(), "text/plain"),
            ),
        ],
    )
    assert response.status_code == 200, response.text
    assert "hidden.person@example.test" not in response.text
    await switch_actor(session, SYSTEM)
    emails = (
        await session.scalars(
            text("SELECT email FROM candidates WHERE created_by_user_id = :u ORDER BY email"),
            {"u": people["junior"].user.id},
        )
    ).all()
    assert len(emails) == 2 and "hidden.person@example.test" not in emails
    assert (
        await session.scalar(
            text("SELECT count(*) FROM resumes WHERE candidate_id = :c"), {"c": hidden}
        )
        == 0
    )
