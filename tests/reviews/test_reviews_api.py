"""Review requests through the HTTP API against the real database, the job run as the worker
would run it: results, feedback items tied to sections, usage records, RLS, idempotency."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.ai.schemas import ReviewSpec
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.prompts.models import PromptRow, PromptUsage
from hireflow.resumes.models import Resume
from hireflow.reviews.models import FeedbackItemRow, ReviewRequest, ReviewResult
from tests.factories import SignedIn
from tests.reviews.conftest import RunJob
from tests.reviews.support import add_textless_resume, fake_models, make_candidate

BODY = {
    "target_role": "Backend Engineer",
    "target_industry": "technology",
    "experience_level": "senior",
    "review_type": "comprehensive",
}


async def _request(
    client: httpx.AsyncClient,
    who: SignedIn,
    resume_id: uuid.UUID,
    body: dict[str, str] | None = None,
) -> httpx.Response:
    return await client.post(
        f"/api/resumes/{resume_id}/reviews", json=body or BODY, headers=who.headers
    )


async def test_request_runs_in_the_background_and_is_read_back(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    session: AsyncSession,
    run_job: RunJob,
) -> None:
    created = await _request(client, people["junior"], resume.id)
    assert created.status_code == 201, created.text
    review = created.json()
    assert review["status"] == "pending" and review["experience_level"] == "senior"
    job = (
        await session.execute(
            text(
                "SELECT task_name, queue_name, queueing_lock, args FROM procrastinate_jobs "
                "WHERE queueing_lock = :lock"
            ),
            {"lock": f"review:{review['id']}"},
        )
    ).one()
    assert job.task_name == "review_resume" and job.queue_name == "reviews"
    assert job.args["review_request_id"] == review["id"]
    assert job.args["requested_by"]["user_id"] == str(people["junior"].user.id)

    pending = await client.get(f"/api/reviews/{review['id']}", headers=people["junior"].headers)
    assert pending.json()["result"] is None and pending.json()["feedback"] == []

    assert await run_job(review["id"]) == "completed"

    done = await client.get(f"/api/reviews/{review['id']}", headers=people["junior"].headers)
    assert done.status_code == 200
    data = done.json()
    assert data["request"]["status"] == "completed" and data["request"]["completed_at"]
    result = data["result"]
    assert 0 <= result["overall_score"] <= 100
    assert result["ai_model_used"] and result["executive_summary"]
    assert result["content_score"] is not None and result["ats_score"] is not None
    items = data["feedback"]
    assert items, "the offline engine finds something to say"
    sections = {
        row[0]: row[1]
        for row in (
            await session.execute(
                text("SELECT id, sequence_order FROM resume_sections WHERE resume_id = :r"),
                {"r": resume.id},
            )
        ).all()
    }
    tied = [i for i in items if i["resume_section_id"]]
    assert tied, "feedback items are tied to the resume's sections"
    assert all(uuid.UUID(i["resume_section_id"]) in sections for i in tied)
    for item in items:
        assert item["agent"] in ("base_agent", "structure_agent", "appeal_agent")
        assert item["decision"] is None

    listed = await client.get(f"/api/resumes/{resume.id}/reviews", headers=people["senior"].headers)
    assert listed.status_code == 200
    assert [(r["request"]["id"], r["overall_score"]) for r in listed.json()] == [
        (review["id"], result["overall_score"])
    ]


async def test_model_review_records_prompt_usage(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    session: AsyncSession,
    run_job: RunJob,
    offline_settings: object,
) -> None:
    review = (await _request(client, people["senior"], resume.id)).json()
    spec = ReviewSpec(
        target_role="Backend Engineer", target_industry="technology", experience_level="senior"
    )
    models = fake_models(resume, spec, base_agent={"content_score": 61})
    assert await run_job(review["id"], models=models) == "completed"

    data = (
        await client.get(f"/api/reviews/{review['id']}", headers=people["senior"].headers)
    ).json()
    assert data["result"]["content_score"] == 61
    assert data["result"]["ai_model_used"] == "function:fake-llm" or data["result"][
        "ai_model_used"
    ].endswith("fake-llm")
    await switch_actor(session, SYSTEM)
    rows = (
        await session.execute(
            select(PromptUsage, PromptRow)
            .join(PromptRow, PromptRow.id == PromptUsage.prompt_id)
            .where(PromptUsage.review_request_id == uuid.UUID(review["id"]))
        )
    ).all()
    assert sorted(u.agent_name for u, _ in rows) == [
        "appeal_agent",
        "base_agent",
        "structure_agent",
    ]
    for usage, prompt in rows:
        assert prompt.is_active and prompt.language == "en"
        assert prompt.agent_type == usage.agent_name and usage.prompt_version == prompt.version
        assert "<resume>" in usage.actual_prompt and "Stripe" in usage.actual_prompt
        assert usage.variables_used["target_role"] == "Backend Engineer"
        assert usage.agent_response and usage.processing_time_ms is not None
        assert usage.model and usage.model.endswith("fake-llm")

    base = next(p for u, p in rows if u.agent_name == "base_agent")
    history = await client.get(f"/api/prompts/{base.id}/usage", headers=people["admin"].headers)
    assert history.status_code == 200
    assert review["id"] in {h["review_request_id"] for h in history.json()}


async def test_running_the_job_twice_stores_one_result(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    session: AsyncSession,
    run_job: RunJob,
) -> None:
    review_id = uuid.UUID((await _request(client, people["senior"], resume.id)).json()["id"])
    assert await run_job(review_id) == "completed"
    assert await run_job(review_id) == "already completed"
    await switch_actor(session, SYSTEM)
    results = await session.scalar(
        select(func.count())
        .select_from(ReviewResult)
        .where(ReviewResult.review_request_id == review_id)
    )
    assert results == 1
    items = await session.scalar(
        select(func.count())
        .select_from(FeedbackItemRow)
        .join(ReviewResult, ReviewResult.id == FeedbackItemRow.review_result_id)
        .where(ReviewResult.review_request_id == review_id)
    )
    assert items and items > 0


async def test_a_job_killed_mid_review_runs_again_cleanly(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    session: AsyncSession,
    run_job: RunJob,
) -> None:
    """A worker that died after claiming leaves ``processing``; the retried job completes."""
    review_id = uuid.UUID((await _request(client, people["senior"], resume.id)).json()["id"])
    await switch_actor(session, SYSTEM)
    await session.execute(
        update(ReviewRequest).where(ReviewRequest.id == review_id).values(status="processing")
    )
    assert await run_job(review_id) == "completed"
    assert await run_job(review_id) == "already completed"
    count = await session.scalar(
        select(func.count())
        .select_from(ReviewResult)
        .where(ReviewResult.review_request_id == review_id)
    )
    assert count == 1


async def test_resume_without_text_fails_with_a_reason(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    session: AsyncSession,
    run_job: RunJob,
) -> None:
    candidate = await make_candidate(session, people["senior"].user)
    resume = await add_textless_resume(session, candidate, people["senior"].user)
    review = (await _request(client, people["senior"], resume.id)).json()
    assert await run_job(review["id"]) == "failed"
    data = (
        await client.get(f"/api/reviews/{review['id']}", headers=people["senior"].headers)
    ).json()
    assert data["request"]["status"] == "failed"
    assert "no text to review" in data["request"]["processing_notes"]
    assert data["result"] is None
    assert await run_job(review["id"]) == "already failed"


async def test_provider_failure_is_retried_then_fails(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    run_job: RunJob,
    offline_settings: object,
) -> None:
    from pydantic_ai.models.function import FunctionModel

    from hireflow.ai import AIProviderError
    from hireflow.config import Settings

    def refuse(*_args: object) -> None:
        raise httpx.ConnectError("connection refused")

    assert isinstance(offline_settings, Settings)
    strict = offline_settings.model_copy(update={"ai_fallback_to_offline": False})
    models = {a: FunctionModel(refuse) for a in ("base_agent", "structure_agent", "appeal_agent")}
    review = (await _request(client, people["senior"], resume.id)).json()
    try:
        await run_job(review["id"], strict, models=models, final_attempt=False)
    except AIProviderError:
        pass
    else:
        raise AssertionError("a transient failure must be raised so the job is retried")
    data = (
        await client.get(f"/api/reviews/{review['id']}", headers=people["senior"].headers)
    ).json()
    assert data["request"]["status"] == "processing"
    assert await run_job(review["id"], strict, models=models, final_attempt=True) == "failed"
    data = (
        await client.get(f"/api/reviews/{review['id']}", headers=people["senior"].headers)
    ).json()
    assert data["request"]["status"] == "failed"
    assert "AI provider failed" in data["request"]["processing_notes"]


async def test_juniors_see_and_request_reviews_of_assigned_candidates_only(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    run_job: RunJob,
) -> None:
    outsider = people["junior2"]
    assert (await _request(client, outsider, resume.id)).status_code == 404
    review = (await _request(client, people["senior"], resume.id)).json()
    await run_job(review["id"])
    for path in (f"/api/resumes/{resume.id}/reviews", f"/api/reviews/{review['id']}"):
        response = await client.get(path, headers=outsider.headers)
        assert response.status_code == 404, path
        assert "not assigned to you" in response.json()["error"]["message"]
        assert (await client.get(path, headers=people["junior"].headers)).status_code == 200
    item = (
        await client.get(f"/api/reviews/{review['id']}", headers=people["junior"].headers)
    ).json()["feedback"][0]
    decided = await client.post(
        f"/api/feedback-items/{item['id']}/decision",
        json={"decision": "accepted"},
        headers=outsider.headers,
    )
    assert decided.status_code == 404
    compared = await client.get(
        "/api/reviews/compare",
        params={"old": review["id"], "new": review["id"]},
        headers=outsider.headers,
    )
    assert compared.status_code == 404


async def test_bad_request_values_are_422(
    client: httpx.AsyncClient, people: dict[str, SignedIn], resume: Resume
) -> None:
    for body in ({**BODY, "experience_level": "guru"}, {**BODY, "review_type": "deep"}):
        response = await _request(client, people["senior"], resume.id, body)
        assert response.status_code == 422
    missing = await _request(client, people["senior"], uuid.uuid4())
    assert missing.status_code == 404


async def test_feedback_decisions_are_stored(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    session: AsyncSession,
    run_job: RunJob,
) -> None:
    review = (await _request(client, people["junior"], resume.id)).json()
    await run_job(review["id"])
    items = (
        await client.get(f"/api/reviews/{review['id']}", headers=people["junior"].headers)
    ).json()["feedback"]
    first, second = items[0], items[1]
    accepted = await client.post(
        f"/api/feedback-items/{first['id']}/decision",
        json={"decision": "accepted"},
        headers=people["junior"].headers,
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["decision"]["decision"] == "accepted"
    assert accepted.json()["decision"]["by"] == str(people["junior"].user.id)
    await client.post(
        f"/api/feedback-items/{second['id']}/decision",
        json={"decision": "accepted"},
        headers=people["senior"].headers,
    )
    changed = await client.post(
        f"/api/feedback-items/{second['id']}/decision",
        json={"decision": "dismissed"},
        headers=people["senior"].headers,
    )
    assert changed.json()["decision"]["decision"] == "dismissed"
    bad = await client.post(
        f"/api/feedback-items/{first['id']}/decision",
        json={"decision": "maybe"},
        headers=people["senior"].headers,
    )
    assert bad.status_code == 422

    await switch_actor(session, SYSTEM)
    row = await session.get(FeedbackItemRow, uuid.UUID(first["id"]), populate_existing=True)
    assert row is not None
    assert row.metadata_["decision"]["decision"] == "accepted"
    assert row.metadata_["agent"] == first["agent"]  # engine metadata kept
    after = (
        await client.get(f"/api/reviews/{review['id']}", headers=people["junior"].headers)
    ).json()["feedback"]
    decisions = {i["id"]: (i["decision"] or {}).get("decision") for i in after}
    assert decisions[first["id"]] == "accepted" and decisions[second["id"]] == "dismissed"
    await switch_actor(session, SYSTEM)  # the client's requests acted as their users
    logged = await session.scalar(
        text(
            "SELECT count(*) FROM activity_logs WHERE entity_type = 'review' AND action = 'update' "
            "AND entity_id = :id"
        ),
        {"id": review["id"]},
    )
    assert logged == 3


async def test_compare_two_reviews_and_two_resume_versions(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    session: AsyncSession,
    run_job: RunJob,
    tmp_path: Path,
) -> None:
    from tests.resumes import samples
    from tests.reviews.support import IMPROVED_RESUME, add_resume

    newer = await add_resume(
        session,
        tmp_path,
        resume.candidate_id,
        people["senior"].user,
        samples.text_pdf(IMPROVED_RESUME),
        "jane-v2.pdf",
    )
    assert newer.version_number == resume.version_number + 1
    old = (await _request(client, people["senior"], resume.id)).json()
    new = (await _request(client, people["senior"], newer.id)).json()
    premature = await client.get(
        "/api/reviews/compare",
        params={"old": old["id"], "new": new["id"]},
        headers=people["senior"].headers,
    )
    assert premature.status_code == 409
    await run_job(old["id"])
    await run_job(new["id"])

    by_review = await client.get(
        "/api/reviews/compare",
        params={"old": old["id"], "new": new["id"]},
        headers=people["junior"].headers,
    )
    assert by_review.status_code == 200, by_review.text
    diff = by_review.json()
    assert [d["name"] for d in diff["score_deltas"]] == ["overall", "content", "formatting", "ats"]
    for delta in diff["score_deltas"]:
        assert delta["delta"] == delta["new"] - delta["old"]
    old_items = (
        await client.get(f"/api/reviews/{old['id']}", headers=people["senior"].headers)
    ).json()["feedback"]
    assert len(diff["resolved"]) + len(diff["persisting"]) <= len(old_items) + len(diff["new"])
    assert diff["persisting"], "most findings of a lightly edited resume persist"

    by_resume = await client.get(
        "/api/reviews/compare",
        params={"old_resume": str(resume.id), "new_resume": str(newer.id)},
        headers=people["senior"].headers,
    )
    assert by_resume.status_code == 200
    assert (by_resume.json()["old_review_id"], by_resume.json()["new_review_id"]) == (
        old["id"],
        new["id"],
    )
    assert by_resume.json()["score_deltas"] == diff["score_deltas"]
    same = await client.get(
        "/api/reviews/compare",
        params={"old": old["id"], "new": old["id"]},
        headers=people["senior"].headers,
    )
    assert same.json()["resolved"] == [] and same.json()["new"] == []
    neither = await client.get("/api/reviews/compare", headers=people["senior"].headers)
    assert neither.status_code == 422


async def test_review_through_an_openai_compatible_server_records_tokens(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    session: AsyncSession,
    run_job: RunJob,
    offline_settings: object,
) -> None:
    """The real pydantic-ai client, built from settings, against the loopback server."""
    from hireflow.config import Settings
    from hireflow.resumes.processing import parse_stored
    from tests.ai.model_support import offline_payloads
    from tests.ai.openai_server import fake_openai_server

    assert isinstance(offline_settings, Settings)
    parsed = parse_stored(resume)
    assert parsed is not None
    spec = ReviewSpec(
        target_role="Backend Engineer", target_industry="technology", experience_level="senior"
    )
    review = (await _request(client, people["senior"], resume.id)).json()
    with fake_openai_server() as server:
        server.payloads = offline_payloads(parsed, spec)
        settings = offline_settings.model_copy(
            update={
                "ai_provider": "openai-compatible",
                "ai_model": "tool-ok",
                "ai_base_url": server.base_url,
                "ai_max_retries": 0,
                "ai_timeout_seconds": 10.0,
            }
        )
        assert await run_job(review["id"], settings) == "completed"
        assert len(server.requests) == 3
    data = (
        await client.get(f"/api/reviews/{review['id']}", headers=people["senior"].headers)
    ).json()
    assert data["result"]["ai_model_used"] == "openai-compatible:tool-ok"
    assert (
        data["request"]["processing_notes"] is None
        or "fallback" not in data["request"]["processing_notes"]
    )
    await switch_actor(session, SYSTEM)
    usage = (
        await session.scalars(
            select(PromptUsage).where(PromptUsage.review_request_id == uuid.UUID(review["id"]))
        )
    ).all()
    assert len(usage) == 3
    for row in usage:
        assert (row.input_tokens, row.output_tokens, row.tokens_used) == (123, 45, 168)
        assert row.model == "openai-compatible:tool-ok"


async def test_an_unexpected_error_fails_the_request_on_the_last_attempt(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    run_job: RunJob,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hireflow.reviews import tasks

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(tasks, "review_resume", broken)
    review = (await _request(client, people["senior"], resume.id)).json()
    with pytest.raises(RuntimeError):
        await run_job(review["id"], final_attempt=False)
    with pytest.raises(RuntimeError):
        await run_job(review["id"], final_attempt=True)
    data = (
        await client.get(f"/api/reviews/{review['id']}", headers=people["senior"].headers)
    ).json()
    assert data["request"]["status"] == "failed"
    assert "unexpectedly (RuntimeError)" in data["request"]["processing_notes"]
