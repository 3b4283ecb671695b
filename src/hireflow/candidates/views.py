"""HTML pages of candidates: search list, detail with resumes and assignments, upload, import."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hireflow.auth import accounts
from hireflow.auth.dependencies import Meta, OptionalUser
from hireflow.auth.dependencies import allow_page as _require
from hireflow.auth.permissions import Action, Resource, is_allowed
from hireflow.candidates import search, service
from hireflow.candidates.flows import intake
from hireflow.candidates.flows.importer import files_in_zip, import_report, import_resumes
from hireflow.candidates.schemas import AssignmentIn, AssignmentType, CandidateIn
from hireflow.db.dependencies import DbSession
from hireflow.jobs import service as jobs
from hireflow.kit.errors import HireflowError
from hireflow.resumes import service as resumes
from hireflow.resumes.dependencies import Storage, read_upload, upload_limit
from hireflow.resumes.service import IncomingFile
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)


def _redirect(location: str) -> RedirectResponse:
    return RedirectResponse(location, status_code=303)


@router.get("/candidates", response_class=HTMLResponse)
async def candidate_list(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    q: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
) -> Response:
    if user is None:
        return _redirect("/login?next=/candidates")
    rows, next_cursor = await search.search(
        session,
        search.CandidateQuery(q=q or None, status=status or None, cursor=cursor or None, limit=50),
    )
    return render(
        request,
        "candidates/list.html",
        {
            "candidates": rows,
            "q": q or "",
            "status": status or "",
            "next_cursor": next_cursor,
        },
    )


@router.post("/candidates", response_class=HTMLResponse)
async def candidate_create(
    request: Request,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    first_name: Annotated[str, Form()],
    last_name: Annotated[str, Form()],
    email: Annotated[str, Form()] = "",
) -> Response:
    current = _require(user, Action.CREATE, Resource.CANDIDATE)
    try:
        data = CandidateIn(first_name=first_name, last_name=last_name, email=email or None)
        candidate = await service.create_candidate(
            session, data, actor_id=current.id, actor_role=current.role, meta=meta
        )
    except (HireflowError, ValueError) as exc:
        rows, next_cursor = await search.search(session, search.CandidateQuery(limit=50))
        return render(
            request,
            "candidates/list.html",
            {
                "candidates": rows,
                "q": "",
                "status": "",
                "next_cursor": next_cursor,
                "error": getattr(exc, "message", None) or "Check the name and email.",
            },
            status_code=422,
        )
    return _redirect(f"/candidates/{candidate.id}")


@router.get("/candidates/{candidate_id}", response_class=HTMLResponse)
async def candidate_detail(
    request: Request,
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    notice: str | None = None,
) -> Response:
    if user is None:
        return _redirect(f"/login?next=/candidates/{candidate_id}")
    candidate = await service.get_candidate(session, candidate_id, actor_id=user.id, meta=meta)
    can_assign = is_allowed(user.role, Action.ASSIGN, Resource.ASSIGNMENT)
    recruiters = await accounts.list_users(session)
    # In the jobs' context: a junior on a hiring team sees this page through those jobs.
    applied = await jobs.applications_of_candidate(session, candidate_id)
    titles = await jobs.titles_of(session, [a.job_id for a in applied])
    return render(
        request,
        "candidates/detail.html",
        {
            "candidate": candidate,
            "applications": [(a, titles.get(a.job_id)) for a in applied],
            "resumes": await resumes.versions_of(session, candidate_id),
            "assignments": await service.assignment_history(session, candidate_id),
            "names": {u.id: u.full_name for u in recruiters},
            "recruiters": recruiters if can_assign else [],
            "can_assign": can_assign,
            "notice": notice,
        },
    )


@router.post("/candidates/{candidate_id}/resumes", response_class=HTMLResponse)
async def resume_upload(
    request: Request,
    candidate_id: uuid.UUID,
    session: DbSession,
    storage: Storage,
    meta: Meta,
    user: OptionalUser,
    file: Annotated[UploadFile, File()],
) -> Response:
    current = _require(user, Action.CREATE, Resource.RESUME)
    try:
        incoming = await read_upload(file, upload_limit(request))
        added = await intake.add_resume(
            session,
            storage,
            candidate_id,
            incoming,
            actor_id=current.id,
            meta=meta,
            max_bytes=upload_limit(request),
        )
    except HireflowError as exc:
        if not request.headers.get("hx-request"):
            raise
        return HTMLResponse(
            f'<p class="error" role="alert">{_escape(exc.message)}</p>', status_code=exc.status_code
        )
    note = "uploaded" if added.created else "already-there"
    location = f"/candidates/{candidate_id}?notice={note}"
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": location})
    return _redirect(location)


@router.post("/candidates/{candidate_id}/assignments", response_class=HTMLResponse)
async def assign(
    request: Request,
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    user_id: Annotated[uuid.UUID, Form()],
    assignment_type: Annotated[AssignmentType, Form()] = "primary",
) -> Response:
    current = _require(user, Action.ASSIGN, Resource.ASSIGNMENT)
    assignee = await accounts.get_user(session, user_id)
    await service.assign(
        session,
        candidate_id,
        AssignmentIn(user_id=user_id, assignment_type=assignment_type),
        actor_id=current.id,
        meta=meta,
        assignee_active=bool(assignee and assignee.is_active),
    )
    return _redirect(f"/candidates/{candidate_id}?notice=assigned")


@router.get("/import", response_class=HTMLResponse)
async def import_page(request: Request, user: OptionalUser) -> Response:
    if user is None:
        return _redirect("/login?next=/import")
    return render(request, "candidates/import.html", {})


@router.post("/import", response_class=HTMLResponse)
async def import_submit(
    request: Request,
    session: DbSession,
    storage: Storage,
    meta: Meta,
    user: OptionalUser,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    current = _require(user, Action.CREATE, Resource.CANDIDATE)
    settings = request.app.state.settings
    limit = upload_limit(request)
    incoming: list[Iterable[IncomingFile]] = []
    try:
        for upload in files:
            is_zip = (upload.filename or "").lower().endswith(".zip")
            item = await read_upload(upload, limit * (50 if is_zip else 1))
            incoming.append(
                files_in_zip(item.data, max_files=settings.max_import_files, max_file_bytes=limit)
                if is_zip
                else [item]
            )
    except HireflowError as exc:
        return render(
            request, "candidates/import.html", {"error": exc.message}, status_code=exc.status_code
        )
    results = [
        r
        async for r in import_resumes(
            session,
            storage,
            itertools.chain.from_iterable(incoming),
            actor_id=current.id,
            actor_role=current.role,
            meta=meta,
            max_bytes=limit,
        )
    ]
    return render(request, "candidates/import.html", {"report": import_report(results)})


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
