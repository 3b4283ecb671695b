"""``GET /metrics``: the Prometheus exposition, for a scraper with the token or an admin.

Decided: no loopback exception (behind a reverse proxy every request comes from loopback).
A scraper sends ``Authorization: Bearer <HIREFLOW_METRICS_TOKEN>``; without the token set,
only a signed-in administrator's session may read it. Anyone else: 401 (not signed in) or
403 (signed in, not an administrator).
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from hireflow.auth.dependencies import optional_user, public
from hireflow.auth.permissions import Action, Resource, is_allowed
from hireflow.db.dependencies import DbSession
from hireflow.kit.errors import Forbidden, Unauthenticated
from hireflow.ops.metrics import exposition, queue_families

router = APIRouter(tags=["operations"])


def _scraper_token_ok(request: Request) -> bool:
    expected = request.app.state.settings.metrics_token
    header = request.headers.get("authorization", "")
    if expected is None or not header.lower().startswith("bearer "):
        return False
    return hmac.compare_digest(header[7:].strip().encode(), expected.get_secret_value().encode())


# public(): the route is open to the token holder, so the check is the body's first step.
@router.get("/metrics", include_in_schema=False, dependencies=[public()])
async def metrics(request: Request, session: DbSession) -> Response:
    if not _scraper_token_ok(request):
        user = await optional_user(request, session)
        if user is None:
            raise Unauthenticated(
                "Send Authorization: Bearer <HIREFLOW_METRICS_TOKEN>, or sign in as an "
                "administrator."
            )
        if not is_allowed(user.role, Action.VIEW, Resource.SETTINGS):
            raise Forbidden("Only administrators (or a scraper with the metrics token) may.")
    body = exposition(await queue_families(session))
    return Response(body, media_type=CONTENT_TYPE_LATEST)
