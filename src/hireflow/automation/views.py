"""HTML routes of the automation domain: switching a feature flag (from the jobs page), and
the page of one long job's progress."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hireflow.auth.dependencies import OptionalUser
from hireflow.auth.dependencies import allow_page as _allowed
from hireflow.auth.permissions import Action, Resource
from hireflow.automation import progress
from hireflow.automation import service as automation
from hireflow.automation.service import Trigger
from hireflow.db.dependencies import DbSession
from hireflow.kit.errors import NotFound
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)


@router.post("/jobs/feature-flags/{flag_name}", response_class=HTMLResponse)
async def switch_flag(
    request: Request,
    flag_name: str,
    session: DbSession,
    user: OptionalUser,
    enabled: Annotated[str, Form()],
) -> Response:
    """Admins switch a feature flag; ``global_automation`` off stops everything automatic."""
    user = _allowed(user, Action.UPDATE, Resource.SETTINGS)
    await automation.set_flag(session, flag_name, enabled == "on")
    await automation.log_action(
        session,
        job_id=None,
        action="feature_flag_changed",
        trigger=Trigger.MANUAL,
        actor_id=user.id,
        details={"flag": flag_name, "enabled": enabled == "on"},
    )
    return RedirectResponse("/jobs", status_code=303)


@router.get("/progress/{progress_id}", response_class=HTMLResponse)
async def progress_page(
    request: Request, progress_id: uuid.UUID, session: DbSession, user: OptionalUser
) -> Response:
    """One long job's progress; it updates itself (``progress.js``), and without scripts the
    page refreshes itself until the work is finished."""
    _allowed(user, Action.VIEW, Resource.JOB)
    found = await progress.get(session, progress_id)
    if found is None:
        raise NotFound("There is no such progress record, or you may not see it.")
    return render(request, "automation/progress.html", {"progress": found})
