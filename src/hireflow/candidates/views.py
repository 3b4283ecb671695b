"""HTML pages of candidates: search list, detail with resumes and assignments, upload, import."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Awaitable, Iterable
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from hireflow.audit.service import ActivityFilter, browse_activity
from hireflow.auth import accounts, people
from hireflow.auth.dependencies import Meta, OptionalUser
from hireflow.auth.dependencies import allow_page as _require
from hireflow.auth.permissions import Action, Resource, is_allowed
from hireflow.automation import progress
from hireflow.candidates import duplicates, notes, search, service
from hireflow.candidates.flows import background_import, intake, merge, privacy
from hireflow.candidates.flows.importer import files_in_zip
from hireflow.candidates.schemas import AssignmentIn, AssignmentType, CandidateIn, CandidateUpdate
from hireflow.db.dependencies import DbSession
from hireflow.interviews import service as interviews
from hireflow.jobs import service as jobs
from hireflow.jobs.activity import readable
from hireflow.kit.errors import Conflict, HireflowError, NotFound, Unprocessable
from hireflow.kit.time import utcnow
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
    assigned_to: uuid.UUID | None = None,
) -> Response:
    if user is None:
        return _redirect("/login?next=/candidates")
    rows, next_cursor = await search.search(
        session,
        search.CandidateQuery(
            q=q or None,
            status=status or None,
            cursor=cursor or None,
            assigned_to=assigned_to,
            limit=50,
        ),
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


@router.get("/candidates/suggest")
async def candidate_suggestions(session: DbSession, user: OptionalUser, q: str = "") -> Response:
    """The candidate picker's matches (JSON for web/static/picker.js), of the candidates this
    user sees (row-level security)."""
    _require(user, Action.VIEW, Resource.CANDIDATE)
    rows = await search.suggestions(session, q)
    return JSONResponse({"options": [search.option(c) for c in rows]})


@router.get("/candidates/{candidate_id}/mentionable")
async def mention_suggestions(
    candidate_id: uuid.UUID, session: DbSession, user: OptionalUser, q: str = ""
) -> Response:
    """Colleagues a note on this candidate may mention, matching what follows the ``@``."""
    current = _require(user, Action.UPDATE, Resource.CANDIDATE)
    found = await notes.mentionable(session, candidate_id, q.strip()[:100], actor_id=current.id)
    return JSONResponse({"options": found})


@router.get("/candidates/{candidate_id}", response_class=HTMLResponse)
async def candidate_detail(
    request: Request,
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    return await _detail_page(
        request, candidate_id, session, meta, user, notice=notice, error=error, status=status_code
    )


async def _detail_page(
    request: Request,
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    *,
    notice: str | None = None,
    error: str | None = None,
    status: int = 200,
    assign_picked: str = "",
    assign_choices: list[dict[str, str]] | None = None,
) -> Response:
    if user is None:
        return _redirect(f"/login?next=/candidates/{candidate_id}")
    candidate = await service.get_candidate(session, candidate_id, actor_id=user.id, meta=meta)
    can_assign = is_allowed(user.role, Action.ASSIGN, Resource.ASSIGNMENT)
    recruiters = await accounts.list_users(session)
    # In the jobs' context: a junior on a hiring team sees this page through those jobs.
    applied = await jobs.applications_of_candidate(session, candidate_id)
    titles = await jobs.titles_of(session, [a.job_id for a in applied])
    matches = await duplicates.find_duplicates(
        session,
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        email=candidate.email,
        phone=candidate.phone,
        company=candidate.current_company,
        exclude=candidate.id,
    )
    activity = []
    if is_allowed(user.role, Action.VIEW, Resource.AUDIT_LOG):
        rows = await browse_activity(session, ActivityFilter(entity_id=candidate_id), limit=30)
        known = {u.id: u.full_name for u in recruiters} | {candidate.id: candidate.full_name}
        activity = await readable(session, rows, known=known)
    versions = await resumes.versions_of(session, candidate_id)
    parsing = (
        await progress.of_item(session, progress.item("resume", versions[0].id))
        if versions
        else None
    )
    return render(
        request,
        "candidates/detail.html",
        {
            "candidate": candidate,
            "progress": (
                parsing
                if parsing and (parsing.worth_showing(utcnow()) or notice == "uploaded")
                else None
            ),
            "applications": [(a, titles.get(a.job_id)) for a in applied],
            "resumes": versions,
            "assignments": await service.assignment_history(session, candidate_id),
            "interviews": await interviews.interviews_of_candidate(session, candidate_id),
            "notes": await notes.notes_of(session, candidate_id),
            "tags": await notes.tags_of(session, candidate_id),
            "duplicates": matches,
            "entries": activity,
            "can_read_activity": is_allowed(user.role, Action.VIEW, Resource.AUDIT_LOG),
            "names": {u.id: u.full_name for u in recruiters},
            "can_assign": can_assign,
            "assign_picked": assign_picked,
            "assign_choices": assign_choices or [],
            "can_merge": is_allowed(user.role, Action.DELETE, Resource.CANDIDATE),
            "can_export": is_allowed(user.role, Action.EXPORT, Resource.CANDIDATE),
            "notice": notice,
            "error": error,
        },
        status_code=status,
    )


@router.post("/candidates/{candidate_id}/edit", response_class=HTMLResponse)
async def candidate_edit(
    request: Request, candidate_id: uuid.UUID, session: DbSession, meta: Meta, user: OptionalUser
) -> Response:
    """Edit the candidate's fields (blank optional fields are cleared)."""
    current = _require(user, Action.UPDATE, Resource.CANDIDATE)
    form = {k: v.strip() for k, v in (await request.form()).items() if isinstance(v, str)}
    fields = ("first_name", "last_name", "email", "phone", "current_company")
    values: dict[str, object] = {f: form.get(f) or None for f in fields}
    values["current_position"] = form.get("current_position") or None
    values["years_experience"] = form.get("years_experience") or None
    if form.get("status"):
        values["status"] = form["status"]
    try:
        body = CandidateUpdate.model_validate(values)
        async with session.begin_nested():
            await service.update_candidate(
                session, candidate_id, body, actor_id=current.id, meta=meta
            )
    except ValidationError as exc:
        message = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return await candidate_detail(
            request, candidate_id, session, meta, user, error=message, status_code=422
        )
    except HireflowError as exc:
        return await candidate_detail(
            request,
            candidate_id,
            session,
            meta,
            user,
            error=exc.message,
            status_code=exc.status_code,
        )
    return _redirect(f"/candidates/{candidate_id}?flash=saved")


async def _step_or_inline_error(
    request: Request,
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    step: Awaitable[object],
    *,
    done: str,
) -> Response:
    """Run one change on the candidate page: back with a flash, or the page with the error
    inline (a refused step is undone by its savepoint)."""
    try:
        async with session.begin_nested():
            await step
    except HireflowError as exc:
        return await candidate_detail(
            request,
            candidate_id,
            session,
            meta,
            user,
            error=exc.message,
            status_code=exc.status_code,
        )
    return _redirect(f"/candidates/{candidate_id}?flash={done}")


@router.post("/candidates/{candidate_id}/notes", response_class=HTMLResponse)
async def note_add(
    request: Request,
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    body: Annotated[str, Form(max_length=notes.MAX_NOTE + 100)],
) -> Response:
    current = _require(user, Action.UPDATE, Resource.CANDIDATE)
    return await _step_or_inline_error(
        request,
        candidate_id,
        session,
        meta,
        user,
        notes.add_note(session, candidate_id, body, actor_id=current.id, meta=meta),
        done="note-added#notes-h",
    )


@router.post("/candidates/{candidate_id}/tags", response_class=HTMLResponse)
async def tag_add(
    request: Request,
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    tag: Annotated[str, Form(max_length=200)],
) -> Response:
    current = _require(user, Action.UPDATE, Resource.CANDIDATE)
    return await _step_or_inline_error(
        request,
        candidate_id,
        session,
        meta,
        user,
        notes.add_tag(session, candidate_id, tag, actor_id=current.id, meta=meta),
        done="tag-added#tags-h",
    )


@router.post("/candidates/{candidate_id}/tags/{tag_id}/remove", response_class=HTMLResponse)
async def tag_remove(
    candidate_id: uuid.UUID, tag_id: uuid.UUID, session: DbSession, meta: Meta, user: OptionalUser
) -> Response:
    current = _require(user, Action.UPDATE, Resource.CANDIDATE)
    await notes.remove_tag(session, candidate_id, tag_id, actor_id=current.id, meta=meta)
    return _redirect(f"/candidates/{candidate_id}?flash=tag-removed#tags-h")


@router.post("/candidates/{candidate_id}/merge", response_class=HTMLResponse)
async def merge_page(
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    duplicate_id: Annotated[uuid.UUID, Form()],
) -> Response:
    """Merge a likely duplicate into this candidate (the existing merge flow)."""
    current = _require(user, Action.DELETE, Resource.CANDIDATE)
    await merge.merge_candidates(
        session, candidate_id, duplicate_id, actor_id=current.id, meta=meta
    )
    return _redirect(f"/candidates/{candidate_id}?flash=merged")


@router.get("/candidates/{candidate_id}/export")
async def export_page(
    candidate_id: uuid.UUID, session: DbSession, storage: Storage, meta: Meta, user: OptionalUser
) -> Response:
    """Download everything about the candidate (data-subject access request), zipped."""
    current = _require(user, Action.EXPORT, Resource.CANDIDATE)
    name, data = await privacy.export_candidate(
        session, storage, candidate_id, actor_id=current.id, meta=meta
    )
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/candidates/{candidate_id}/erase", response_class=HTMLResponse)
async def erase_page(
    request: Request,
    candidate_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Erase the candidate for good (data-subject erasure), once the name is typed."""
    current = _require(user, Action.DELETE, Resource.CANDIDATE)
    candidate = await service.get_candidate(
        session, candidate_id, actor_id=current.id, meta=meta, record_view=False
    )
    if confirm.strip().casefold() != candidate.full_name.casefold():
        return await candidate_detail(
            request,
            candidate_id,
            session,
            meta,
            user,
            error=f"Type the candidate's full name ({candidate.full_name}) to confirm the erasure.",
            status_code=422,
        )
    await privacy.erase_candidate(session, candidate_id, actor_id=current.id, meta=meta)
    return _redirect("/candidates?flash=erased")


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
    if added.created:
        await resumes.track_parsing(
            session,
            [added.resume.id],
            kind=progress.Kind.RESUME_PARSE,
            label=f"Parsing {added.resume.original_filename}",
            actor_id=current.id,
            link=f"/candidates/{candidate_id}",
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
    assignment_type: Annotated[AssignmentType, Form()] = "primary",
    user_id: Annotated[list[str] | None, Form()] = None,
    colleague: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Assign the colleague chosen with the picker (a suggestion's id, or the typed name)."""
    current = _require(user, Action.ASSIGN, Resource.ASSIGNMENT)
    colleagues = await accounts.list_users(session)
    choice = people.choose(colleagues, user_id, colleague)
    assignee = choice.person
    if assignee is None and any(str(u.id) in (user_id or []) for u in colleagues):
        return _redirect(f"/candidates/{candidate_id}?flash=assignee-inactive#assign-h")
    if assignee is None:
        return await _detail_page(
            request,
            candidate_id,
            session,
            meta,
            user,
            error=choice.error,
            status=422,
            assign_picked=colleague,
            assign_choices=choice.options,
        )
    try:
        async with session.begin_nested():
            await service.assign(
                session,
                candidate_id,
                AssignmentIn(user_id=assignee.id, assignment_type=assignment_type),
                actor_id=current.id,
                meta=meta,
                assignee_active=assignee.is_active,
            )
    except Conflict:  # an expected conflict: back to the page with the reason, not a dead end
        return _redirect(f"/candidates/{candidate_id}?flash=already-assigned#assign-h")
    except Unprocessable:
        return _redirect(f"/candidates/{candidate_id}?flash=assignee-inactive#assign-h")
    return _redirect(f"/candidates/{candidate_id}?flash=assigned#assign-h")


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
    user: OptionalUser,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    """Stage the files and import them in the background; the page of the import shows its
    progress and, file by file, what became of each."""
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
        progress_id = await background_import.stage_import(
            session,
            storage,
            itertools.chain.from_iterable(incoming),
            actor_id=current.id,
            max_files=settings.max_import_files,
            max_bytes=limit,
        )
    except HireflowError as exc:
        return render(
            request, "candidates/import.html", {"error": exc.message}, status_code=exc.status_code
        )
    return _redirect(f"/import/{progress_id}")


@router.get("/import/{progress_id}", response_class=HTMLResponse)
async def import_progress(
    request: Request, progress_id: uuid.UUID, session: DbSession, user: OptionalUser
) -> Response:
    current = _require(user, Action.CREATE, Resource.CANDIDATE)
    del current
    found = await progress.get(session, progress_id)
    if found is None or found.kind != progress.Kind.IMPORT:
        raise NotFound("There is no such import, or you may not see it.")
    lines = await background_import.report_of(session, progress_id)
    counts = {o: sum(1 for line in lines if line.outcome == o) for o in OUTCOMES}
    return render(
        request,
        "candidates/import.html",
        {
            "progress": found,
            "refresh_url": f"/import/{progress_id}",
            "reload_when_done": True,
            "lines": lines,
            "counts": counts,
        },
    )


OUTCOMES = ("created", "added_version", "already_present", "rejected")


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
