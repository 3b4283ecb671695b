"""Review operations: request a review, read reviews, decide on feedback, compare reviews."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.ai import FeedbackItem, ReviewComparison, ReviewOutcome, compare_reviews
from hireflow.ai.schemas import ReviewType
from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.automation import progress
from hireflow.db.session import requester_of
from hireflow.kit.errors import Conflict, NotFound
from hireflow.kit.time import utcnow
from hireflow.resumes import service as resumes
from hireflow.reviews import repository
from hireflow.reviews.models import FeedbackItemRow, ReviewRequest, ReviewResult
from hireflow.reviews.schemas import Decision, ReviewJob, ReviewRequestIn

NOT_FOUND = "No such review, or its candidate is not assigned to you."
TASK = "review_resume"


@dataclass(frozen=True)
class ReviewDetail:
    request: ReviewRequest
    result: ReviewResult | None
    items: list[FeedbackItemRow]


async def request_review(
    session: AsyncSession,
    resume_id: uuid.UUID,
    data: ReviewRequestIn,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
    job: ReviewJob | None = None,
) -> ReviewRequest:
    """Create a pending review request and queue its job in the same transaction. With
    ``job`` (a review for an application) the review is measured against its requirements."""
    resume = await resumes.get_resume(session, resume_id)  # NotFound when not visible
    metadata: dict[str, Any] = {"language": data.language}
    if job is not None:
        metadata["job"] = job.model_dump(mode="json")
    request = ReviewRequest(
        id=uuid.uuid4(),
        resume_id=resume.id,
        requested_by_user_id=actor_id,
        target_role=data.target_role or (job.title if job else None),
        target_industry=data.target_industry or None,
        experience_level=data.experience_level,
        review_type=data.review_type,
        status="pending",
        metadata_=metadata,
    )
    session.add(request)
    await session.flush()
    await session.refresh(request)
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.CREATE,
        entity_type=EntityType.REVIEW,
        entity_id=request.id,
        meta=meta,
        new={
            "resume_id": resume.id,
            "review_type": data.review_type,
            "target_role": data.target_role,
            "experience_level": data.experience_level,
            "application_id": job.application_id if job else None,
        },
    )
    await progress.start(
        session,
        progress.Kind.REVIEW,
        f"AI review of {resume.original_filename or 'the resume'}",
        [progress.item("review", request.id)],
        actor_id=actor_id,
        link=f"/reviews/{request.id}",
    )
    await queue.defer(
        session,
        TASK,
        queueing_lock=f"review:{request.id}",
        review_request_id=str(request.id),
        requested_by=requester_of(session),
    )
    return request


async def reviews_of_resume(
    session: AsyncSession, resume_id: uuid.UUID
) -> list[tuple[ReviewRequest, int | None]]:
    await resumes.get_resume(session, resume_id)
    return await repository.requests_of(session, resume_id)


async def get_review(session: AsyncSession, request_id: uuid.UUID) -> ReviewDetail:
    request = await repository.request_by_id(session, request_id)
    if request is None:
        raise NotFound(NOT_FOUND)
    result = await repository.result_of(session, request_id)
    items = await repository.items_of(session, result.id) if result is not None else []
    return ReviewDetail(request, result, items)


def decision_of(item: FeedbackItemRow) -> dict[str, Any] | None:
    decision = (item.metadata_ or {}).get("decision")
    return cast(dict[str, Any], decision) if isinstance(decision, dict) else None


async def decide_feedback(
    session: AsyncSession,
    item_id: uuid.UUID,
    decision: Decision,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> FeedbackItemRow:
    """Record that a recruiter accepted or dismissed a feedback item (the last word counts)."""
    item = await repository.item_by_id(session, item_id, for_update=True)
    if item is None:
        raise NotFound("No such feedback item, or its candidate is not assigned to you.")
    before = decision_of(item)
    record = {"decision": decision, "by": str(actor_id), "at": utcnow().isoformat()}
    item.metadata_ = {**(item.metadata_ or {}), "decision": record}
    await session.flush()
    result = await session.get(ReviewResult, item.review_result_id)
    await record_activity(
        session,
        user_id=actor_id,
        action=AuditAction.UPDATE,
        entity_type=EntityType.REVIEW,
        entity_id=result.review_request_id if result else item.review_result_id,
        meta=meta,
        old={"feedback_item": item.id, "decision": before["decision"] if before else None},
        new={"feedback_item": item.id, "decision": decision},
    )
    return item


def outcome_of(detail: ReviewDetail) -> ReviewOutcome:
    """A stored review as the engine's outcome (for comparison)."""
    result = detail.result
    if result is None:
        raise Conflict(f"Review {detail.request.id} has no result yet ({detail.request.status}).")
    feedback = []
    for row in detail.items:
        extra = row.metadata_ or {}
        feedback.append(
            FeedbackItem.model_validate(
                {
                    "feedback_type": row.feedback_type,
                    "category": row.category or "content",
                    "severity_level": row.severity_level or 1,
                    "feedback_text": row.feedback_text,
                    "original_text": row.original_text,
                    "suggested_text": row.suggested_text,
                    "position_start": row.position_start,
                    "position_end": row.position_end,
                    "confidence_score": row.confidence_score or 0,
                    "agent": extra.get("agent", "base_agent"),
                    "rule": extra.get("rule", "model"),
                }
            )
        )
    return ReviewOutcome(
        review_type=cast(ReviewType, detail.request.review_type),
        overall_score=result.overall_score or 0,
        ats_score=result.ats_score,
        content_score=result.content_score,
        formatting_score=result.formatting_score,
        executive_summary=result.executive_summary or "",
        detailed_scores=result.detailed_scores or {},
        feedback=feedback,
        ai_model_used=result.ai_model_used,
        processing_time_ms=result.processing_time_ms or 0,
    )


async def compare(session: AsyncSession, old_id: uuid.UUID, new_id: uuid.UUID) -> ReviewComparison:
    old, new = await get_review(session, old_id), await get_review(session, new_id)
    comparison = compare_reviews(outcome_of(old), outcome_of(new))
    # A v1.0 result may lack an overall score: that is unknown, not 0.
    before = old.result.overall_score if old.result else None
    after = new.result.overall_score if new.result else None
    deltas = [
        d.model_copy(
            update={
                "old": before,
                "new": after,
                "delta": None if before is None or after is None else after - before,
            }
        )
        if d.name == "overall"
        else d
        for d in comparison.score_deltas
    ]
    return comparison.model_copy(update={"score_deltas": deltas})


async def latest_review_of(session: AsyncSession, resume_id: uuid.UUID) -> uuid.UUID:
    await resumes.get_resume(session, resume_id)
    request = await repository.latest_completed_of(session, resume_id)
    if request is None:
        raise Conflict("This resume version has no completed review yet; request one first.")
    return request.id


async def review_request_ids_of(
    session: AsyncSession, resume_ids: list[uuid.UUID]
) -> list[uuid.UUID]:
    """Ids of every review request of these resume versions (one query)."""
    return await repository.request_ids_of_resumes(session, resume_ids)


async def export_reviews(
    session: AsyncSession, resume_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """Every review of these versions as plain rows, nested request -> ``results`` ->
    ``feedback_items``, keyed by resume id (three queries, however many reviews)."""
    requests = await repository.rows_of(session, ReviewRequest, ReviewRequest.resume_id, resume_ids)
    results = await repository.rows_of(
        session, ReviewResult, ReviewResult.review_request_id, [r["id"] for r in requests]
    )
    items = await repository.rows_of(
        session, FeedbackItemRow, FeedbackItemRow.review_result_id, [r["id"] for r in results]
    )
    items_by_result: dict[Any, list[dict[str, Any]]] = {}
    for item in items:
        items_by_result.setdefault(item["review_result_id"], []).append(item)
    results_by_request: dict[Any, list[dict[str, Any]]] = {}
    for result in results:
        result["feedback_items"] = items_by_result.get(result["id"], [])
        results_by_request.setdefault(result["review_request_id"], []).append(result)
    by_resume: dict[uuid.UUID, list[dict[str, Any]]] = {rid: [] for rid in resume_ids}
    for request in requests:
        request["results"] = results_by_request.get(request["id"], [])
        by_resume.setdefault(request["resume_id"], []).append(request)
    return by_resume
