"""HTML pages of reviews: request and list a resume's reviews, watch progress, read a review
with feedback marked on the resume, accept or dismiss items.

Prompt administration is the prompts domain's (``prompts/views.py``).
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from hireflow.auth.dependencies import Meta, OptionalUser
from hireflow.auth.dependencies import allow_page as _allowed
from hireflow.auth.permissions import Action, Resource
from hireflow.automation import progress
from hireflow.db.dependencies import DbSession
from hireflow.resumes import service as resume_service
from hireflow.reviews import service
from hireflow.reviews.highlight import AnnotatedSection, annotate
from hireflow.reviews.schemas import Decision, ReviewRequestIn
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)
DONE = ("completed", "failed")


async def _resume_page(
    request: Request,
    session: DbSession,
    resume_id: uuid.UUID,
    *,
    error: str | None = None,
    status_code: int = 200,
    form: dict[str, str] | None = None,
) -> Response:
    resume = await resume_service.get_resume(session, resume_id)
    reviews = await service.reviews_of_resume(session, resume_id)
    return render(
        request,
        "reviews/resume_reviews.html",
        {"resume": resume, "reviews": reviews, "error": error, "form": form or {}},
        status_code=status_code,
    )


@router.get("/resumes/{resume_id}/reviews", response_class=HTMLResponse)
async def resume_reviews_page(
    request: Request, resume_id: uuid.UUID, session: DbSession, user: OptionalUser
) -> Response:
    user = _allowed(user, Action.VIEW, Resource.REVIEW)
    return await _resume_page(request, session, resume_id)


@router.post("/resumes/{resume_id}/reviews", response_class=HTMLResponse)
async def request_review_form(
    request: Request,
    resume_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    target_role: Annotated[str, Form()] = "",
    target_industry: Annotated[str, Form()] = "",
    experience_level: Annotated[str, Form()] = "mid",
    review_type: Annotated[str, Form()] = "comprehensive",
) -> Response:
    user = _allowed(user, Action.CREATE, Resource.REVIEW)
    form = {
        "target_role": target_role,
        "target_industry": target_industry,
        "experience_level": experience_level,
        "review_type": review_type,
    }
    try:
        data = ReviewRequestIn.model_validate(
            {
                **form,
                "target_role": target_role.strip() or None,
                "target_industry": target_industry.strip() or None,
            }
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return await _resume_page(
            request, session, resume_id, error=problems, status_code=422, form=form
        )
    created = await service.request_review(session, resume_id, data, actor_id=user.id, meta=meta)
    return RedirectResponse(f"/reviews/{created.id}", status_code=303)


async def _review_context(session: DbSession, review_id: uuid.UUID) -> dict[str, object]:
    detail = await service.get_review(session, review_id)
    resume = await resume_service.get_resume(session, detail.request.resume_id)
    sections: list[AnnotatedSection] = []
    general = list(detail.items)
    if detail.result is not None:
        rows = await resume_service.sections_of(session, resume.id)
        sections, general = annotate(rows, detail.items)
    decisions = {i.id: (service.decision_of(i) or {}).get("decision") for i in detail.items}
    return {
        "detail": detail,
        "resume": resume,
        "sections": sections,
        "general": general,
        "decisions": decisions,
        "done": detail.request.status in DONE,
        "progress": await progress.of_item(session, progress.item("review", review_id)),
    }


@router.get("/reviews/compare", response_class=HTMLResponse)
async def compare_page(
    request: Request, session: DbSession, user: OptionalUser, old: uuid.UUID, new: uuid.UUID
) -> Response:
    """Score deltas and resolved / new / persisting feedback between two reviews."""
    user = _allowed(user, Action.VIEW, Resource.REVIEW)
    comparison = await service.compare(session, old, new)
    older, newer = await service.get_review(session, old), await service.get_review(session, new)
    return render(
        request, "reviews/compare.html", {"comparison": comparison, "old": older, "new": newer}
    )


@router.get("/reviews/{review_id}", response_class=HTMLResponse)
async def review_page(
    request: Request, review_id: uuid.UUID, session: DbSession, user: OptionalUser
) -> Response:
    user = _allowed(user, Action.VIEW, Resource.REVIEW)
    return render(request, "reviews/review.html", await _review_context(session, review_id))


@router.get("/reviews/{review_id}/status", response_class=HTMLResponse)
async def review_status(
    request: Request, review_id: uuid.UUID, session: DbSession, user: OptionalUser
) -> Response:
    """The progress fragment HTMX polls; once done it asks the browser to reload the page."""
    user = _allowed(user, Action.VIEW, Resource.REVIEW)
    detail = await service.get_review(session, review_id)
    response = render(
        request, "reviews/_status.html", {"detail": detail, "done": detail.request.status in DONE}
    )
    if detail.request.status in DONE:
        response.headers["HX-Refresh"] = "true"
    return response


@router.post("/feedback-items/{item_id}/decision", response_class=HTMLResponse)
async def decide_feedback_form(
    request: Request,
    item_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    decision: Annotated[Decision, Form()],
    review_id: Annotated[uuid.UUID | None, Form()] = None,
) -> Response:
    user = _allowed(user, Action.UPDATE, Resource.REVIEW)
    item = await service.decide_feedback(session, item_id, decision, actor_id=user.id, meta=meta)
    if request.headers.get("hx-request"):
        return render(
            request,
            "reviews/_item.html",
            {"item": item, "decision": decision, "review_id": review_id},
        )
    target = f"/reviews/{review_id}#item-{item.id}" if review_id else "/"
    return RedirectResponse(target, status_code=303)
