"""HTML pages of jobs: the job list and editor, ranked applicants with their fit breakdown,
buffer health, close-and-shortlist, recruiter overrides, and the automation log."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.auth import accounts, people
from hireflow.auth.dependencies import CurrentUser, Meta, OptionalUser
from hireflow.auth.dependencies import allow_page as _allowed
from hireflow.auth.permissions import Action, Resource, is_allowed, sees_all_candidates
from hireflow.automation import progress
from hireflow.automation import service as automation
from hireflow.automation.service import Trigger
from hireflow.candidates import search as candidate_search
from hireflow.candidates import service as candidates
from hireflow.db.dependencies import DbSession
from hireflow.interviews.candidate_views import now_of
from hireflow.interviews.messages import Env
from hireflow.jobs import applications, editing, repository, service
from hireflow.jobs.models import Job
from hireflow.jobs.schemas import ApplicationIn, JobIn, JobUpdate
from hireflow.jobs.scoring.posting import understood_fields
from hireflow.jobs.scoring.profile import EDUCATION_LEVELS
from hireflow.jobs.scoring.requirements import split_lines
from hireflow.jobs.shortlisting import service as shortlisting
from hireflow.kit.errors import Forbidden, HireflowError
from hireflow.kit.pagination import numbered
from hireflow.portal import flows as portal_flows
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)

STAGES = ("pending", "buffer", "shortlisted", "declined", "withdrawn", "rejected")
APPLICANTS_PER_PAGE = 50
BULK_ACTIONS = {"promote": "Shortlisted", "to_buffer": "Moved to the buffer", "reject": "Rejected"}


def stage_of(status: str, dropout_reason: str | None) -> str:
    """The stage a recruiter sees: a withdrawal because the candidate declined is 'declined'."""
    return "declined" if status == "withdrawn" and dropout_reason == "declined" else status


async def _page_asked(request: Request) -> str | None:
    """The applicants page asked for: ``?page=`` on a GET, the form's ``page`` after a
    decision posted from that page (so the recruiter stays where they were)."""
    if request.method == "GET":
        return request.query_params.get("page")
    value = (await request.form()).get("page")
    return value if isinstance(value, str) else None


def _skills(value: str) -> list[str]:
    """Requirement lines: one per line, or comma-separated on one line."""
    return split_lines(value)


def _errors(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'form'}: {e['msg']}" for e in exc.errors()
    )


@router.get("/jobs", response_class=HTMLResponse)
async def jobs_page(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    error: str | None = None,
    understood: dict[str, Any] | None = None,
) -> Response:
    user = _allowed(user, Action.VIEW, Resource.JOB)
    jobs = await repository.list_jobs(session, status=None, limit=200, offset=0)
    return render(
        request,
        "jobs/list.html",
        {
            "jobs": jobs,
            "can_create": is_allowed(user.role, Action.CREATE, Resource.JOB),
            "sees_team_jobs_only": not sees_all_candidates(user.role),
            "levels": list(EDUCATION_LEVELS),
            "error": error,
            "flags": await automation.list_flags(session),
            "unavailable_flags": frozenset(f.value for f in automation.NOT_AVAILABLE),
            "can_switch_flags": is_allowed(user.role, Action.UPDATE, Resource.SETTINGS),
            "draft": understood["fields"] if understood else None,
            "understood": understood,
        },
    )


@router.post("/jobs/understand", response_class=HTMLResponse)
async def jobs_understand(
    request: Request, session: DbSession, user: OptionalUser, posting: Annotated[str, Form()]
) -> Response:
    """Read a pasted posting into the new-job form, showing what was understood."""
    user = _allowed(user, Action.CREATE, Resource.JOB)
    return await jobs_page(request, session, user, understood=understood_fields(posting))


def _job_fields(form: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": form.get("title", ""),
        "description": form.get("description", ""),
        "must_have_skills": _skills(form.get("must_have_skills", "")),
        "nice_to_have_skills": _skills(form.get("nice_to_have_skills", "")),
        "min_years_experience": form.get("min_years_experience") or 0,
        "education_level": form.get("education_level") or "none",
        "location": form.get("location") or None,
        "number_of_openings": form.get("number_of_openings") or 1,
        "automation_enabled": form.get("automation_enabled") == "on",
        "closing_date": form.get("closing_date") or None,
    }
    if form.get("shortlisting_buffer"):
        values["shortlisting_buffer"] = form["shortlisting_buffer"]
    return values


@router.post("/jobs", response_class=HTMLResponse)
async def jobs_create(
    request: Request, session: DbSession, meta: Meta, user: OptionalUser
) -> Response:
    user = _allowed(user, Action.CREATE, Resource.JOB)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        body = JobIn.model_validate(_job_fields(form))
    except ValidationError as exc:
        return await jobs_page(request, session, user, error=_errors(exc))
    job = await service.create_job(session, body, actor_id=user.id, meta=meta)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


async def _job_page(
    request: Request,
    session: AsyncSession,
    user: CurrentUser,
    job: Job,
    *,
    notice: str | None = None,
    error: str | None = None,
    understood: dict[str, Any] | None = None,
    picked: str = "",
    choices: list[Any] | None = None,
    team_picked: str = "",
    team_choices: list[dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    counts = dict.fromkeys(STAGES, 0)
    for (status, reason), count in (await repository.stage_counts(session, job.id)).items():
        counts[stage_of(status, reason)] += count
    paging = numbered(await _page_asked(request), APPLICANTS_PER_PAGE, sum(counts.values()))
    rows = await repository.applications_page(
        session, job.id, offset=paging.offset, limit=paging.size
    )
    stages: dict[str, set[uuid.UUID]] = {s: set() for s in STAGES}
    for row in rows:
        stages[stage_of(row.shortlist_status, row.dropout_reason)].add(row.id)
    log = await automation.job_log(session, job.id, 100)
    health = service.buffer_health(job.shortlisting_buffer, counts["buffer"])
    team_ids = (await service.team_of(session, [job.id]))[job.id]
    team = await accounts.users_by_ids(session, team_ids)
    closing = await progress.latest_for_job(session, job.id)
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "progress": closing if closing and closing.worth_showing(now_of(request)) else None,
            "applications": rows,
            "paging": paging,
            "counts": counts,
            "buffer_health": health,
            "log": log,
            "stages": stages,
            "names": await candidates.names_of(session, [r.candidate_id for r in rows]),
            "app_candidates": {r.id: r.candidate_id for r in rows},
            "can_reinstate": sees_all_candidates(user.role),
            "picked": picked,
            "choices": choices or [],
            "team": [(team[i], i == job.owner_user_id) for i in team_ids if i in team],
            "can_edit_team": sees_all_candidates(user.role),
            "team_picked": team_picked,
            "team_choices": team_choices or [],
            "levels": list(EDUCATION_LEVELS),
            "can_update": is_allowed(user.role, Action.UPDATE, Resource.JOB),
            "can_decide": is_allowed(user.role, Action.UPDATE, Resource.APPLICATION),
            "can_apply": is_allowed(user.role, Action.CREATE, Resource.APPLICATION),
            "notice": notice,
            "error": error,
            "draft": understood["fields"] if understood else None,
            "understood": understood,
        },
        status_code=status_code,
    )


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
async def job_page(
    request: Request, job_id: uuid.UUID, session: DbSession, user: OptionalUser
) -> Response:
    user = _allowed(user, Action.VIEW, Resource.JOB)
    job = await service.get_job(session, job_id)
    return await _job_page(request, session, user, job)


@router.post("/jobs/{job_id}", response_class=HTMLResponse)
async def job_update(
    request: Request, job_id: uuid.UUID, session: DbSession, meta: Meta, user: OptionalUser
) -> Response:
    user = _allowed(user, Action.UPDATE, Resource.JOB)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    fields = _job_fields(form)
    try:
        body = JobUpdate.model_validate(fields)
    except ValidationError as exc:
        job = await service.get_job(session, job_id)
        return await _job_page(request, session, user, job, error=_errors(exc))
    job, rescore = await editing.edit_job(
        session, job_id, body, actor_id=user.id, actor_role=user.role, meta=meta
    )
    notice = "Saved; applications are being re-scored." if rescore else "Saved."
    return await _job_page(request, session, user, job, notice=notice)


@router.post("/jobs/{job_id}/understand", response_class=HTMLResponse)
async def job_understand(
    request: Request,
    job_id: uuid.UUID,
    session: DbSession,
    user: OptionalUser,
    posting: Annotated[str, Form()],
) -> Response:
    """Read a pasted posting into the edit form (not saved until the recruiter saves)."""
    user = _allowed(user, Action.UPDATE, Resource.JOB)
    job = await service.get_job(session, job_id)
    understood = understood_fields(posting, current=job)
    notice = "Read the posting: check what was understood below, correct it, then save."
    return await _job_page(request, session, user, job, notice=notice, understood=understood)


@router.post("/jobs/{job_id}/close", response_class=HTMLResponse)
async def job_close(
    request: Request, job_id: uuid.UUID, session: DbSession, user: OptionalUser
) -> Response:
    user = _allowed(user, Action.UPDATE, Resource.JOB)
    outcome = await shortlisting.close_and_shortlist(
        session, job_id, trigger=Trigger.MANUAL, actor_id=user.id
    )
    job = await service.get_job(session, job_id)
    return await _job_page(request, session, user, job, notice=outcome.message)


@router.post("/jobs/{job_id}/archive", response_class=HTMLResponse)
async def job_archive(
    request: Request, job_id: uuid.UUID, session: DbSession, meta: Meta, user: OptionalUser
) -> Response:
    """Hiring for the job is over: archive it and tell everyone still waiting (pending or in
    the buffer) that it is closed, once (the same as ``PATCH /api/jobs/{id}``)."""
    user = _allowed(user, Action.UPDATE, Resource.JOB)
    job = await service.get_job(session, job_id)
    if job.status == "archived":
        return await _job_page(request, session, user, job, notice="This job is already archived.")
    job, _ = await editing.edit_job(
        session,
        job_id,
        JobUpdate(status="archived"),
        actor_id=user.id,
        actor_role=user.role,
        meta=meta,
    )
    env = Env(request.app.state.settings, request.app.state.secret_key)
    told = await portal_flows.job_finished(session, env, job.id, now=now_of(request))
    waiting = f"{told} waiting applicant{'s' if told != 1 else ''}"
    notice = f"Archived. {waiting} will be told by e-mail that the position is closed."
    return await _job_page(request, session, user, job, notice=notice)


@router.post("/jobs/{job_id}/applications", response_class=HTMLResponse)
async def job_apply(
    request: Request,
    job_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    candidate_id: Annotated[list[str] | None, Form()] = None,
    candidate: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Add an applicant chosen with the candidate picker (a suggestion's id, or typed text)."""
    user = _allowed(user, Action.CREATE, Resource.APPLICATION)
    job = await service.get_job(session, job_id)
    chosen = next((v for v in candidate_id or [] if v), candidate)
    picked_id, choices = await candidate_search.pick(session, chosen)
    if picked_id is None:
        message = (
            "Several candidates match; pick one below."
            if choices
            else f"No candidate matches “{candidate.strip()}”; check the spelling or add them."
        )
        return await _job_page(
            request,
            session,
            user,
            job,
            error=message,
            picked=candidate,
            choices=[candidate_search.option(c) for c in choices],
            status_code=422,
        )
    try:
        async with session.begin_nested():
            await applications.apply(
                session, job_id, ApplicationIn(candidate_id=picked_id), actor_id=user.id, meta=meta
            )
    except HireflowError as exc:
        return await _job_page(
            request, session, user, job, error=exc.message, status_code=exc.status_code
        )
    return await _job_page(request, session, user, job, notice="Application added; scoring.")


@router.post("/jobs/{job_id}/bulk", response_class=HTMLResponse)
async def job_bulk(
    request: Request,
    job_id: uuid.UUID,
    session: DbSession,
    user: OptionalUser,
    action: Annotated[str, Form()],
    application_id: Annotated[list[uuid.UUID] | None, Form()] = None,
) -> Response:
    """One decision (shortlist, to the buffer, reject) for several applicants at once; each
    is decided on its own, so one refusal does not undo the others."""
    user = _allowed(user, Action.UPDATE, Resource.APPLICATION)
    job = await service.get_job(session, job_id)
    if action not in BULK_ACTIONS:
        return await _job_page(request, session, user, job, error="Pick an action first.")
    chosen = list(dict.fromkeys(application_id or []))
    if not chosen:
        return await _job_page(request, session, user, job, error="Select applicants first.")
    ours = await repository.applications_in_job(session, job_id, chosen)
    done, refused = 0, []
    for one in chosen:
        if one not in ours:
            refused.append("an application of another job")
            continue
        try:
            async with session.begin_nested():
                await shortlisting.decide(
                    session, one, action, reason=None, trigger=Trigger.MANUAL, actor_id=user.id
                )
            done += 1
        except HireflowError as exc:
            refused.append(exc.message)
    notice = f"{BULK_ACTIONS[action]}: {done} of {len(chosen)}."
    error = ("Not done: " + "; ".join(dict.fromkeys(refused))) if refused else None
    return await _job_page(request, session, user, job, notice=notice, error=error)


@router.post("/applications/{application_id}/decision", response_class=HTMLResponse)
async def application_decision(
    request: Request,
    application_id: uuid.UUID,
    session: DbSession,
    user: OptionalUser,
    action: Annotated[str, Form()],
    reason: Annotated[str | None, Form()] = None,
) -> Response:
    user = _allowed(user, Action.UPDATE, Resource.APPLICATION)
    application = await applications.get_application(session, application_id)
    job = await service.get_job(session, application.job_id)
    if action == "reinstate" and not sees_all_candidates(user.role):
        raise Forbidden("Only a senior recruiter or an admin can undo a drop-out.")
    try:
        async with session.begin_nested():
            decided = await shortlisting.decide(
                session,
                application_id,
                action,
                reason=reason or None,
                trigger=Trigger.MANUAL,
                actor_id=user.id,
            )
            env = Env(request.app.state.settings, request.app.state.secret_key)
            await portal_flows.status_changed(session, env, decided, now=now_of(request))
    except HireflowError as exc:
        return await _job_page(request, session, user, job, error=exc.message)
    return await _job_page(request, session, user, job, notice="Done.")


@router.post("/jobs/{job_id}/team", response_class=HTMLResponse)
async def team_add(
    request: Request,
    job_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
    user_id: Annotated[list[str] | None, Form()] = None,
    colleague: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Add the colleague chosen with the picker to the hiring team (seniors and admins);
    someone already on it is an inline message, not an error page."""
    user = _allowed(user, Action.UPDATE, Resource.JOB)
    job = await service.get_job(session, job_id)
    choice = people.choose(await accounts.list_users(session), user_id, colleague)
    member = choice.person
    if member is None:
        return await _job_page(
            request,
            session,
            user,
            job,
            error=choice.error,
            team_picked=colleague,
            team_choices=choice.options,
            status_code=422,
        )
    team = (await service.team_of(session, [job.id]))[job.id]
    if member.id in team:
        error = f"{member.full_name} is already on this job's hiring team."
        return await _job_page(request, session, user, job, error=error, status_code=409)
    return await _change_team(
        request,
        session,
        user,
        meta,
        job,
        [*team, member.id],
        f"{member.full_name} joined the hiring team.",
    )


@router.post("/jobs/{job_id}/team/{member_id}/remove", response_class=HTMLResponse)
async def team_remove(
    request: Request,
    job_id: uuid.UUID,
    member_id: uuid.UUID,
    session: DbSession,
    meta: Meta,
    user: OptionalUser,
) -> Response:
    user = _allowed(user, Action.UPDATE, Resource.JOB)
    job = await service.get_job(session, job_id)
    if member_id == job.owner_user_id:
        error = "The job's owner stays on its hiring team."
        return await _job_page(request, session, user, job, error=error, status_code=409)
    team = (await service.team_of(session, [job.id]))[job.id]
    return await _change_team(
        request,
        session,
        user,
        meta,
        job,
        [m for m in team if m != member_id],
        "Removed from the hiring team.",
    )


async def _change_team(
    request: Request,
    session: AsyncSession,
    user: CurrentUser,
    meta: Meta,
    job: Job,
    members: list[uuid.UUID],
    notice: str,
) -> Response:
    try:
        async with session.begin_nested():
            job, _ = await service.update_job(
                session,
                job.id,
                JobUpdate(team_member_ids=members),
                actor_id=user.id,
                actor_role=user.role,
                meta=meta,
            )
    except HireflowError as exc:
        return await _job_page(
            request, session, user, job, error=exc.message, status_code=exc.status_code
        )
    return await _job_page(request, session, user, job, notice=notice)
