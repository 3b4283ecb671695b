"""HTML pages of a resume: its sections beside the extracted text, and a live status badge."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hireflow.auth.dependencies import OptionalUser
from hireflow.db.dependencies import DbSession
from hireflow.resumes import repository, service
from hireflow.resumes.models import Resume, ResumeSectionRow
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)
FINISHED = frozenset({"completed", "error", "unavailable"})


@dataclass(frozen=True)
class TextBlock:
    """A stretch of the extracted text, and the section it belongs to (None: between)."""

    text: str
    section: ResumeSectionRow | None


def text_blocks(resume: Resume, sections: list[ResumeSectionRow]) -> list[TextBlock]:
    """The whole text cut at section boundaries, so each section lines up with its source."""
    text = resume.extracted_text or ""
    blocks: list[TextBlock] = []
    cursor = 0
    for section in sorted(sections, key=lambda s: s.start_position or 0):
        start = section.start_position or 0
        end = section.end_position if section.end_position is not None else start
        if start < cursor or end > len(text):
            continue  # overlapping or out-of-range positions: show the text once
        if start > cursor:
            blocks.append(TextBlock(text[cursor:start], None))
        blocks.append(TextBlock(text[start:end], section))
        cursor = end
    if cursor < len(text):
        blocks.append(TextBlock(text[cursor:], None))
    return blocks


@router.get("/resumes/{resume_id}", response_class=HTMLResponse)
async def resume_detail(
    request: Request, resume_id: uuid.UUID, session: DbSession, user: OptionalUser
) -> Response:
    if user is None:
        return RedirectResponse(f"/login?next=/resumes/{resume_id}", status_code=303)
    resume = await service.get_resume(session, resume_id)
    sections = await repository.sections_of(session, resume_id)
    return render(
        request,
        "resumes/detail.html",
        {
            "resume": resume,
            "sections": sections,
            "blocks": text_blocks(resume, sections),
            "finished": resume.status in FINISHED,
        },
    )


@router.get("/resumes/{resume_id}/status", response_class=HTMLResponse)
async def resume_status(
    request: Request, resume_id: uuid.UUID, session: DbSession, user: OptionalUser
) -> Response:
    """The status badge; it keeps polling itself until processing is finished."""
    if user is None:
        return Response(status_code=401)
    resume = await service.get_resume(session, resume_id)
    return render(
        request,
        "resumes/_status.html",
        {
            "resume": resume,
            "finished": resume.status in FINISHED,
        },
    )
