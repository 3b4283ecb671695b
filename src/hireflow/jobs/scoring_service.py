"""Scoring applications with the engine: read the stored parse of each resume, score, store
the breakdown.

The resumes service hands out the stored parse (document, sections, fields) of many versions
at once; nothing is extracted or parsed again. A version not parsed yet (its background job
has not run) is scored from its stored text, as before.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from hireflow.jobs import repository
from hireflow.jobs.models import Application, Job
from hireflow.jobs.scoring import FitResult, JobProfile, ScoringWeights, score_batch
from hireflow.jobs.scoring.inputs import profile_from_text
from hireflow.jobs.scoring.profile import CandidateProfile, Unscorable, candidate_profile
from hireflow.resumes import service as resumes
from hireflow.resumes.document import ParsedResume


def job_profile(job: Job) -> JobProfile:
    """The engine's view of a stored job (the same model the CLI reads from a file)."""
    return JobProfile(
        title=job.title,
        description=job.description,
        must_have_skills=list(job.must_have_skills),
        nice_to_have_skills=list(job.nice_to_have_skills),
        min_years_experience=float(job.min_years_experience),
        education_level=job.education_level,
        location=job.location,
        remote=job.remote,
        language=job.language,
        scoring_weights=ScoringWeights.model_validate(job.scoring_weights or {}),
    )


_NO_RESUME = "The application has no resume to score."
# Applications scored together, at least: fewer (one new application) are scored with the
# job's most recent other applicants as the pool word similarity learns common words from.
POOL_SIZE = 40


def profile_from_parse(parsed: ParsedResume) -> CandidateProfile | str:
    """The engine's profile of a stored parse (nothing extracted again), or why there is none."""
    try:
        return candidate_profile(parsed)
    except Unscorable as exc:
        return str(exc)


async def candidate_profiles(
    session: AsyncSession, resume_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, CandidateProfile | str]:
    """The engine's profile (or why there is none) of many versions: two queries for the
    stored parses, one more for the text of versions not parsed yet."""
    wanted = list(dict.fromkeys(resume_ids))
    stored = await resumes.stored_parses(session, wanted)
    profiles: dict[uuid.UUID, CandidateProfile | str] = {
        rid: profile_from_parse(entry.parsed) for rid, entry in stored.items()
    }
    missing = [rid for rid in wanted if rid not in stored]
    if missing:
        texts = await resumes.texts_of(session, missing)
        for rid in missing:
            profiles[rid] = profile_from_text(texts.get(rid))
    return profiles


def _store(application: Application, job: Job, result: FitResult) -> None:
    application.fit_score = Decimal(str(result.fit_score)) if result.fit_score is not None else None
    application.score_breakdown = result.breakdown
    application.summary = result.summary or None
    application.score_error = result.error
    application.ai_processed = True
    application.scored_at = datetime.now(UTC)
    application.scored_requirements_version = job.requirements_version


async def score_applications(
    session: AsyncSession, job: Job, applications: Sequence[Application]
) -> int:
    """Score ``applications`` of ``job`` in one vectorised batch; returns how many."""
    profiles = await candidate_profiles(
        session, [a.resume_id for a in applications if a.resume_id is not None]
    )
    profiles_in_order: list[CandidateProfile | str] = [
        profiles[a.resume_id]
        if a.resume_id is not None
        else "The application has no resume to score."
        for a in applications
    ]
    pool: list[CandidateProfile | str] = []
    if len(applications) < POOL_SIZE:  # too few to learn which words are common: add others
        pool_ids = await repository.pool_resume_ids(
            session,
            job.id,
            besides=[a.id for a in applications],
            limit=POOL_SIZE - len(applications),
        )
        pool = list((await candidate_profiles(session, pool_ids)).values()) if pool_ids else []
    for application, result in zip(
        applications, score_batch(job_profile(job), profiles_in_order, pool), strict=True
    ):
        _store(application, job, result)
    await session.flush()
    return len(applications)


async def score_application(session: AsyncSession, application_id: uuid.UUID) -> bool:
    """Score one application (the background job); False when it no longer exists."""
    application = await repository.application_by_id(session, application_id)
    if application is None:
        return False
    job = await repository.job_by_id(session, application.job_id)
    if job is None:
        return False
    await score_applications(session, job, [application])
    return True


async def score_unprocessed(session: AsyncSession, job: Job) -> int:
    """Score what is not scored against the job's current requirements, and retry the
    unscorable ones (before ranking, and after a requirements change)."""
    # Filtered in SQL (an unscorable one is retried: its resume may have been processed since).
    stale = await repository.stale_applications(session, job)
    if stale:
        await score_applications(session, job, stale)
    return len(stale)
