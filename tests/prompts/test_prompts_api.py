"""Prompt templates: seeded defaults, validated new versions, activation, rollback, usage."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.ai import DEFAULT_TEMPLATES
from hireflow.ai.schemas import ReviewSpec
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.prompts.models import PromptUsage
from tests.factories import SignedIn
from tests.reviews.conftest import RunJob
from tests.reviews.support import add_resume, fake_models, make_candidate

BASE_EN = next(t for t in DEFAULT_TEMPLATES if (t.agent_type, t.language) == ("base_agent", "en"))


async def _versions(
    client: httpx.AsyncClient, who: SignedIn, agent: str = "base_agent", language: str = "en"
) -> list[dict[str, object]]:
    response = await client.get(
        "/api/prompts", params={"agent": agent, "language": language}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    return list(response.json())


async def test_defaults_are_seeded_one_active_per_agent_and_language(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    response = await client.get("/api/prompts", headers=people["senior"].headers)
    assert response.status_code == 200
    active = {(p["agent_type"], p["language"]): p for p in response.json() if p["is_active"]}
    assert set(active) == {(t.agent_type, t.language) for t in DEFAULT_TEMPLATES}
    seeded = active[("base_agent", "en")]
    assert seeded["name"] == "base_agent.en.v1" and seeded["version"] == 1
    assert seeded["template"] == BASE_EN.template
    assert seeded["variables"]["resume_text"]["untrusted"] is True
    assert (await client.get("/api/prompts", headers=people["junior"].headers)).status_code == 403


async def test_new_version_activation_and_rollback(
    client: httpx.AsyncClient, people: dict[str, SignedIn], session: AsyncSession
) -> None:
    admin = people["admin"]
    body = {
        "agent_type": "base_agent",
        "language": "en",
        "description": "sharper",
        "template": "MARKER-V2 " + BASE_EN.template,
    }
    forbidden = await client.post("/api/prompts", json=body, headers=people["senior"].headers)
    assert forbidden.status_code == 403
    created = await client.post("/api/prompts", json=body, headers=admin.headers)
    assert created.status_code == 201, created.text
    v2 = created.json()
    assert (v2["name"], v2["version"], v2["is_active"]) == ("base_agent.en.v2", 2, True)
    assert v2["created_by"] == str(admin.user.id)
    versions = await _versions(client, admin)
    assert [(v["version"], v["is_active"]) for v in versions] == [(2, True), (1, False)]
    others = await _versions(client, admin, "base_agent", "ja")
    assert [v["is_active"] for v in others] == [True], "other languages are untouched"

    draft = await client.post(
        "/api/prompts",
        json={**body, "activate": False, "template": "V3 " + BASE_EN.template},
        headers=admin.headers,
    )
    assert draft.json()["version"] == 3 and draft.json()["is_active"] is False
    v1 = versions[1]["id"]
    activated = await client.post(f"/api/prompts/{v1}/activate", headers=admin.headers)
    assert activated.status_code == 200 and activated.json()["is_active"]
    assert [(v["version"], v["is_active"]) for v in await _versions(client, admin)] == [
        (3, False),
        (2, False),
        (1, True),
    ]

    await client.post(f"/api/prompts/{draft.json()['id']}/activate", headers=admin.headers)
    rolled = await client.post(
        "/api/prompts/rollback",
        json={"agent_type": "base_agent", "language": "en"},
        headers=admin.headers,
    )
    assert rolled.status_code == 200 and rolled.json()["version"] == 2
    await client.post(
        "/api/prompts/rollback",
        json={"agent_type": "base_agent", "language": "en"},
        headers=admin.headers,
    )
    first = await client.post(
        "/api/prompts/rollback",
        json={"agent_type": "base_agent", "language": "en"},
        headers=admin.headers,
    )
    assert first.status_code == 409 and "first version" in first.json()["error"]["message"]
    await switch_actor(session, SYSTEM)


async def test_invalid_templates_are_refused_with_a_clear_message(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    admin = people["admin"]
    base = {"agent_type": "structure_agent", "language": "ja"}
    unknown = await client.post(
        "/api/prompts",
        json={**base, "template": "Hello {{ candidate_name }} {{ resume_text }}"},
        headers=admin.headers,
    )
    assert unknown.status_code == 422
    error = unknown.json()["error"]
    assert "unknown variables: candidate_name" in error["message"]
    assert error["details"]["unknown"] == ["candidate_name"]
    broken = await client.post(
        "/api/prompts",
        json={**base, "template": "{% for s in sections %}{{ resume_text }}"},
        headers=admin.headers,
    )
    assert broken.status_code == 422 and "not valid" in broken.json()["error"]["message"]
    sandboxed = await client.post(
        "/api/prompts",
        json={**base, "template": "{{ resume_text.__class__.__mro__ }}"},
        headers=admin.headers,
    )
    assert sandboxed.status_code == 422
    no_resume = await client.post(
        "/api/prompts", json={**base, "template": "Rate it."}, headers=admin.headers
    )
    assert no_resume.status_code == 422
    assert [v["version"] for v in await _versions(client, admin, "structure_agent", "ja")] == [1]

    preview = await client.post(
        "/api/prompts/preview",
        json={**base, "template": "Role: {{ target_role }}\n<resume>{{ resume_text }}</resume>"},
        headers=admin.headers,
    )
    assert preview.status_code == 200
    assert preview.json()["rendered"].startswith("Role: Backend Engineer\n<resume>Jane Doe")


async def test_the_job_uses_the_active_version_and_records_it(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    run_job: RunJob,
    tmp_path: Path,
) -> None:
    admin = people["admin"]
    created = await client.post(
        "/api/prompts",
        json={
            "agent_type": "appeal_agent",
            "language": "en",
            "template": "You are the appeal agent. MARKER-APPEAL\n<resume>\n{{ resume_text }}\n"
            "</resume>\nRole: {{ target_role or 'any' }}",
        },
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    candidate = await make_candidate(session, people["senior"].user)
    resume = await add_resume(session, tmp_path, candidate, people["senior"].user)
    review = (
        await client.post(
            f"/api/resumes/{resume.id}/reviews",
            json={"target_role": "Backend Engineer", "experience_level": "senior"},
            headers=admin.headers,
        )
    ).json()
    models = fake_models(
        resume, ReviewSpec(target_role="Backend Engineer", experience_level="senior")
    )
    assert await run_job(review["id"], models=models) == "completed"
    usage = await client.get(f"/api/prompts/{created.json()['id']}/usage", headers=admin.headers)
    assert usage.status_code == 200
    [record] = usage.json()
    assert record["review_request_id"] == review["id"] and record["prompt_version"] == 2
    assert "MARKER-APPEAL" in record["actual_prompt"]
    assert record["agent_name"] == "appeal_agent"
    await switch_actor(session, SYSTEM)
    others = (
        await session.scalars(
            select(PromptUsage.prompt_version).where(
                PromptUsage.review_request_id == uuid.UUID(review["id"]),
                PromptUsage.agent_name != "appeal_agent",
            )
        )
    ).all()
    assert others == [1, 1]
    missing = await client.get(f"/api/prompts/{uuid.uuid4()}/usage", headers=admin.headers)
    assert missing.status_code == 404


async def test_a_japanese_resume_is_reviewed_with_the_japanese_templates(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    run_job: RunJob,
    tmp_path: Path,
) -> None:
    from tests.resumes import samples

    candidate = await make_candidate(session, people["senior"].user)
    resume = await add_resume(
        session, tmp_path, candidate, people["senior"].user, samples.japanese_pdf(), "rirekisho.pdf"
    )
    review = (
        await client.post(
            f"/api/resumes/{resume.id}/reviews",
            json={"target_role": "バックエンドエンジニア", "experience_level": "mid"},
            headers=people["senior"].headers,
        )
    ).json()
    models = fake_models(resume, ReviewSpec(target_role="バックエンドエンジニア"))
    assert await run_job(review["id"], models=models) == "completed"
    await switch_actor(session, SYSTEM)
    rows = (
        await session.execute(
            text(
                "SELECT p.name, u.actual_prompt FROM prompt_usage_history u "
                "JOIN prompts p ON p.id = u.prompt_id WHERE u.review_request_id = :id"
            ),
            {"id": review["id"]},
        )
    ).all()
    assert sorted(name for name, _ in rows) == [
        "appeal_agent.ja.v1",
        "base_agent.ja.v1",
        "structure_agent.ja.v1",
    ]
    assert all("志望職種: バックエンドエンジニア" in prompt for _, prompt in rows)
