"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from hireflow.automation.service import heartbeat_age_seconds
from hireflow.db.dependencies import get_database
from hireflow.db.session import unit_of_work

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Database reachable, schema at head, worker alive")
async def readyz(request: Request) -> JSONResponse:
    settings = request.app.state.settings
    expected_head: str = request.app.state.head_revision
    checks: dict[str, Any] = {}
    try:
        async with unit_of_work(get_database(request).runtime_sessions) as session:
            await session.execute(text("SELECT 1"))
            checks["database"] = "ok"
            current = await session.scalar(text("SELECT version_num FROM alembic_version"))
            checks["migrations"] = (
                "ok" if current == expected_head else f"at {current}, head is {expected_head}"
            )
            age = await heartbeat_age_seconds(session)
            max_age = settings.heartbeat_max_age_seconds
            if age is None:
                checks["worker"] = "no heartbeat yet"
            elif age > max_age:
                checks["worker"] = f"last heartbeat {age:.0f}s ago (limit {max_age}s)"
            else:
                checks["worker"] = "ok"
    except Exception as exc:  # any failure here means "not ready", never a 500
        checks.setdefault("database", f"unreachable: {type(exc).__name__}")
    ready = all(value == "ok" for value in checks.values()) and len(checks) == 3
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
    )
