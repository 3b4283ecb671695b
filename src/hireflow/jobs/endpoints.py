"""JSON API of jobs, applications and shortlisting decisions (the automation log and
feature flags are the automation domain's: ``automation/endpoints.py``)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from hireflow.auth.dependencies import CurrentUser, Meta, require
from hireflow.auth.permissions import Action, Resource
from hireflow.automation.service import Trigger
from hireflow.db.dependencies import DbSession
from hireflow.interviews.candidate_views import now_of
from hireflow.interviews.messages import Env
from hireflow.jobs import applications, editing, repository, service
from hireflow.jobs.schemas import (
    ApplicationIn,
    ApplicationOut,
    BulkApplicationsIn,
    BulkResult,
    DeadlineIn,
    DecisionIn,
    JobIn,
    JobOut,
    JobStatus,
    JobUpdate,
    ShortlistOut,
)
from hireflow.jobs.shortlisting import service as shortlisting
from hireflow.kit.pagination import MAX_LIMIT, offset_cursor, offset_of
from hireflow.portal import flows as portal_flows

router = APIRouter(prefix="/api", tags=["jobs"])
APPLICANTS_PER_REQUEST = 100  # a job's applicants per response without ``limit``


@router.post("/jobs", response_model=JobOut, status_code=status.HTTP_201_CREATED)
async def create_job(
    body: JobIn,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.CREATE, Resource.JOB)],
) -> JobOut:
    """Create a job; its creator owns it unless ``owner_user_id`` says otherwise."""
    job = await service.create_job(session, body, actor_id=user.id, meta=meta)
    return (await service.to_out(session, [job]))[0]


@router.get("/jobs", response_model=list[JobOut], dependencies=[require(Action.VIEW, Resource.JOB)])
async def list_jobs(
    session: DbSession,
    status_filter: Annotated[JobStatus | None, Query(alias="status")] = None,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> list[JobOut]:
    """Newest first. Juniors see the jobs whose hiring team they are on."""
    jobs = await repository.list_jobs(session, status=status_filter, limit=limit, offset=offset)
    return await service.to_out(session, jobs)


@router.get(
    "/jobs/{job_id}", response_model=JobOut, dependencies=[require(Action.VIEW, Resource.JOB)]
)
async def get_job(job_id: uuid.UUID, session: DbSession) -> JobOut:
    job = await service.get_job(session, job_id)
    return (await service.to_out(session, [job]))[0]


@router.patch("/jobs/{job_id}", response_model=JobOut)
async def update_job(
    request: Request,
    job_id: uuid.UUID,
    body: JobUpdate,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.JOB)],
) -> JobOut:
    """Edit a job. Changed requirements re-score its applications in the background;
    changed openings or buffer after ranking rebalance the shortlist. Archiving it tells
    every applicant still waiting (pending or in the buffer) that it is closed."""
    was_archived = (await service.get_job(session, job_id)).status == "archived"
    job, _ = await editing.edit_job(
        session, job_id, body, actor_id=user.id, actor_role=user.role, meta=meta
    )
    if job.status == "archived" and not was_archived:
        env = Env(request.app.state.settings, request.app.state.secret_key)
        await portal_flows.job_finished(session, env, job.id, now=now_of(request))
    return (await service.to_out(session, [job]))[0]


@router.post("/jobs/{job_id}/deadline", response_model=JobOut)
async def extend_deadline(
    job_id: uuid.UUID,
    body: DeadlineIn,
    session: DbSession,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.JOB)],
) -> JobOut:
    job = await service.extend_deadline(session, job_id, body.closing_date, actor_id=user.id)
    return (await service.to_out(session, [job]))[0]


@router.post("/jobs/{job_id}/close", response_model=ShortlistOut)
async def close_applications(
    job_id: uuid.UUID,
    session: DbSession,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.JOB)],
) -> ShortlistOut:
    """Close applications, then rank and shortlist (once; a second call changes nothing)."""
    outcome = await shortlisting.close_and_shortlist(
        session, job_id, trigger=Trigger.MANUAL, actor_id=user.id
    )
    return ShortlistOut.model_validate(outcome, from_attributes=True)


@router.get(
    "/jobs/{job_id}/applications",
    response_model=list[ApplicationOut],
    dependencies=[require(Action.VIEW, Resource.APPLICATION)],
)
async def list_applications(
    job_id: uuid.UUID,
    session: DbSession,
    request: Request,
    response: Response,
    limit: int = Query(APPLICANTS_PER_REQUEST, ge=1, le=MAX_LIMIT),
    cursor: str | None = None,
) -> list[ApplicationOut]:
    """Ranked applicants (before ranking: by fit score; unscorable ones last), ``limit`` at a
    time. The body stays a list; ``X-Total-Count`` says how many there are, and while more
    follow, ``X-Next-Cursor`` and ``Link: <…>; rel="next"`` give the next page."""
    await service.get_job(session, job_id)
    offset = offset_of(cursor)
    rows = await repository.applications_page(session, job_id, offset=offset, limit=limit + 1)
    total = sum((await repository.stage_counts(session, job_id)).values())
    response.headers["X-Total-Count"] = str(total)
    if len(rows) > limit:
        following = offset_cursor(offset + limit)
        response.headers["X-Next-Cursor"] = following
        url = request.url.include_query_params(cursor=following, limit=limit)
        response.headers["Link"] = f'<{url}>; rel="next"'
    return [ApplicationOut.model_validate(a) for a in rows[:limit]]


@router.post(
    "/jobs/{job_id}/applications",
    response_model=ApplicationOut,
    status_code=status.HTTP_201_CREATED,
)
async def add_application(
    job_id: uuid.UUID,
    body: ApplicationIn,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.CREATE, Resource.APPLICATION)],
) -> ApplicationOut:
    """A recruiter applies a candidate (with one of their resumes) to the job."""
    application = await applications.apply(session, job_id, body, actor_id=user.id, meta=meta)
    return ApplicationOut.model_validate(application)


@router.post(
    "/jobs/{job_id}/applications/bulk",
    response_model=BulkResult,
    status_code=status.HTTP_201_CREATED,
)
async def add_applications_in_bulk(
    job_id: uuid.UUID,
    body: BulkApplicationsIn,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, require(Action.CREATE, Resource.APPLICATION)],
) -> BulkResult:
    """Up to 500 candidates at once; each one that cannot apply is listed with its reason."""
    created, skipped = await applications.apply_in_bulk(
        session, job_id, body.applications, actor_id=user.id, meta=meta
    )
    return BulkResult(created=[ApplicationOut.model_validate(a) for a in created], skipped=skipped)


@router.get(
    "/applications/{application_id}",
    response_model=ApplicationOut,
    dependencies=[require(Action.VIEW, Resource.APPLICATION)],
)
async def get_application(application_id: uuid.UUID, session: DbSession) -> ApplicationOut:
    return ApplicationOut.model_validate(
        await applications.get_application(session, application_id)
    )


@router.post("/applications/{application_id}/decision", response_model=ApplicationOut)
async def decide(
    request: Request,
    application_id: uuid.UUID,
    body: DecisionIn,
    session: DbSession,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.APPLICATION)],
) -> ApplicationOut:
    """Promote a buffer candidate, move someone to the buffer, reject, or report a dropout
    (declined, expired, no-show, withdrawn). Logged with trigger ``manual``."""
    application = await shortlisting.decide(
        session,
        application_id,
        body.action,
        reason=body.reason,
        trigger=Trigger.MANUAL,
        actor_id=user.id,
        note=body.note,
    )
    env = Env(request.app.state.settings, request.app.state.secret_key)
    await portal_flows.status_changed(session, env, application, now=now_of(request))
    return ApplicationOut.model_validate(application)


@router.post("/applications/{application_id}/rescore", response_model=ApplicationOut)
async def rescore_application(
    application_id: uuid.UUID,
    session: DbSession,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.APPLICATION)],
) -> ApplicationOut:
    """Queue the application's fit score again (e.g. after its resume was re-processed)."""
    application = await applications.get_application(session, application_id)
    await applications.defer_scoring(session, application.id)
    return ApplicationOut.model_validate(application)
