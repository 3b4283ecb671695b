"""L9: nothing with personal data may be cached by a browser or a proxy."""

from __future__ import annotations

import httpx

from tests.factories import SignedIn


async def test_candidate_pages_and_api_answers_are_no_store(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    created = await client.post(
        "/api/candidates",
        headers=people["senior"].headers,
        json={"first_name": "A", "last_name": "B"},
    )
    assert created.status_code == 201
    for url in ("/api/candidates", f"/api/candidates/{created.json()['id']}"):
        answer = await client.get(url, headers=people["senior"].headers)
        assert answer.headers["cache-control"] == "no-store", url
    # Pages too: the header is set for every response but static assets.
    assert (await client.get("/login")).headers["cache-control"] == "no-store"
    assert "no-store" not in (await client.get("/static/app.css")).headers.get("cache-control", "")
