"""Candidates and assignments through the HTTP API."""

from __future__ import annotations

import httpx

from tests.factories import SignedIn


async def test_junior_creates_and_owns_a_candidate(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    junior, other = people["junior"], people["junior2"]
    created = await client.post(
        "/api/candidates",
        headers=junior.headers,
        json={"first_name": "Aiko", "last_name": "Tanaka", "email": "aiko@example.test"},
    )
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    assert (await client.get(f"/api/candidates/{cid}", headers=junior.headers)).status_code == 200
    history = await client.get(f"/api/candidates/{cid}/assignments", headers=junior.headers)
    assert [(a["user_id"], a["assignment_type"], a["is_active"]) for a in history.json()] == [
        (str(junior.user.id), "primary", True)
    ]
    hidden = await client.get(f"/api/candidates/{cid}", headers=other.headers)
    assert hidden.status_code == 404
    listed = await client.get("/api/candidates", headers=other.headers)
    assert cid not in [c["id"] for c in listed.json()["items"]]
    forbidden = await client.post(
        f"/api/candidates/{cid}/assignments",
        headers=junior.headers,
        json={"user_id": str(other.user.id)},
    )
    assert forbidden.status_code == 403


async def test_senior_assigns_and_unassigns_with_history(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior, junior = people["senior"], people["junior2"]
    cid = (
        await client.post(
            "/api/candidates",
            headers=senior.headers,
            json={"first_name": "Ben", "last_name": "Okafor"},
        )
    ).json()["id"]
    assert (await client.get(f"/api/candidates/{cid}", headers=junior.headers)).status_code == 404

    assigned = await client.post(
        f"/api/candidates/{cid}/assignments",
        headers=senior.headers,
        json={"user_id": str(junior.user.id), "assignment_type": "secondary"},
    )
    assert assigned.status_code == 201
    twice = await client.post(
        f"/api/candidates/{cid}/assignments",
        headers=senior.headers,
        json={"user_id": str(junior.user.id)},
    )
    assert twice.status_code == 409
    assert (await client.get(f"/api/candidates/{cid}", headers=junior.headers)).status_code == 200
    edited = await client.patch(
        f"/api/candidates/{cid}",
        headers=junior.headers,
        json={"current_position": "Data Engineer", "status": "placed"},
    )
    assert edited.status_code == 200 and edited.json()["status"] == "placed"

    gone = await client.delete(
        f"/api/candidates/{cid}/assignments/{junior.user.id}",
        headers=senior.headers,
        params={"reason": "rebalanced"},
    )
    assert gone.status_code == 204
    assert (await client.get(f"/api/candidates/{cid}", headers=junior.headers)).status_code == 404
    again = await client.post(
        f"/api/candidates/{cid}/assignments",
        headers=senior.headers,
        json={"user_id": str(junior.user.id)},
    )
    assert again.status_code == 201, "history rows do not block a new active assignment"
    history = (
        await client.get(f"/api/candidates/{cid}/assignments", headers=senior.headers)
    ).json()
    assert [(a["is_active"], a["unassigned_reason"]) for a in history] == [
        (True, None),
        (False, "rebalanced"),
    ]


async def test_bad_input_gets_clear_errors(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior = people["senior"]
    bad = await client.post(
        "/api/candidates",
        headers=senior.headers,
        json={"first_name": "", "last_name": "X", "email": "nope"},
    )
    assert bad.status_code == 422
    fields = {d["field"] for d in bad.json()["error"]["details"]}
    assert {"body.first_name", "body.email"} <= fields
    cursor = await client.get("/api/candidates", headers=senior.headers, params={"cursor": "%%%"})
    assert cursor.status_code == 400
    assert (
        await client.get("/api/candidates/not-a-uuid", headers=senior.headers)
    ).status_code == 422
