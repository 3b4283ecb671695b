"""The background review job: load the resume, run the engine, store everything at once.

Three short transactions, none held open while a model answers:

1. claim: lock the request; skip it when it already has a result (a re-run after a worker
   died), otherwise mark it ``processing`` and read the resume, its sections and the active
   prompts;
2. review: ``review_resume`` outside any transaction;
3. store: lock the request again and, unless a result appeared meanwhile, write the result,
   feedback items (sections resolved by order), usage records and the final status together.

A transient provider failure (offline fallback turned off) is raised so the job is retried;
on the last attempt, and for every other error, the request fails with the reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import structlog
from procrastinate import JobContext, RetryStrategy
from pydantic_ai.models import Model
from sqlalchemy.ext.asyncio import AsyncSession

from hireflow import queue
from hireflow.ai import AIProviderError, ReviewOutcome, ReviewSpec, review_resume
from hireflow.ai.schemas import AgentName, ExperienceLevel, OutputLanguage, ReviewType
from hireflow.automation import progress
from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.db.session import SYSTEM, Actor, requester_actor, unit_of_work
from hireflow.kit.errors import HireflowError
from hireflow.kit.time import utcnow
from hireflow.prompts import service as prompts
from hireflow.resumes import service as resume_service
from hireflow.resumes.document import ParsedResume
from hireflow.resumes.processing import parse_stored
from hireflow.reviews import repository
from hireflow.reviews.models import ReviewRequest, ReviewResult
from hireflow.reviews.service import TASK

log = structlog.get_logger(__name__)

NO_TEXT = (
    "The resume has no text to review (it may be a scanned image or an empty file); "
    "upload a version with selectable text."
)


@dataclass(frozen=True)
class _Claimed:
    resume: ParsedResume
    spec: ReviewSpec
    sections: dict[int, uuid.UUID]
    active: prompts.ActivePrompts
    job: dict[str, Any] | None = None  # the application's job, when requested for one


def _fail(request: ReviewRequest, message: str) -> None:
    request.status = "failed"
    request.processing_notes = message[:4000]
    request.completed_at = utcnow()


async def _claim(session: AsyncSession, request_id: uuid.UUID) -> _Claimed | str:
    request = await repository.request_by_id(session, request_id, for_update=True)
    if request is None:
        return "gone"
    if await repository.result_of(session, request_id) is not None:
        if request.status != "completed":
            request.status = "completed"
            request.completed_at = request.completed_at or utcnow()
        return "already completed"
    if request.status == "failed":
        return "already failed"
    resume = await resume_service.find_resume(session, request.resume_id)
    if resume is None:
        _fail(request, "The resume of this review no longer exists.")
        return "failed"
    # The stored parse is the contract: the sections feedback points at are the stored rows.
    stored = (await resume_service.stored_parses(session, [resume.id])).get(resume.id)
    if stored is not None:
        parsed: ParsedResume | None = stored.parsed
        sections = stored.section_ids
    else:  # not processed yet: parse the stored document now, tie items to no section
        try:
            parsed = parse_stored(resume)
        except HireflowError as exc:
            _fail(request, f"The resume could not be read: {exc.message}")
            return "failed"
        sections = {}
    if parsed is None or not parsed.document.text.strip():
        _fail(request, NO_TEXT)
        return "failed"
    request.status = "processing"
    language = (request.metadata_ or {}).get("language", "auto")
    spec = ReviewSpec(
        review_type=cast(ReviewType, request.review_type),
        target_role=request.target_role,
        target_industry=request.target_industry,
        experience_level=cast(ExperienceLevel, request.experience_level or "mid"),
        language=cast(OutputLanguage, language if language in ("auto", "en", "ja") else "auto"),
    )
    return _Claimed(
        resume=parsed,
        spec=spec,
        sections=sections,
        active=await prompts.active_prompts(session),
        job=request.job,
    )


async def _track(session: AsyncSession, request_id: uuid.UUID, claimed: _Claimed | str) -> None:
    """The review's item in its progress record: running once claimed; finished when the
    claim already settled it (failed, done before, or gone)."""
    key = [progress.item("review", request_id)]
    if not isinstance(claimed, str):
        await progress.begin(session, key)
    elif claimed == "already completed":
        await progress.finish(session, key)
    else:
        request = await repository.request_by_id(session, request_id)
        notes = request.processing_notes if request is not None else None
        await progress.finish(session, key, error=notes or "The review request is gone.")


def _job_report(claimed: _Claimed) -> dict[str, Any] | None:
    """The resume measured against the application's job (same engine as the fit score)."""
    if claimed.job is None:
        return None
    from hireflow.jobs.scoring import requirements_report

    return requirements_report(claimed.resume, claimed.job)


async def _store(
    session: AsyncSession,
    request_id: uuid.UUID,
    claimed: _Claimed,
    outcome: ReviewOutcome,
    job_report: dict[str, Any] | None = None,
) -> str:
    request = await repository.request_by_id(session, request_id, for_update=True)
    if request is None:
        return "gone"
    if await repository.result_of(session, request_id) is not None:
        return "already completed"
    columns = outcome.result_columns()
    if job_report is not None:
        columns["detailed_scores"] = {
            **(columns.get("detailed_scores") or {}),
            "job_requirements": job_report,
        }
    result = ReviewResult(id=uuid.uuid4(), review_request_id=request_id, **columns)
    session.add(result)
    await session.flush()
    items: list[dict[str, Any]] = _requirement_items(result.id, job_report)
    for item in outcome.feedback:
        columns = item.columns()
        section = claimed.sections.get(item.section.order) if item.section else None
        items.append(
            {
                **columns,
                "id": uuid.uuid4(),
                "review_result_id": result.id,
                "resume_section_id": section,
                "metadata_": {
                    "agent": item.agent,
                    "rule": item.rule,
                    "section_order": item.section.order if item.section else None,
                },
            }
        )
    await repository.insert_items(session, items)
    usage: list[dict[str, Any]] = []
    for record in outcome.agent_usage:
        prompt_id = claimed.active.ids.get(record.prompt_name or "")
        if prompt_id is None:
            log.warning("review.usage_without_prompt_row", prompt=record.prompt_name)
            continue
        usage.append(
            {
                **record.columns(),
                "id": uuid.uuid4(),
                "prompt_id": prompt_id,
                "review_request_id": request_id,
                "prompt_version": record.prompt_version,
                "model": record.model[:100],
                "input_tokens": record.input_tokens,
                "output_tokens": record.output_tokens,
            }
        )
    await prompts.record_usage(session, usage)
    request.status = "completed"
    request.completed_at = utcnow()
    request.processing_notes = outcome.processing_notes()
    return "completed"


def _requirement_items(result_id: uuid.UUID, report: dict[str, Any] | None) -> list[dict[str, Any]]:
    if report is None:
        return []
    from hireflow.jobs.scoring import feedback_of

    return [
        {
            "id": uuid.uuid4(),
            "review_result_id": result_id,
            "resume_section_id": None,
            "feedback_type": item["feedback_type"],
            "category": item["category"],
            "severity_level": item["severity_level"],
            "feedback_text": item["feedback_text"],
            "original_text": item["original_text"],
            "metadata_": {
                "agent": "job_requirements",
                "rule": f"job_requirement_{item['status']}",
                "requirement": item["requirement"],
                "job_id": report.get("job_id"),
            },
        }
        for item in feedback_of(report)
    ]


async def run_review(
    database: Database,
    review_request_id: str,
    settings: Settings,
    *,
    models: Mapping[AgentName, Model] | None = None,
    final_attempt: bool = True,
    requested_by: dict[str, str] | None = None,
) -> str:
    """Process one review request; safe to run again (a second run changes nothing).

    On the final attempt an unexpected error still leaves the request ``failed`` with a
    reason (and is raised for the worker's log); before it, the job is simply retried.
    """
    request_id = uuid.UUID(review_request_id)
    refusal = await _refusal(database, request_id, requester_actor(requested_by))
    if refusal is not None:
        await _record_failure(database, request_id, refusal)
        return "refused"
    try:
        return await _run(database, request_id, settings, models, final_attempt)
    except AIProviderError:
        raise
    except Exception as exc:
        if final_attempt:
            await _record_failure(
                database,
                request_id,
                f"The review failed unexpectedly ({type(exc).__name__}); see the worker log.",
            )
        raise


async def _refusal(database: Database, request_id: uuid.UUID, actor: Actor | None) -> str | None:
    """Why the requester may no longer have this review run (None: they may)."""
    if actor is None:
        return "Not run: the request's identity could not be verified."
    if actor == SYSTEM:
        return None
    async with unit_of_work(database.runtime_sessions, actor) as session:
        visible = await repository.request_by_id(session, request_id)
    if visible is None:
        return "Not run: whoever asked for it can no longer see this candidate."
    return None


async def _record_failure(database: Database, request_id: uuid.UUID, message: str) -> None:
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        request = await repository.request_by_id(session, request_id, for_update=True)
        if request is not None and await repository.result_of(session, request_id) is None:
            _fail(request, message)
        await progress.finish(session, [progress.item("review", request_id)], error=message)
    log.warning("review.failed", review_request_id=str(request_id), reason=message)


async def _run(
    database: Database,
    request_id: uuid.UUID,
    settings: Settings,
    models: Mapping[AgentName, Model] | None,
    final_attempt: bool,
) -> str:
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        claimed = await _claim(session, request_id)
        await _track(session, request_id, claimed)
    if isinstance(claimed, str):
        log.info("review.skipped", review_request_id=str(request_id), outcome=claimed)
        return claimed
    try:
        outcome = await review_resume(
            claimed.resume, claimed.spec, settings, prompts=claimed.active.prompts, models=models
        )
    except AIProviderError as exc:
        if not final_attempt:
            raise  # transient: Procrastinate retries the job
        message = f"The AI provider failed after every retry: {exc.message}"
    except HireflowError as exc:
        message = f"The review failed: {exc.message}"
    else:
        report = _job_report(claimed)
        async with unit_of_work(database.system_sessions, SYSTEM) as session:
            stored = await _store(session, request_id, claimed, outcome, report)
            await progress.finish(session, [progress.item("review", request_id)])
        log.info("review.processed", review_request_id=str(request_id), outcome=stored)
        return stored
    await _record_failure(database, request_id, message)
    return "failed"


REVIEW_ATTEMPTS = 4


@queue.app.task(
    name=TASK,
    queue="reviews",
    pass_context=True,
    retry=RetryStrategy(max_attempts=REVIEW_ATTEMPTS, exponential_wait=5),
)
async def review_resume_task(
    context: JobContext, review_request_id: str, requested_by: dict[str, str] | None = None
) -> None:
    # Transient provider failures are raised (and retried) until the last attempt.
    await run_review(
        queue.database(),
        review_request_id,
        queue.settings(),
        final_attempt=context.job.attempts + 1 >= REVIEW_ATTEMPTS,
        requested_by=requested_by,
    )
