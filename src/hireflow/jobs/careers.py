"""The public careers page: open jobs, and applying with a resume (no account needed).

An applicant's form is protected by a double-submit token and a honeypot field, and
applications are rate-limited per address. The request acts as the system for its writes:
it finds the person by email or creates a candidate (assigned to the job's owner), adds the
resume as a version (bad files are refused with the same messages recruiters see) and files
the application with source ``careers``; scoring is queued in the same transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from hireflow.auth.dependencies import Meta
from hireflow.auth.repository import hit_rate_limit, rate_limit_hits
from hireflow.candidates.schemas import CandidateIn
from hireflow.db.dependencies import DbSession
from hireflow.db.session import SYSTEM, switch_actor, unit_of_work
from hireflow.interviews.candidate_views import now_of
from hireflow.interviews.messages import Env
from hireflow.jobs import flows
from hireflow.jobs.models import Job
from hireflow.kit.errors import Conflict, HireflowError, NotFound, TooManyRequests
from hireflow.portal import flows as portal_flows
from hireflow.resumes.dependencies import Storage, read_upload, upload_limit
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)
FORM_COOKIE = "hf_apply"
APPLICATIONS_PER_HOUR = 20
FORM_TTL_SECONDS = 7200


def issue_form_token(key: bytes, job_id: uuid.UUID, *, now: float | None = None) -> str:
    """A token only the server can make: nonce, expiry and a MAC over them and the job."""
    nonce = secrets.token_urlsafe(12)
    expiry = int((time.time() if now is None else now) + FORM_TTL_SECONDS)
    return f"{nonce}.{expiry}.{_form_mac(key, job_id, nonce, expiry)}"


def form_token_valid(
    key: bytes, job_id: uuid.UUID, token: str, *, now: float | None = None
) -> bool:
    nonce, _, rest = token.partition(".")
    expiry, _, mac = rest.partition(".")
    if not (nonce and expiry.isdigit() and mac):
        return False
    if int(expiry) < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(mac, _form_mac(key, job_id, nonce, int(expiry)))


def _form_mac(key: bytes, job_id: uuid.UUID, nonce: str, expiry: int) -> str:
    message = f"careers-form|{job_id}|{nonce}|{expiry}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


async def upload_gate(request: Request) -> Response | None:
    """Before a byte of an application is read: a form token this server issued for this
    job, and an address under its hourly limit (``web/limits.py``)."""
    parts = request.url.path.strip("/").split("/")
    try:
        job_id = uuid.UUID(parts[1]) if len(parts) == 3 and parts[2] == "apply" else None
    except ValueError:
        job_id = None
    token = request.cookies.get(FORM_COOKIE, "")
    if job_id is None or not form_token_valid(request.app.state.secret_key, job_id, token):
        return HTMLResponse(
            "<p>The form expired; please reload the job page and send it again.</p>",
            status_code=403,
        )
    address = request.client.host if request.client else None
    if address:
        async with unit_of_work(request.app.state.database.runtime_sessions) as session:
            hits = await rate_limit_hits(session, f"careers-ip:{address}", 3600)
        if hits >= APPLICATIONS_PER_HOUR:
            return HTMLResponse(
                "<p>Too many applications from this address; try again later.</p>",
                status_code=429,
            )
    return None


async def _open_job(session: DbSession, job_id: uuid.UUID) -> Job:
    job = await session.get(Job, job_id)
    if job is None or job.status != "open" or job.applications_closed:
        raise NotFound("This job is not open for applications.")
    return job


@router.get("/careers", response_class=HTMLResponse)
async def careers(request: Request, session: DbSession) -> Response:
    await switch_actor(session, SYSTEM)
    jobs = (
        await session.scalars(
            select(Job)
            .where(Job.status == "open", Job.applications_closed.is_(False))
            .order_by(Job.created_at.desc())
            .limit(200)
        )
    ).all()
    return render(request, "careers/index.html", {"jobs": jobs})


@router.get("/careers/{job_id}", response_class=HTMLResponse)
async def job_posting(request: Request, job_id: uuid.UUID, session: DbSession) -> Response:
    await switch_actor(session, SYSTEM)
    job = await _open_job(session, job_id)
    token = issue_form_token(request.app.state.secret_key, job.id)
    response = render(request, "careers/job.html", {"job": job, "form_token": token})
    response.set_cookie(
        FORM_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        max_age=7200,
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/careers/{job_id}/apply", response_class=HTMLResponse)
async def apply(
    request: Request,
    job_id: uuid.UUID,
    session: DbSession,
    storage: Storage,
    meta: Meta,
    first_name: Annotated[str, Form(min_length=1, max_length=100)],
    last_name: Annotated[str, Form(min_length=1, max_length=100)],
    email: Annotated[str, Form(min_length=3, max_length=255)],
    resume: Annotated[UploadFile, File()],
    phone: Annotated[str, Form(max_length=50)] = "",
    consent: Annotated[str, Form()] = "",
    website: Annotated[str, Form()] = "",  # honeypot: people leave it empty
    form_token: Annotated[str, Form()] = "",
) -> Response:
    await switch_actor(session, SYSTEM)
    job = await _open_job(session, job_id)
    context = {
        "job": job,
        "form_token": form_token,
        "form": {"first_name": first_name, "last_name": last_name, "email": email, "phone": phone},
    }
    expected = request.cookies.get(FORM_COOKIE, "")
    if (
        not form_token_valid(request.app.state.secret_key, job.id, expected)
        or not secrets.compare_digest(expected, form_token)
        or website
    ):
        return render(
            request,
            "careers/job.html",
            {**context, "error": "The form expired; please send it again."},
            status_code=403,
        )
    if not consent:
        return render(
            request,
            "careers/job.html",
            {**context, "error": "Please agree to the privacy notice so we can keep your data."},
            status_code=422,
        )
    if (
        meta.ip_address
        and await hit_rate_limit(session, f"careers-ip:{meta.ip_address}", 3600)
        > APPLICATIONS_PER_HOUR
    ):
        raise TooManyRequests(
            "Too many applications from this address; try again later.", keep_changes=True
        )
    try:
        async with session.begin_nested():
            data = CandidateIn(
                first_name=first_name, last_name=last_name, email=email, phone=phone or None
            )
            application = await flows.apply_from_careers(
                session,
                storage,
                job,
                await read_upload(resume, upload_limit(request)),
                data,
                meta=meta,
                max_bytes=upload_limit(request),
                confirm=(request.app.state.secret_key, request.app.state.settings),
            )
    except HireflowError as exc:
        message = (
            "You have already applied to this job." if isinstance(exc, Conflict) else exc.message
        )
        return render(
            request, "careers/job.html", {**context, "error": message}, status_code=exc.status_code
        )
    await portal_flows.application_received(
        session,
        Env(request.app.state.settings, request.app.state.secret_key),
        application,
        now=now_of(request),
    )
    response = render(request, "careers/thanks.html", {"job": job})
    response.delete_cookie(FORM_COOKIE)
    return response


@router.get("/careers/confirm/{token}", response_class=HTMLResponse)
async def confirm_page(request: Request, token: str, session: DbSession) -> Response:
    """The emailed link: asks first (mail scanners follow links; only the button acts)."""
    await switch_actor(session, SYSTEM)
    found = await flows.pending_for_confirmation(session, request.app.state.secret_key, token)
    if found is None:
        return render(request, "careers/confirm.html", {"state": "invalid"}, status_code=410)
    context = {"state": "ask", "token": token, "job_title": found[2]}
    return render(request, "careers/confirm.html", context)


@router.post("/careers/confirm/{token}", response_class=HTMLResponse)
async def confirm(request: Request, token: str, session: DbSession, meta: Meta) -> Response:
    await switch_actor(session, SYSTEM)
    done = await flows.confirm_careers_profile(
        session, request.app.state.secret_key, token, meta=meta
    )
    if done is None:
        return render(request, "careers/confirm.html", {"state": "invalid"}, status_code=410)
    return render(request, "careers/confirm.html", {"state": "done", "job_title": done.job_title})
