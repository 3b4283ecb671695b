"""JSON API of the automation domain: a job's automation log, the feature flags, and the
progress of long work."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from hireflow.auth.dependencies import CurrentUser, require
from hireflow.auth.permissions import Action, Resource
from hireflow.automation import progress
from hireflow.automation import service as automation
from hireflow.automation.schemas import AutomationLogOut, FeatureFlagIn, FeatureFlagOut
from hireflow.automation.service import Trigger
from hireflow.db.dependencies import DbSession
from hireflow.jobs import service as jobs
from hireflow.kit.errors import NotFound

router = APIRouter(prefix="/api", tags=["automation"])


@router.get(
    "/jobs/{job_id}/automation-log",
    response_model=list[AutomationLogOut],
    dependencies=[require(Action.VIEW, Resource.JOB)],
)
async def automation_log(
    job_id: uuid.UUID, session: DbSession, limit: int = Query(200, ge=1, le=1000)
) -> list[AutomationLogOut]:
    await jobs.get_job(session, job_id)
    rows = await automation.job_log(session, job_id, limit)
    return [AutomationLogOut.model_validate(r) for r in rows]


@router.get(
    "/feature-flags",
    response_model=list[FeatureFlagOut],
    dependencies=[require(Action.VIEW, Resource.SETTINGS)],
)
async def list_feature_flags(session: DbSession) -> list[FeatureFlagOut]:
    return [FeatureFlagOut.model_validate(f) for f in await automation.list_flags(session)]


@router.put("/feature-flags/{flag_name}", response_model=FeatureFlagOut)
async def set_feature_flag(
    flag_name: str,
    body: FeatureFlagIn,
    session: DbSession,
    user: Annotated[CurrentUser, require(Action.UPDATE, Resource.SETTINGS)],
) -> FeatureFlagOut:
    """Switch a flag; ``global_automation`` off stops everything automatic."""
    flag = await automation.set_flag(session, flag_name, body.is_enabled)
    await automation.log_action(
        session,
        job_id=None,
        action="feature_flag_changed",
        trigger=Trigger.MANUAL,
        actor_id=user.id,
        details={"flag": flag_name, "enabled": body.is_enabled},
    )
    return FeatureFlagOut.model_validate(flag)


@router.get("/progress/{progress_id}")
async def progress_of(
    progress_id: uuid.UUID,
    session: DbSession,
    user: Annotated[CurrentUser, require(Action.VIEW, Resource.JOB)],
) -> dict[str, object]:
    """Where a long job stands (done/failed of total, state, the error when it failed), for
    whoever started it, the job's team and seniors (row-level security decides)."""
    found = await progress.get(session, progress_id)
    if found is None:
        raise NotFound("There is no such progress record, or you may not see it.")
    return found.as_json()
