"""HTML routes of the web shell: the home page (a dashboard once signed in)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from hireflow.auth.dependencies import CurrentUser, optional_user
from hireflow.candidates import service as candidates
from hireflow.db.dependencies import DbSession
from hireflow.notifications import service as notifications
from hireflow.resumes import service as resumes
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request,
    session: DbSession,
    user: Annotated[CurrentUser | None, Depends(optional_user)],
) -> HTMLResponse:
    counts, notices = None, []
    if user is not None:
        # Counted as the signed-in user: row-level security keeps a junior's to their own.
        counts = {
            **await candidates.dashboard_counts(session, user.id),
            **await resumes.dashboard_counts(session),
        }
        notices = await notifications.unread(session, user.id)
    return render(request, "web/home.html", {"counts": counts, "notices": notices})
