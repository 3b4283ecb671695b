"""Liveness, readiness, the home page and the one error shape."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import SignedIn


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["x-request-id"]


async def test_readyz_needs_a_recent_worker_heartbeat(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await session.execute(text("DELETE FROM worker_heartbeats"))
    response = await client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "ok"
    assert body["checks"]["worker"] == "no heartbeat yet"

    await session.execute(
        text(
            "INSERT INTO worker_heartbeats (worker_name, beat_at) "
            "VALUES ('stale', now() - interval '10 minutes')"
        )
    )
    response = await client.get("/readyz")
    assert response.status_code == 503
    assert "last heartbeat" in response.json()["checks"]["worker"]

    await session.execute(
        text("INSERT INTO worker_heartbeats (worker_name, beat_at) VALUES ('fresh', now())")
    )
    response = await client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "ready"


async def test_home_page_is_served_with_local_assets(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert "hireflow" in response.text
    assert "/static/htmx.min.js" in response.text
    asset = await client.get("/static/htmx.min.js")
    assert asset.status_code == 200
    assert "htmx" in asset.text[:200]


async def test_unknown_api_route_has_the_json_error_shape(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/nothing-here", headers={"x-request-id": "abc123"})
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "code": "not_found",
            "message": "Not Found",
            "details": None,
            "request_id": "abc123",
        }
    }


async def test_unknown_page_renders_an_html_error(client: httpx.AsyncClient) -> None:
    response = await client.get("/nothing-here", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "Not Found" in response.text


async def test_openapi_is_published(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "hireflow"


async def test_signed_in_home_is_a_dashboard(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    senior = people["senior"]
    await client.post(
        "/api/candidates", headers=senior.headers, json={"first_name": "Dash", "last_name": "Board"}
    )
    # The API token also authenticates the page; the counts are the user's own view.
    page = await client.get("/", headers=senior.headers)
    assert page.status_code == 200
    assert "active candidates" in page.text and "Hello, Senior" in page.text


async def test_pages_carry_security_headers_and_docs_work_offline(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/")
    assert page.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "unsafe" not in page.headers["content-security-policy"]
    docs = await client.get("/api/docs")
    assert docs.status_code == 200
    assert "/static/swagger/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text.lower()
    assert (await client.get("/static/swagger/swagger-ui-bundle.js")).status_code == 200


async def test_values_postgresql_cannot_store_are_a_422(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    response = await client.post(
        "/api/candidates",
        headers=people["senior"].headers,
        json={"first_name": "Nul\x00l", "last_name": "Byte"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_value"
    search = await client.get(
        "/api/candidates", headers=people["senior"].headers, params={"q": "a\x00b"}
    )
    assert search.status_code == 422


async def test_signed_out_pages_redirect_to_sign_in_but_the_api_says_401(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/jobs", "/admin/prompts", "/candidates", "/account"):
        page = await client.get(path)
        assert page.status_code == 303, path
        assert page.headers["location"] == f"/login?next={path}"
    assert (await client.get("/api/jobs")).status_code == 401
