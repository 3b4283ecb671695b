"""Flags of features this version lacks are shown as not available, never as on, and cannot
be switched on; the others switch with immediate effect. Every seeded flag is available in
this version (no_show_prediction since the risk is scored and stored), so the refusal is
exercised on a flag marked unavailable for the test."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.automation import service as automation
from hireflow.automation.service import Flag
from tests.factories import SignedIn


async def test_every_shipped_flag_is_available(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    admin = people["admin"]
    flags = {
        f["flag_name"]: f
        for f in (await client.get("/api/feature-flags", headers=admin.headers)).json()
    }
    for name in ("auto_promotion", "calendar_integration", "negotiation_bot"):
        assert flags[name]["available"] is True
    assert flags["no_show_prediction"]["available"] is True  # scored and stored now
    assert flags["no_show_prediction"]["is_enabled"] is True
    page = await client.get("/jobs", headers=admin.headers)
    assert "not available in this version" not in page.text
    assert await automation.automation_allowed(session, Flag.NO_SHOW_PREDICTION)


async def test_a_missing_feature_is_not_shown_as_on(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(automation, "NOT_AVAILABLE", frozenset({Flag.NO_SHOW_PREDICTION}))
    admin = people["admin"]
    flags = {
        f["flag_name"]: f
        for f in (await client.get("/api/feature-flags", headers=admin.headers)).json()
    }
    name = "no_show_prediction"
    assert flags[name]["is_enabled"] is False and flags[name]["available"] is False
    refused = await client.put(
        f"/api/feature-flags/{name}", headers=admin.headers, json={"is_enabled": True}
    )
    assert refused.status_code == 409
    assert "not available in this version" in refused.json()["error"]["message"]
    page = await client.get("/jobs", headers=admin.headers)
    assert page.text.count("not available in this version") == 1
    assert not await automation.automation_allowed(session, Flag.NO_SHOW_PREDICTION)
    assert not await automation.flag_on(session, Flag.NO_SHOW_PREDICTION)


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
