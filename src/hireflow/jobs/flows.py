"""Use cases of the jobs domain that span candidates and resumes."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.audit.service import RequestMeta
from hireflow.candidates import duplicates
from hireflow.candidates import service as candidates
from hireflow.candidates.schemas import AssignmentIn, CandidateIn
from hireflow.jobs import applications
from hireflow.jobs import service as jobs
from hireflow.jobs.models import Application, Job
from hireflow.jobs.schemas import ApplicationIn
from hireflow.kit.errors import Conflict, NotFound, Unprocessable
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
) -> Application:
    """An anonymous applicant's application, which never writes into an existing profile.

    The applicant's email address is unverified, so when a candidate with that email is
    already here (any case), the application goes to a new, separate profile: no email of
    its own (the address is kept as ``applied_with_email``), marked as a possible duplicate
    of the existing candidate, for a recruiter to merge explicitly. The activity log records
    the creation and the upload as the anonymous applicant's, not the job owner's.
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
    same_email = next((m.candidate for m in matches if "same email" in m.reasons), None)
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
    return await applications.apply(
        session,
        job.id,
        ApplicationIn(candidate_id=candidate.id, resume_id=added.resume.id),
        actor_id=None,
        meta=meta,
        source="careers",
    )


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
