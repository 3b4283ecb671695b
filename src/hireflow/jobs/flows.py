"""Use cases of the jobs domain that span candidates and resumes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import RequestMeta
from hireflow.candidates import duplicates
from hireflow.candidates import service as candidates
from hireflow.candidates.flows.merge import merge_candidates
from hireflow.candidates.schemas import AssignmentIn, CandidateIn
from hireflow.config import Settings
from hireflow.jobs import applications, confirmation
from hireflow.jobs import service as jobs
from hireflow.jobs.models import Application, Job
from hireflow.jobs.schemas import ApplicationIn
from hireflow.kit.errors import Conflict, NotFound, Unprocessable
from hireflow.kit.time import utcnow
from hireflow.notifications import mail, outbox
from hireflow.resumes import service as resumes
from hireflow.resumes.service import IncomingFile
from hireflow.resumes.storage import ResumeStorage
from hireflow.reviews import service as reviews
from hireflow.reviews.schemas import ReviewJob, ReviewRequestIn, ReviewRequestOut


async def apply_from_careers(
    session: AsyncSession,
    storage: ResumeStorage,
    job: Job,
    incoming: IncomingFile,
    data: CandidateIn,
    *,
    meta: RequestMeta,
    max_bytes: int,
    confirm: tuple[bytes, Settings] | None = None,
) -> Application:
    """An anonymous applicant's application, which never writes into an existing profile.

    The applicant's email address is unverified, so when a candidate with that email is
    already here (any case), the application goes to a new, separate profile: no email of
    its own (the address is kept as ``applied_with_email``), marked as a possible duplicate
    of the existing candidate, for a recruiter to merge explicitly. The activity log records
    the creation and the upload as the anonymous applicant's, not the job owner's.

    With ``confirm`` (the instance key and settings), the address's owner is emailed a
    signed, expiring link that links the pending application to their profile
    (:func:`confirm_careers_profile`).
    """
    if job.owner_user_id is None:
        raise NotFound("This job is not open for applications.")
    matches = await duplicates.find_duplicates(
        session,
        first_name=data.first_name,
        last_name=data.last_name,
        email=data.email,
        phone=None,
        company=None,
    )
    same_email = next(
        (m.candidate for m in matches if "same email" in m.reasons and m.candidate.email), None
    )
    metadata: dict[str, str] = {"source": "careers", "job_id": str(job.id)}
    if same_email is not None:
        applied = await session.scalar(
            select(Application.id).where(
                Application.job_id == job.id, Application.candidate_id == same_email.id
            )
        )
        if applied is not None:
            raise Conflict("You have already applied to this job.")
        metadata |= {
            "applied_with_email": str(data.email),
            "possible_duplicate_of": str(same_email.id),
        }
        data = data.model_copy(update={"email": None})
    candidate = await candidates.create_candidate(
        session, data, actor_id=None, actor_role="system", meta=meta
    )
    candidate.metadata_ = metadata
    await candidates.assign(
        session,
        candidate.id,
        AssignmentIn(user_id=job.owner_user_id),
        actor_id=job.owner_user_id,
        meta=meta,
        assignee_active=True,
    )
    added = await resumes.add_version(
        session,
        storage,
        candidate.id,
        incoming,
        actor_id=job.owner_user_id,
        meta=meta,
        max_bytes=max_bytes,
        anonymous=True,
    )
    application = await applications.apply(
        session,
        job.id,
        ApplicationIn(candidate_id=candidate.id, resume_id=added.resume.id),
        actor_id=None,
        meta=meta,
        source="careers",
    )
    if same_email is not None and confirm is not None:
        await _email_confirmation(
            session, confirm, job, candidate.id, same_email.id, data, metadata
        )
    return application


async def _email_confirmation(
    session: AsyncSession,
    confirm: tuple[bytes, Settings],
    job: Job,
    pending_id: uuid.UUID,
    existing_id: uuid.UUID,
    data: CandidateIn,
    metadata: dict[str, str],
) -> None:
    key, settings = confirm
    token = confirmation.issue(key, pending_id, existing_id)
    expires = datetime.fromtimestamp(int(token.split(".")[1]), UTC)
    rendered = mail.render(
        "careers_confirm",
        {
            "applicant_name": f"{data.first_name} {data.last_name}".strip(),
            "job_title": job.title,
            "confirm_url": f"{settings.base_url.rstrip('/')}/careers/confirm/{token}",
            "expires_label": expires.strftime("%Y-%m-%d %H:%M UTC"),
            "company": settings.company_name,
        },
    )
    await outbox.enqueue(
        session,
        [
            outbox.Outgoing(
                kind="careers_confirm",
                recipient=metadata["applied_with_email"],
                subject=rendered.subject,
                text=rendered.text,
                html=rendered.html,
                dedupe_key=f"careers-confirm:{pending_id}",
            )
        ],
        now=utcnow(),
    )


@dataclass(frozen=True)
class Confirmed:
    job_title: str
    candidate_id: uuid.UUID


async def pending_for_confirmation(
    session: AsyncSession, key: bytes, token: str
) -> tuple[uuid.UUID, uuid.UUID, str] | None:
    """(pending, existing, job title) of a valid, unused link; None for expired, tampered or
    used ones. The session acts as the system (the applicant has no account)."""
    claim = confirmation.parse(token)
    if claim is None:
        return None
    pending = await candidates.candidate_for_update(session, claim.pending_id)
    if pending is None:
        return None
    metadata = pending.metadata_ or {}
    try:
        existing_id = uuid.UUID(str(metadata.get("possible_duplicate_of")))
        job_id = uuid.UUID(str(metadata.get("job_id")))
    except ValueError:
        return None
    if not confirmation.valid(key, token, existing_id, claim):
        return None
    if not await candidates.is_visible(session, existing_id):
        return None
    titles = await _titles(session, [job_id])
    return pending.id, existing_id, titles.get(job_id, "the position")


async def _titles(session: AsyncSession, job_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = await session.execute(select(Job.id, Job.title).where(Job.id.in_(job_ids)))
    return {job_id: title for job_id, title in rows.all()}


async def confirm_careers_profile(
    session: AsyncSession, key: bytes, token: str, *, meta: RequestMeta
) -> Confirmed | None:
    """The applicant confirmed their address: the pending profile's applications and resume
    join the existing candidate (the merge is recorded as the applicant's confirmation)."""
    found = await pending_for_confirmation(session, key, token)
    if found is None:
        return None
    pending_id, existing_id, title = found
    await jobs.move_applications(session, pending_id, onto=existing_id)
    await merge_candidates(
        session,
        existing_id,
        pending_id,
        actor_id=None,
        meta=meta,
        by="the applicant, confirming their email address",
    )
    return Confirmed(title, existing_id)


async def request_application_review(
    session: AsyncSession,
    application_id: uuid.UUID,
    data: ReviewRequestIn,
    *,
    actor_id: uuid.UUID,
    meta: RequestMeta,
) -> ReviewRequestOut:
    """A review of an application's resume, measured against that job's requirement lines
    (a snapshot of them travels with the request; later edits do not change the review)."""
    application = await applications.get_application(session, application_id)
    if application.resume_id is None:
        raise Unprocessable("The application has no resume to review.")
    job = await jobs.get_job(session, application.job_id)
    snapshot = ReviewJob(
        job_id=job.id,
        application_id=application.id,
        title=job.title,
        must_have_skills=list(job.must_have_skills),
        nice_to_have_skills=list(job.nice_to_have_skills),
        min_years_experience=float(job.min_years_experience),
        education_level=job.education_level,
    )
    request = await reviews.request_review(
        session, application.resume_id, data, actor_id=actor_id, meta=meta, job=snapshot
    )
    return ReviewRequestOut.model_validate(request)
