"""HTML routes of the web shell: the home page (the recruiter's dashboard once signed in)
and the global search of the header."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hireflow.auth.dependencies import CurrentUser, optional_user
from hireflow.candidates import search
from hireflow.candidates import service as candidates
from hireflow.db.dependencies import DbSession
from hireflow.interviews import service as interviews
from hireflow.jobs import service as jobs
from hireflow.negotiation import service as negotiation
from hireflow.notifications import service as notifications
from hireflow.resumes import service as resumes
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)

_UPCOMING = ("invitation_sent", "confirmed", "slot_selection", "scheduled")


@router.get("/", response_class=HTMLResponse)
async def home(
    request: Request,
    session: DbSession,
    user: Annotated[CurrentUser | None, Depends(optional_user)],
) -> HTMLResponse:
    if user is None:
        return render(request, "web/home.html", {"counts": None, "notices": []})
    # Everything is read as the signed-in user: row-level security keeps a junior's to theirs.
    counts = {
        **await candidates.dashboard_counts(session, user.id),
        **await resumes.dashboard_counts(session),
    }
    mine, _ = await search.search(session, search.CandidateQuery(assigned_to=user.id, limit=10))
    my_jobs = list(await jobs.jobs_of_user(session, user.id, limit=10))
    pipeline = await jobs.pipeline_counts(session, [j.id for j in my_jobs])
    now = datetime.now(UTC)
    upcoming = [
        i
        for i in await interviews.interviews_of_recruiter(session, user.id, limit=50)
        if i.status in _UPCOMING and (i.scheduled_time is None or i.scheduled_time >= now)
    ][:10]
    return render(
        request,
        "web/home.html",
        {
            "counts": counts,
            "notices": await notifications.unread(session, user.id),
            "my_candidates": mine,
            "my_jobs": [
                (
                    job,
                    pipeline.get(job.id, {}),
                    jobs.buffer_health(
                        job.shortlisting_buffer, pipeline.get(job.id, {}).get("buffer", 0)
                    ),
                )
                for job in my_jobs
            ],
            "upcoming": upcoming,
            "job_titles": {j.id: j.title for j in my_jobs}
            | await jobs.titles_of(session, [i.job_id for i in upcoming]),
            "escalations": await negotiation.escalation_queue(session, limit=10),
        },
    )


@router.get("/search", response_class=HTMLResponse)
async def global_search(
    request: Request,
    session: DbSession,
    user: Annotated[CurrentUser | None, Depends(optional_user)],
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """One box over candidates (names, emails, companies, titles, resume text) and jobs."""
    if user is None:
        return RedirectResponse("/login?next=/search", status_code=303)
    q = q.strip()
    found: list[Any] = []
    found_jobs: list[Any] = []
    if q:
        found, _ = await search.search(session, search.CandidateQuery(q=q, limit=25))
        found_jobs = list(await jobs.search_jobs(session, q, limit=10))
    return render(
        request,
        "web/search.html",
        {"q": q, "global_q": q, "candidates": found, "jobs": found_jobs},
    )
