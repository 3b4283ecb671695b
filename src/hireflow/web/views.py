"""HTML routes of the web shell: the home page (a dashboard once signed in)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import text

from hireflow.auth.dependencies import CurrentUser, optional_user
from hireflow.db.dependencies import DbSession
from hireflow.notifications import service as notifications
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)

# Counts as the signed-in user: row-level security keeps a junior's numbers to their own.
_DASHBOARD = text("""
    SELECT (SELECT count(*) FROM candidates WHERE status = 'active') AS active_candidates,
           (SELECT count(*) FROM resumes WHERE status IN ('pending', 'processing')) AS processing,
           (SELECT count(*) FROM resumes WHERE status = 'error') AS failed,
           (SELECT count(*) FROM user_candidate_assignments
             WHERE user_id = :me AND is_active) AS assigned_to_me
""")


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request,
    session: DbSession,
    user: Annotated[CurrentUser | None, Depends(optional_user)],
) -> HTMLResponse:
    counts, notices = None, []
    if user is not None:
        counts = (await session.execute(_DASHBOARD, {"me": user.id})).one()._asdict()
        notices = await notifications.unread(session, user.id)
    return render(request, "web/home.html", {"counts": counts, "notices": notices})
