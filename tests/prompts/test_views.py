"""The prompt administration pages: versions per agent and language, validation, activation."""

from __future__ import annotations

import re

import httpx

from tests.factories import SignedIn


async def test_prompt_admin_pages(client: httpx.AsyncClient, people: dict[str, SignedIn]) -> None:
    admin = people["admin"].headers
    page = await client.get("/admin/prompts", headers=admin)
    assert page.status_code == 200
    assert "base_agent.en.v1" in page.text and "Save a new version" in page.text
    senior = await client.get("/admin/prompts", headers=people["senior"].headers)
    assert senior.status_code == 200 and "Save a new version" not in senior.text
    junior = await client.get("/admin/prompts", headers=people["junior"].headers)
    assert junior.status_code == 403

    bad = await client.post(
        "/admin/prompts",
        headers=admin,
        data={
            "agent_type": "base_agent",
            "language": "en",
            "template": "{{ nope }} {{ resume_text }}",
        },
    )
    assert bad.status_code == 422 and "unknown variables: nope" in bad.text
    good = await client.post(
        "/admin/prompts",
        headers=admin,
        data={
            "agent_type": "base_agent",
            "language": "en",
            "template": "You are the base agent.\n<resume>{{ resume_text }}</resume>",
        },
    )
    assert good.status_code == 200 and "Saved and activated base_agent.en.v2" in good.text
    first = re.search(r'href="/admin/prompts/([0-9a-f-]{36})">base_agent.en.v1', good.text)
    assert first
    detail = await client.get(f"/admin/prompts/{first.group(1)}", headers=admin)
    assert detail.status_code == 200 and "not been used yet" in detail.text
    activated = await client.post(f"/admin/prompts/{first.group(1)}/activate", headers=admin)
    assert "Activated base_agent.en.v1" in activated.text
