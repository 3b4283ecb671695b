"""M5: creating or editing a candidate never tells a junior that a hidden profile exists."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, switch_actor
from tests.factories import SignedIn

HIDDEN_EMAIL = "hidden.person@example.test"


async def _hidden_candidate(session: AsyncSession) -> uuid.UUID:
    await switch_actor(session, SYSTEM)
    hidden = uuid.uuid4()
    await session.execute(
        text(
            "INSERT INTO candidates (id, first_name, last_name, email) "
            "VALUES (:id, 'Hidden', 'Person', :email)"
        ),
        {"id": hidden, "email": HIDDEN_EMAIL},
    )
    return hidden


async def _stored(session: AsyncSession, candidate_id: str) -> tuple[str | None, dict[str, str]]:
    await switch_actor(session, SYSTEM)
    row = (
        await session.execute(
            text("SELECT email, metadata FROM candidates WHERE id = :id"), {"id": candidate_id}
        )
    ).one()
    return row.email, row.metadata


async def test_a_junior_creating_with_a_hidden_email_gets_the_same_answer_as_a_new_one(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    hidden = await _hidden_candidate(session)
    junior = people["junior"].headers
    clash = await client.post(
        "/api/candidates",
        headers=junior,
        json={"first_name": "Mallory", "last_name": "Probe", "email": HIDDEN_EMAIL.upper()},
    )
    fresh = await client.post(
        "/api/candidates",
        headers=junior,
        json={"first_name": "Nora", "last_name": "Fresh", "email": "nora.fresh@example.test"},
    )
    assert clash.status_code == fresh.status_code == 201, clash.text
    assert clash.json()["email"] == HIDDEN_EMAIL  # the Email type lowercases
    assert set(clash.json()) == set(fresh.json())
    assert str(hidden) not in clash.text and "X-Possible-Duplicates" not in clash.headers
    # The junior's own page shows the address they typed, like any other profile.
    page = await client.get(f"/candidates/{clash.json()['id']}", headers=junior)
    assert page.status_code == 200 and HIDDEN_EMAIL in page.text
    # Filed as a pending duplicate: the hidden profile keeps its email, a senior sees the pair.
    email, metadata = await _stored(session, clash.json()["id"])
    assert email is None and metadata["pending_email"] == HIDDEN_EMAIL
    assert "pending_duplicate" in metadata
    duplicates = await client.get(
        f"/api/candidates/{hidden}/duplicates", headers=people["senior"].headers
    )
    assert duplicates.status_code == 200
    found = {d["candidate"]["id"]: d["reasons"] for d in duplicates.json()}
    assert found[clash.json()["id"]] == ["same email"]


async def test_a_junior_editing_to_a_hidden_email_is_saved_as_pending_not_refused(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    await _hidden_candidate(session)
    junior = people["junior"].headers
    mine = await client.post(
        "/api/candidates", headers=junior, json={"first_name": "Olga", "last_name": "Own"}
    )
    edited = await client.patch(
        f"/api/candidates/{mine.json()['id']}", headers=junior, json={"email": HIDDEN_EMAIL}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["email"] == HIDDEN_EMAIL
    email, metadata = await _stored(session, mine.json()["id"])
    assert email is None and metadata["pending_email"] == HIDDEN_EMAIL


async def test_a_clash_with_a_profile_the_junior_can_see_is_still_a_409(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    junior = people["junior"].headers
    first = await client.post(
        "/api/candidates",
        headers=junior,
        json={"first_name": "Pia", "last_name": "Seen", "email": "pia.seen@example.test"},
    )
    other = await client.post(
        "/api/candidates", headers=junior, json={"first_name": "Quin", "last_name": "Two"}
    )
    assert first.status_code == other.status_code == 201
    edited = await client.patch(
        f"/api/candidates/{other.json()['id']}",
        headers=junior,
        json={"email": "pia.seen@example.test"},
    )
    assert edited.status_code == 409
    again = await client.post(
        "/api/candidates",
        headers=junior,
        json={"first_name": "Pia", "last_name": "Again", "email": "pia.seen@example.test"},
    )
    assert again.status_code == 409 and first.json()["id"] in again.text


async def test_a_senior_still_gets_the_409_for_an_existing_email(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    hidden = await _hidden_candidate(session)
    response = await client.post(
        "/api/candidates",
        headers=people["senior"].headers,
        json={"first_name": "Hidden", "last_name": "Person", "email": HIDDEN_EMAIL},
    )
    assert response.status_code == 409 and str(hidden) in response.text
