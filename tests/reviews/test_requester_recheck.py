"""M1: a review job re-checks its requester before it runs (see tests/resumes/ for uploads)."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.db.session import SYSTEM, switch_actor
from hireflow.resumes.models import Resume
from tests.factories import SignedIn
from tests.reviews.conftest import RunJob
from tests.reviews.test_reviews_api import _request


async def test_a_review_for_a_candidate_the_requester_lost_is_not_run_and_says_why(
    client: httpx.AsyncClient,
    people: dict[str, SignedIn],
    resume: Resume,
    session: AsyncSession,
    run_job: RunJob,
) -> None:
    created = await _request(client, people["junior"], resume.id)
    assert created.status_code == 201, created.text
    review = created.json()
    await switch_actor(session, SYSTEM)
    args = await session.scalar(
        text("SELECT args FROM procrastinate_jobs WHERE queueing_lock = :l"),
        {"l": f"review:{review['id']}"},
    )
    await session.execute(
        text(
            "UPDATE user_candidate_assignments SET is_active = false, unassigned_at = now() WHERE candidate_id = :c"
        ),
        {"c": resume.candidate_id},
    )
    assert await run_job(review["id"], requested_by=args["requested_by"]) == "refused"
    await switch_actor(session, SYSTEM)
    row = (
        await session.execute(
            text("SELECT status, processing_notes FROM review_requests WHERE id = :r"),
            {"r": review["id"]},
        )
    ).one()
    assert row.status == "failed" and "can no longer see" in row.processing_notes
    results = await session.scalar(
        text("SELECT count(*) FROM review_results WHERE review_request_id = :r"),
        {"r": review["id"]},
    )
    assert results == 0
