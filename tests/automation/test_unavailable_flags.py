"""Flags of features this version lacks are shown as not available, never as on, and cannot
be switched on; the others switch with immediate effect."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation import service as automation
from hireflow.automation.service import Flag
from tests.factories import SignedIn

MISSING = ("no_show_prediction",)


async def test_missing_features_are_not_shown_as_on(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    admin = people["admin"]
    flags = {
        f["flag_name"]: f
        for f in (await client.get("/api/feature-flags", headers=admin.headers)).json()
    }
    for name in MISSING:
        assert flags[name]["is_enabled"] is False and flags[name]["available"] is False
        refused = await client.put(
            f"/api/feature-flags/{name}", headers=admin.headers, json={"is_enabled": True}
        )
        assert refused.status_code == 409
        assert "not available in this version" in refused.json()["error"]["message"]
    assert flags["auto_promotion"]["available"] is True
    assert flags["calendar_integration"]["available"] is True  # wired to interviews now
    page = await client.get("/jobs", headers=admin.headers)
    assert flags["negotiation_bot"]["available"] is True  # the chat on the interview page
    assert page.text.count("not available in this version") == len(MISSING)
    assert not await automation.automation_allowed(session, Flag.NO_SHOW_PREDICTION)


async def test_a_flag_switch_takes_effect_at_once(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    admin = people["admin"]
    assert await automation.automation_allowed(session, Flag.AUTO_PROMOTION)
    off = await client.put(
        "/api/feature-flags/auto_promotion", headers=admin.headers, json={"is_enabled": False}
    )
    assert off.status_code == 200
    assert not await automation.automation_allowed(session, Flag.AUTO_PROMOTION)
