"""FastAPI application factory: JSON API under /api, HTML UI, health probes, lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from hireflow import __version__, worker
from hireflow.audit.endpoints import router as audit_api
from hireflow.auth.endpoints import router as auth_api
from hireflow.auth.views import router as auth_views
from hireflow.candidates.endpoints import router as candidates_api
from hireflow.config import Settings, get_settings
from hireflow.db import migrate
from hireflow.db.engine import Database
from hireflow.db.server import resolve_database
from hireflow.health import router as health_router
from hireflow.jobs.endpoints import router as jobs_api
from hireflow.jobs.views import router as jobs_views
from hireflow.kit.errors import HireflowError
from hireflow.kit.logging import configure_logging
from hireflow.kit.secrets import instance_secret
from hireflow.web import errors as web_errors
from hireflow.web.templating import STATIC_DIR
from hireflow.web.views import router as web_router

log = structlog.get_logger(__name__)


@asynccontextmanager
async def _run_worker(settings: Settings) -> AsyncIterator[None]:
    """Run a Procrastinate worker inside this process for the lifetime of the app."""
    async with worker.app.open_async():
        task = asyncio.create_task(
            worker.app.run_worker_async(
                concurrency=settings.worker_concurrency,
                install_signal_handlers=False,
                name="in-process",
            )
        )
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=10)


def create_app(
    settings: Settings | None = None,
    database: Database | None = None,
    *,
    run_worker: bool | None = None,
) -> FastAPI:
    """Build the app. Tests hand in their own ``database``; otherwise one is opened at start-up."""
    settings = settings or get_settings()
    run_worker = settings.worker_in_process if run_worker is None else run_worker

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = database
        if db is None:
            target = await asyncio.to_thread(resolve_database, settings)
            db = Database.connect(target, pool_size=settings.db_pool_size)
        app.state.database = db
        worker.bind_database(db)
        async with contextlib.AsyncExitStack() as stack:
            if run_worker:
                await stack.enter_async_context(_run_worker(settings))
            log.info("hireflow.ready", url=settings.base_url, worker=run_worker)
            yield
        if database is None:
            await db.dispose()

    app = FastAPI(
        title="hireflow",
        version=__version__,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.secret_key = instance_secret(settings)
    app.state.head_revision = migrate.head_revision(settings)
    if database is not None:
        app.state.database = database

    app.middleware("http")(_request_context)
    app.add_exception_handler(HireflowError, web_errors.hireflow_error)  # type: ignore[arg-type]
    app.add_exception_handler(
        RequestValidationError,
        web_errors.validation_error,  # type: ignore[arg-type]
    )
    app.add_exception_handler(StarletteHTTPException, web_errors.http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, web_errors.unexpected_error)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(health_router)
    for router in (auth_api, candidates_api, audit_api, jobs_api):
        app.include_router(router)
    for router in (web_router, auth_views, jobs_views):
        app.include_router(router)
    return app


async def _request_context(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Give every request an id (kept from ``X-Request-ID`` when sane) bound into the logs."""
    incoming = request.headers.get("x-request-id", "")
    request_id = (
        incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
    )
    request.state.request_id = request_id
    structlog.contextvars.bind_contextvars(request_id=request_id)
    try:
        response = await call_next(request)
    finally:
        structlog.contextvars.unbind_contextvars("request_id")
    response.headers["X-Request-ID"] = request_id
    return response


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (used by ``hireflow serve --reload``)."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)
