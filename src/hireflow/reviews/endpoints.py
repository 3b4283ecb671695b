"""JSON API of resume reviews: request, list, read, decide on feedback, compare."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from hireflow.ai import FeedbackItem, ReviewComparison
from hireflow.auth.dependencies import CurrentUser, Meta, require
from hireflow.auth.permissions import Action, Resource
from hireflow.db.dependencies import DbSession
from hireflow.jobs import flows as job_flows
from hireflow.kit.errors import Unprocessable
from hireflow.reviews import service
from hireflow.reviews.models import FeedbackItemRow
from hireflow.reviews.schemas import (
    ComparedItemOut,
    FeedbackDecisionIn,
    FeedbackDecisionOut,
    FeedbackItemOut,
    ReviewComparisonOut,
    ReviewOut,
    ReviewRequestIn,
    ReviewRequestOut,
    ReviewResultOut,
    ReviewSummaryOut,
)

router = APIRouter(prefix="/api", tags=["reviews"])


def item_out(item: FeedbackItemRow) -> FeedbackItemOut:
    extra = item.metadata_ or {}
    decision = service.decision_of(item)
    return FeedbackItemOut(
        id=item.id,
        resume_section_id=item.resume_section_id,
        feedback_type=item.feedback_type,
        category=item.category,
        feedback_text=item.feedback_text,
        severity_level=item.severity_level,
        original_text=item.original_text,
        suggested_text=item.suggested_text,
        confidence_score=item.confidence_score,
        position_start=item.position_start,
        position_end=item.position_end,
        agent=extra.get("agent"),
        rule=extra.get("rule"),
        decision=FeedbackDecisionOut.model_validate(decision) if decision else None,
    )


def review_out(detail: service.ReviewDetail) -> ReviewOut:
    return ReviewOut(
        request=ReviewRequestOut.model_validate(detail.request),
        result=ReviewResultOut.model_validate(detail.result) if detail.result else None,
        feedback=[item_out(i) for i in detail.items],
    )


@router.post(
    "/resumes/{resume_id}/reviews",
    response_model=ReviewRequestOut,
    status_code=status.HTTP_201_CREATED,
)
async def request_review(
    resume_id: uuid.UUID,
    body: ReviewRequestIn,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.CREATE, Resource.REVIEW)],
) -> ReviewRequestOut:
    """Ask for an AI review of a resume version; it runs in the background (status pending)."""
    request = await service.request_review(session, resume_id, body, actor_id=user.id, meta=meta)
    return ReviewRequestOut.model_validate(request)


@router.post(
    "/applications/{application_id}/reviews",
    response_model=ReviewRequestOut,
    status_code=status.HTTP_201_CREATED,
)
async def request_application_review(
    application_id: uuid.UUID,
    body: ReviewRequestIn,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.CREATE, Resource.REVIEW)],
) -> ReviewRequestOut:
    """Ask for a review of an application's resume, measured against that job's
    requirements (each met / partly / missing, with quotes); it runs in the background."""
    return await job_flows.request_application_review(
        session, application_id, body, actor_id=user.id, meta=meta
    )


@router.get(
    "/resumes/{resume_id}/reviews",
    response_model=list[ReviewSummaryOut],
    dependencies=[require(Action.VIEW, Resource.REVIEW)],
)
async def list_reviews(resume_id: uuid.UUID, session: DbSession) -> list[ReviewSummaryOut]:
    """A resume version's reviews, newest first."""
    rows = await service.reviews_of_resume(session, resume_id)
    return [
        ReviewSummaryOut(request=ReviewRequestOut.model_validate(r), overall_score=score)
        for r, score in rows
    ]


def _compared(
    comparison: ReviewComparison, old_id: uuid.UUID, new_id: uuid.UUID
) -> ReviewComparisonOut:
    def items(found: list[FeedbackItem]) -> list[ComparedItemOut]:
        return [ComparedItemOut.model_validate(i, from_attributes=True) for i in found]

    return ReviewComparisonOut(
        old_review_id=old_id,
        new_review_id=new_id,
        score_deltas=comparison.score_deltas,
        resolved=items(comparison.resolved),
        new=items(comparison.new),
        persisting=items(comparison.persisting),
    )


@router.get(
    "/reviews/compare",
    response_model=ReviewComparisonOut,
    dependencies=[require(Action.VIEW, Resource.REVIEW)],
)
async def compare_reviews(
    session: DbSession,
    old: Annotated[uuid.UUID | None, Query(description="The earlier review")] = None,
    new: Annotated[uuid.UUID | None, Query(description="The later review")] = None,
    old_resume: Annotated[
        uuid.UUID | None, Query(description="Or: the earlier resume version (latest review)")
    ] = None,
    new_resume: Annotated[
        uuid.UUID | None, Query(description="Or: the later resume version (latest review)")
    ] = None,
) -> ReviewComparisonOut:
    """Score deltas and resolved / new / persisting feedback between two reviews, or between
    the latest completed reviews of two resume versions."""
    if old_resume is not None and new_resume is not None:
        old = await service.latest_review_of(session, old_resume)
        new = await service.latest_review_of(session, new_resume)
    if old is None or new is None:
        raise Unprocessable(
            "Give two reviews (old, new) or two resume versions (old_resume, new_resume)."
        )
    return _compared(await service.compare(session, old, new), old, new)


@router.get(
    "/reviews/{review_id}",
    response_model=ReviewOut,
    dependencies=[require(Action.VIEW, Resource.REVIEW)],
)
async def get_review(review_id: uuid.UUID, session: DbSession) -> ReviewOut:
    """The request, its result (when done) and the feedback items with their decisions."""
    return review_out(await service.get_review(session, review_id))


@router.post("/feedback-items/{item_id}/decision", response_model=FeedbackItemOut)
async def decide_feedback(
    item_id: uuid.UUID,
    body: FeedbackDecisionIn,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.REVIEW)],
) -> FeedbackItemOut:
    """Accept or dismiss a feedback item."""
    item = await service.decide_feedback(
        session, item_id, body.decision, actor_id=user.id, meta=meta
    )
    return item_out(item)
