"""Every API route against every role and anonymous: the status the permission matrix implies.

A route that declares neither ``require(...)`` nor ``public()`` fails this test.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.app import create_app
from hireflow.auth.dependencies import PERMISSION_MARKER
from hireflow.auth.permissions import is_allowed
from hireflow.config import Settings
from tests.factories import SignedIn, sign_in

ROLES = ("admin", "senior", "junior")


def _permission(route: APIRoute) -> Any:
    stack = list(route.dependant.dependencies)
    while stack:
        dependant = stack.pop()
        marker = getattr(dependant.call, PERMISSION_MARKER, None)
        if marker is not None:
            return marker
        stack.extend(dependant.dependencies)
    return None


def _walk(routes: list[Any]) -> list[APIRoute]:
    """Every APIRoute, including those behind included routers (FastAPI includes lazily)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(_walk(route.original_router.routes))
    return found


def api_routes(settings: Settings) -> list[tuple[str, str, Any]]:
    app = create_app(settings, run_worker=False)
    routes = []
    for route in _walk(app.routes):
        if route.path.startswith("/api"):
            for method in sorted(route.methods):
                routes.append((method, route.path, _permission(route)))
    return routes


def test_every_api_route_declares_a_permission(settings: Settings) -> None:
    missing = [f"{m} {p}" for m, p, perm in api_routes(settings) if perm is None]
    assert not missing, f"routes without require()/public(): {missing}"
    assert len(api_routes(settings)) >= 15


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), path)


# After a route that ends the caller's sessions, the caller signs in again.
SESSION_ENDING = ("/api/auth/logout", "/api/auth/logout-all")


async def test_every_route_answers_each_role_as_the_matrix_says(
    settings: Settings,
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    secret_key: bytes,
) -> None:
    failures = []
    for method, path, permission in api_routes(settings):
        url = _concrete(path)
        kwargs: dict[str, Any] = {"json": {}} if method in ("POST", "PATCH", "PUT") else {}
        anonymous = await client.request(method, url, **kwargs)
        expected_anon = {401} if permission != "public" else None
        if expected_anon and anonymous.status_code not in expected_anon:
            failures.append(f"anonymous {method} {path}: {anonymous.status_code}")
        for role in ROLES:
            response = await client.request(method, url, headers=people[role].headers, **kwargs)
            if path in SESSION_ENDING:
                people[role] = await sign_in(session, secret_key, people[role].user)
            if permission == "public":
                ok = response.status_code not in (401, 403)
            else:
                action, resource = permission
                allowed = is_allowed(people[role].user.role, action, resource)
                ok = (response.status_code == 403) != allowed and response.status_code != 401
            if not ok:
                failures.append(
                    f"{role} {method} {path}: {response.status_code} {response.text[:120]}"
                )
            assert response.status_code < 500, f"{role} {method} {path}: {response.text}"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer a.b.c", "Basic Zm9vOmJhcg=="])
async def test_bad_credentials_are_401_not_500(client: httpx.AsyncClient, header: str) -> None:
    response = await client.get("/api/auth/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
