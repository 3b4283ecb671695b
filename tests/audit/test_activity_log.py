"""Every mutating route writes its activity-log rows, in the same transaction, without secrets."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.models import ActivityLog
from hireflow.db.session import SYSTEM, switch_actor
from tests.factories import PASSWORD, SignedIn


async def _log(session: AsyncSession) -> dict[object, tuple[str, str]]:
    await switch_actor(session, SYSTEM)
    rows = await session.execute(
        select(ActivityLog.id, ActivityLog.entity_type, ActivityLog.action)
    )
    return {r.id: (r.entity_type, r.action) for r in rows}


async def test_each_mutation_is_logged_once_per_changed_record(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    admin, senior, junior = people["admin"], people["senior"], people["junior"]
    cid = None

    async def call(method: str, url: str, who: SignedIn, **kw: Any) -> httpx.Response:
        response = await client.request(method, url.format(cid=cid), headers=who.headers, **kw)
        assert response.status_code < 400, response.text
        return response

    steps: list[tuple[str, str, SignedIn, dict[str, Any], list[tuple[str, str]]]] = [
        (
            "POST",
            "/api/candidates",
            junior,
            {"json": {"first_name": "A", "last_name": "B"}},
            [("candidate", "create"), ("assignment", "assign")],
        ),
        (
            "PATCH",
            "/api/candidates/{cid}",
            junior,
            {"json": {"phone": "+81 90 1234 5678"}},
            [("candidate", "update")],
        ),
        ("GET", "/api/candidates/{cid}", junior, {}, [("candidate", "view")]),
        (
            "POST",
            "/api/candidates/{cid}/assignments",
            senior,
            {"json": {"user_id": str(people["junior2"].user.id)}},
            [("assignment", "assign")],
        ),
        (
            "DELETE",
            "/api/candidates/{cid}/assignments/" + str(people["junior2"].user.id),
            senior,
            {},
            [("assignment", "unassign")],
        ),
        (
            "POST",
            "/api/users",
            admin,
            {
                "json": {
                    "email": "x@example.test",
                    "first_name": "X",
                    "last_name": "Y",
                    "role": "senior_recruiter",
                }
            },
            [("user", "create")],
        ),
        (
            "PATCH",
            f"/api/users/{senior.user.id}",
            admin,
            {"json": {"last_name": "Renamed"}},
            [("user", "update")],
        ),
        (
            "POST",
            f"/api/users/{people['junior2'].user.id}/reset-password",
            admin,
            {},
            [("user", "update")],
        ),
        (
            "POST",
            "/api/auth/password",
            senior,
            {"json": {"current_password": PASSWORD, "new_password": "new senior phrase 11"}},
            [("user", "update")],
        ),
        ("POST", "/api/auth/logout", junior, {}, [("session", "logout")]),
    ]
    for method, url, who, kwargs, expected in steps:
        before = await _log(session)
        response = await call(method, url, who, **kwargs)
        if cid is None:
            cid = response.json()["id"]
        after = await _log(session)
        added = sorted(value for key, value in after.items() if key not in before)
        assert added == sorted(expected), f"{method} {url}"


async def test_secrets_never_reach_the_log(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, SignedIn]
) -> None:
    changed = await client.post(
        "/api/auth/password",
        headers=people["senior"].headers,
        json={"current_password": PASSWORD, "new_password": "very secret phrase 99"},
    )
    assert changed.status_code == 204, changed.text
    await switch_actor(session, SYSTEM)
    values = [str(v) for v in (await session.scalars(select(ActivityLog.new_values))).all()]
    assert values and not any("very secret phrase" in v or "argon2" in v for v in values)


async def test_admin_browses_and_filters_the_log(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    admin = people["admin"]
    for n in range(3):
        await client.post(
            "/api/candidates", headers=admin.headers, json={"first_name": f"C{n}", "last_name": "Z"}
        )
    page = await client.get(
        "/api/audit",
        headers=admin.headers,
        params={"entity_type": "candidate", "action": "create", "limit": 2},
    )
    assert page.status_code == 200
    body = page.json()
    assert len(body["items"]) == 2 and body["next_cursor"]
    assert all(i["user_id"] == str(admin.user.id) for i in body["items"])
    rest = await client.get(
        "/api/audit",
        headers=admin.headers,
        params={
            "entity_type": "candidate",
            "action": "create",
            "limit": 2,
            "cursor": body["next_cursor"],
        },
    )
    ids = {i["id"] for i in body["items"]} | {i["id"] for i in rest.json()["items"]}
    assert len(ids) == 3
