"""Duplicate detection and merging: nothing is lost, and the merge is recorded."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, switch_actor
from tests.factories import SignedIn
from tests.resumes import samples


async def _create(client: httpx.AsyncClient, who: SignedIn, **body: object) -> str:
    response = await client.post(
        "/api/candidates", headers=who.headers, json=body, params={"allow_duplicate": "true"}
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_duplicates_are_found_with_reasons(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior = people["senior"]
    original = await _create(
        client,
        senior,
        first_name="Maria",
        last_name="Garcia",
        email="maria@example.test",
        phone="+44 20 7946 0958",
        current_company="Monzo",
    )
    same_phone = await _create(
        client, senior, first_name="M.", last_name="Garcia", phone="020 7946 0958"
    )
    similar = await _create(
        client, senior, first_name="Maria", last_name="Garcia Lopez", current_company="Monzo Bank"
    )
    await _create(client, senior, first_name="Maria", last_name="Garcia")  # name alone
    await _create(client, senior, first_name="Peter", last_name="Jones", current_company="Monzo")
    found = (
        await client.get(f"/api/candidates/{original}/duplicates", headers=senior.headers)
    ).json()
    by_id = {d["candidate"]["id"]: d for d in found}
    assert by_id[same_phone]["reasons"] == ["same phone"] and by_id[same_phone]["strong"]
    assert by_id[similar]["strong"] is False
    assert "similar company" in by_id[similar]["reasons"][0]
    assert len(found) == 2, "a common name alone is not reported"


async def test_merge_keeps_resumes_assignments_and_records_it(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    senior, junior = people["senior"], people["junior"]
    keep = await _create(client, senior, first_name="Ana", last_name="Silva")
    dup = await _create(
        client, junior, first_name="Ana", last_name="Silva", email="ana@example.test"
    )
    for cid, data, name in (
        (keep, samples.text_pdf(), "a.pdf"),
        (dup, samples.docx_resume(), "b.docx"),
        (dup, samples.ENGLISH_RESUME.encode(), "c.txt"),
    ):
        upload = await client.post(
            f"/api/candidates/{cid}/resumes", headers=senior.headers, files={"file": (name, data)}
        )
        assert upload.status_code == 201

    refused = await client.post(
        f"/api/candidates/{keep}/merge", headers=junior.headers, json={"duplicate_id": dup}
    )
    assert refused.status_code == 403
    merged = await client.post(
        f"/api/candidates/{keep}/merge", headers=senior.headers, json={"duplicate_id": dup}
    )
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["moved"] == {"resumes": 2, "assignments": 1, "fields_filled": 1}
    assert body["candidate"]["email"] == "ana@example.test"
    versions = (await client.get(f"/api/candidates/{keep}/resumes", headers=senior.headers)).json()
    assert [v["version_number"] for v in versions] == [3, 2, 1]
    assert (await client.get(f"/api/candidates/{dup}", headers=senior.headers)).status_code == 404
    assert (await client.get(f"/api/candidates/{keep}", headers=junior.headers)).status_code == 200

    await switch_actor(session, SYSTEM)
    record = (
        await session.execute(
            text(
                "SELECT merged_candidate_id, merged_by_user_id, moved FROM candidate_merges "
                "WHERE candidate_id = :k"
            ),
            {"k": keep},
        )
    ).one()
    assert str(record.merged_candidate_id) == dup
    assert record.merged_by_user_id == senior.user.id
    assert (
        await session.scalar(
            text("SELECT count(*) FROM activity_logs WHERE entity_id = :k AND action = 'merge'"),
            {"k": keep},
        )
        == 1
    )


async def test_create_warns_about_duplicates(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior = people["senior"]
    first = await _create(
        client,
        senior,
        first_name="Kenji",
        last_name="Sato",
        email="kenji@example.test",
        current_company="Sony",
    )
    same_email = await client.post(
        "/api/candidates",
        headers=senior.headers,
        json={"first_name": "K.", "last_name": "Sato", "email": "KENJI@example.test"},
    )
    assert same_email.status_code == 409
    assert same_email.json()["error"]["details"][0]["id"] == first
    forced = await client.post(
        "/api/candidates",
        headers=senior.headers,
        params={"allow_duplicate": "true"},
        json={"first_name": "K.", "last_name": "Sato", "email": "other@example.test"},
    )
    assert forced.status_code == 201
    similar = await client.post(
        "/api/candidates",
        headers=senior.headers,
        json={"first_name": "Kenji", "last_name": "Satoh", "current_company": "Sony"},
    )
    assert similar.status_code == 201
    assert first in similar.headers["x-possible-duplicates"]
