"""HTML pages of the audit domain: the activity log (admins), readable by people."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from hireflow.audit.service import ActivityFilter, AuditAction, EntityType, browse_activity
from hireflow.auth.dependencies import OptionalUser
from hireflow.auth.dependencies import login_redirect as _login_redirect
from hireflow.auth.permissions import Action, Resource, is_allowed
from hireflow.db.dependencies import DbSession
from hireflow.jobs.activity import readable
from hireflow.kit.errors import Forbidden
from hireflow.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/admin/activity", response_class=HTMLResponse)
async def activity_page(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    entity_type: str | None = None,
    action: str | None = None,
) -> Response:
    """The activity log, newest first, filterable by entity type and action (admins)."""
    if user is None:
        return _login_redirect(request)
    if not is_allowed(user.role, Action.VIEW, Resource.AUDIT_LOG):
        raise Forbidden("Only admins can read the activity log.")
    filters = ActivityFilter(entity_type=entity_type or None, action=action or None)
    rows = await browse_activity(session, filters, limit=200)
    return render(
        request,
        "audit/activity.html",
        {
            "entries": await readable(session, rows),
            "entity_type": entity_type or "",
            "action": action or "",
            "entity_types": [e.value for e in EntityType],
            "actions": [a.value for a in AuditAction],
        },
    )
