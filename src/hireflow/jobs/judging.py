"""The fit score's model tier in the background: after the offline score is stored, a
configured model judges each requirement of the application (``scoring.judge``).

Two short transactions, none held open while the model answers: read the application, its
job and the stored parse; then, unless the job's requirements changed meanwhile, store the
combined score and breakdown. A model failure leaves the offline score as it was.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import structlog
from pydantic_ai.models import Model

from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.jobs import repository
from hireflow.jobs.scoring import score_resume
from hireflow.jobs.scoring.profile import Unscorable, candidate_profile
from hireflow.jobs.scoring_service import job_profile
from hireflow.resumes import service as resumes

log = structlog.get_logger(__name__)


def judge_enabled(settings: Settings) -> bool:
    return settings.fit_judge and settings.ai_provider != "offline"


def judge_model(settings: Settings) -> tuple[Model, str]:
    """The configured model of the fit judge (as the review agents build theirs)."""
    from hireflow.ai.providers import build_model

    name = settings.ai_model_fit_judge or settings.ai_model
    chosen = settings.model_copy(update={"ai_model_base_agent": name})
    return build_model(chosen, "base_agent"), f"{settings.ai_provider}:{name}"


async def judge_application(
    database: Database,
    application_id: uuid.UUID,
    settings: Settings,
    *,
    model: Model | None = None,
    label: str = "",
) -> str:
    """Judge one scored application with the model; returns what happened."""
    from hireflow.jobs.scoring.judge import judge_fit

    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        application = await repository.application_by_id(session, application_id)
        if application is None or application.resume_id is None:
            return "gone"
        job = await repository.job_by_id(session, application.job_id)
        if job is None:
            return "gone"
        stored = (await resumes.stored_parses(session, [application.resume_id])).get(
            application.resume_id
        )
        if stored is None:
            return "not parsed"
        version = job.requirements_version
        profile = job_profile(job)
    try:
        candidate = candidate_profile(stored.parsed)
    except Unscorable:
        return "unscorable"
    offline = score_resume(profile, candidate)
    if model is None:
        model, label = judge_model(settings)
    try:
        combined = await judge_fit(offline, stored.parsed, model, label=label)
    except Exception as exc:  # the offline score stands
        log.warning("fit_judge.failed", application_id=str(application_id), error=repr(exc))
        return "model failed"
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        application = await repository.application_by_id(session, application_id)
        job = await repository.job_by_id(session, application.job_id) if application else None
        if application is None or job is None or job.requirements_version != version:
            return "stale"
        application.fit_score = (
            Decimal(str(combined.fit_score)) if combined.fit_score is not None else None
        )
        application.score_breakdown = combined.breakdown
    return "judged"
