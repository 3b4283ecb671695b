"""The candidate portal (``/p/{token}``, no account, works without JavaScript) and the
seniors' queue of deletion requests (``/privacy/requests``).

A portal link names one candidate; the pages switch to the system role only after checking
it, and read nothing but that candidate's rows. A refused link gets the friendly page of
the interview links.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import AuditAction, EntityType, RequestMeta, record_activity
from hireflow.auth.dependencies import CurrentUser, Meta, public, require
from hireflow.auth.permissions import Action, Resource
from hireflow.candidates import service as candidates
from hireflow.candidates.flows import privacy
from hireflow.db.dependencies import DbSession
from hireflow.db.session import SYSTEM, switch_actor
from hireflow.interviews.availability import label, zone
from hireflow.interviews.candidate_views import COMMON_ZONES, env_of, now_of, refused_page
from hireflow.interviews.links import LinkRefused, read_portal_token
from hireflow.jobs import service as jobs
from hireflow.kit.errors import HireflowError, NotFound
from hireflow.portal import flows
from hireflow.portal import service as portal
from hireflow.resumes.dependencies import Storage
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)
PUBLIC = [public()]


async def _candidate_of(request: Request, session: AsyncSession, token: str) -> uuid.UUID:
    claim = read_portal_token(request.app.state.secret_key, token, now_of(request))
    await switch_actor(session, SYSTEM)
    try:
        await candidates.get_candidate(
            session, claim.candidate_id, actor_id=None, meta=RequestMeta(), record_view=False
        )
    except NotFound:
        raise LinkRefused("gone", "We no longer hold any data about you.") from None
    return claim.candidate_id


def _zone_name(asked: str | None) -> str:
    if asked:
        try:
            return zone(asked).key
        except HireflowError:
            pass
    return "UTC"


async def _portal_page(
    request: Request,
    session: AsyncSession,
    token: str,
    candidate_id: uuid.UUID,
    *,
    tz_name: str,
    notice: str | None = None,
) -> Response:
    page = await flows.portal_of(
        session, env_of(request), candidate_id, now=now_of(request), tz_name=tz_name
    )
    return render(
        request,
        "portal/portal.html",
        {
            "token": token,
            "page": page,
            "zone": tz_name,
            "zones": sorted({*COMMON_ZONES, tz_name}),
            "notice": notice,
            "company": request.app.state.settings.company_name,
        },
    )


@router.get("/p/{token}", response_class=HTMLResponse, dependencies=PUBLIC)
async def portal_page(
    request: Request,
    token: str,
    session: DbSession,
    zone_name: Annotated[str | None, Query(alias="zone")] = None,
) -> Response:
    try:
        candidate_id = await _candidate_of(request, session, token)
    except LinkRefused as exc:
        return await refused_page(request, session, exc, None)
    return await _portal_page(request, session, token, candidate_id, tz_name=_zone_name(zone_name))


@router.post("/p/{token}/export", dependencies=PUBLIC)
async def portal_export(
    request: Request, token: str, session: DbSession, storage: Storage, meta: Meta
) -> Response:
    """The candidate's own data export (the privacy flow's zip), audited as theirs."""
    try:
        candidate_id = await _candidate_of(request, session, token)
    except LinkRefused as exc:
        return await refused_page(request, session, exc, None)
    name, data = await privacy.export_candidate(
        session, storage, candidate_id, actor_id=None, meta=meta
    )
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/p/{token}/delete", response_class=HTMLResponse, dependencies=PUBLIC)
async def portal_delete(
    request: Request,
    token: str,
    session: DbSession,
    meta: Meta,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    try:
        candidate_id = await _candidate_of(request, session, token)
    except LinkRefused as exc:
        return await refused_page(request, session, exc, None)
    if not confirm:
        notice = "Please tick the box to confirm that you want your data deleted."
    elif await flows.request_deletion(session, candidate_id, now=now_of(request), meta=meta):
        notice = "We received your request. A recruiter will delete your data and confirm."
    else:
        notice = "Your request is already with us."
    return await _portal_page(request, session, token, candidate_id, tz_name="UTC", notice=notice)


# ---- seniors: the deletion requests -------------------------------------------------------
SENIOR = require(Action.DELETE, Resource.CANDIDATE)


async def _requests_page(
    request: Request,
    session: AsyncSession,
    *,
    notice: str | None = None,
    error: str | None = None,
) -> Response:
    rows = []
    for item in await portal.pending_requests(session):
        name = "(erased)"
        if item.candidate_id is not None:
            try:
                candidate = await candidates.get_candidate(
                    session, item.candidate_id, actor_id=None, meta=RequestMeta(), record_view=False
                )
                name = flows.candidate_name(candidate)
            except NotFound:
                pass
        requested = label(item.requested_at, zone("UTC"))
        rows.append({"id": item.id, "name": name, "requested": requested})
    return render(
        request,
        "portal/requests.html",
        {"requests": rows, "notice": notice, "error": error},
    )


@router.get("/privacy/requests", response_class=HTMLResponse)
async def deletion_requests(
    request: Request, session: DbSession, user: Annotated[CurrentUser, SENIOR]
) -> Response:
    return await _requests_page(request, session)


@router.post("/privacy/requests/{request_id}", response_class=HTMLResponse)
async def handle_deletion_request(
    request: Request,
    request_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: Annotated[CurrentUser, SENIOR],
    operation: Annotated[str, Form()],
) -> Response:
    """``erase``: the candidate is erased for good (the privacy flow); ``decline``: kept."""
    try:
        async with session.begin_nested():
            outcome = "erased" if operation == "erase" else "declined"
            closed = await portal.close_request(
                session, request_id, outcome, actor_id=user.id, now=now_of(request)
            )
            if closed.candidate_id is not None and outcome == "erased":
                await privacy.erase_candidate(
                    session, closed.candidate_id, actor_id=user.id, meta=meta
                )
            elif closed.candidate_id is not None:
                await record_activity(
                    session,
                    user_id=user.id,
                    action=AuditAction.UPDATE,
                    entity_type=EntityType.CANDIDATE,
                    entity_id=closed.candidate_id,
                    new={"deletion_request": "declined", "request_id": str(request_id)},
                    meta=meta,
                )
    except HireflowError as exc:
        return await _requests_page(request, session, error=exc.message)
    notice = "The candidate was erased." if outcome == "erased" else "The request was declined."
    return await _requests_page(request, session, notice=notice)


# ---- per job: candidate status e-mails ----------------------------------------------------
JOB_EDITOR = require(Action.UPDATE, Resource.JOB)


@router.get("/jobs/{job_id}/candidate-mail", response_class=HTMLResponse)
async def candidate_mail_page(
    request: Request,
    job_id: uuid.UUID,
    session: DbSession,
    user: Annotated[CurrentUser, JOB_EDITOR],
) -> Response:
    job = await jobs.get_job(session, job_id)
    on = await portal.status_mail_on(session, job_id)
    return render(request, "portal/candidate_mail.html", {"job": job, "on": on})


@router.post("/jobs/{job_id}/candidate-mail", response_class=HTMLResponse)
async def candidate_mail_save(
    request: Request,
    job_id: uuid.UUID,
    session: DbSession,
    user: Annotated[CurrentUser, JOB_EDITOR],
    status_mail: Annotated[str, Form()] = "",
) -> Response:
    job = await jobs.get_job(session, job_id)
    await portal.set_status_mail(session, job_id, bool(status_mail))
    return render(
        request,
        "portal/candidate_mail.html",
        {"job": job, "on": bool(status_mail), "notice": "Saved."},
    )
