"""L3: a tampered page cursor is a clear 400, never a 500."""

from __future__ import annotations

import httpx
import pytest

from hireflow.kit.pagination import encode_cursor
from tests.factories import SignedIn

BAD_ID = encode_cursor("2026-01-01T00:00:00+00:00", "not-a-uuid")
BAD_TIME = encode_cursor("yesterday", "00000000-0000-4000-8000-000000000001")
CASES = [
    ("/api/candidates", BAD_ID),
    ("/api/candidates", BAD_TIME),
    ("/api/candidates?sort=name", encode_cursor("Jane", "zz")),
    ("/api/audit", BAD_ID),
    ("/api/audit", BAD_TIME),
]


@pytest.mark.parametrize(("url", "cursor"), CASES)
async def test_malformed_cursors_are_refused_not_crashed(
    client: httpx.AsyncClient, people: dict[str, SignedIn], cursor: str, url: str
) -> None:
    joiner = "&" if "?" in url else "?"
    response = await client.get(f"{url}{joiner}cursor={cursor}", headers=people["admin"].headers)
    assert response.status_code == 400, response.text
    assert "cursor" in response.json()["error"]["message"]
