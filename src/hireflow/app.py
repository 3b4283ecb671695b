"""FastAPI application factory: JSON API under /api, HTML UI, health probes, lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from hireflow import __version__, worker
from hireflow.analytics.views import router as analytics_views
from hireflow.audit.endpoints import router as audit_api
from hireflow.audit.views import router as audit_views
from hireflow.auth.dependencies import public
from hireflow.auth.endpoints import router as auth_api
from hireflow.auth.gate import page_user, signed_in_or_refusal
from hireflow.auth.views import router as auth_views
from hireflow.automation.endpoints import router as automation_api
from hireflow.automation.views import router as automation_views
from hireflow.calendars.endpoints import router as calendars_api
from hireflow.calendars.views import router as calendars_views
from hireflow.candidates.endpoints import router as candidates_api
from hireflow.candidates.views import router as candidates_views
from hireflow.config import Settings, get_settings
from hireflow.db import identity, migrate
from hireflow.db.engine import Database
from hireflow.db.server import resolve_database
from hireflow.health import router as health_router
from hireflow.interviews import candidate_views as interview_links
from hireflow.interviews.views import router as interviews_views
from hireflow.jobs.careers import router as careers_views
from hireflow.jobs.careers import upload_gate as careers_upload_gate
from hireflow.jobs.endpoints import router as jobs_api
from hireflow.jobs.views import router as jobs_views
from hireflow.kit.errors import HireflowError
from hireflow.kit.logging import configure_logging
from hireflow.kit.secrets import instance_secret
from hireflow.negotiation import views as negotiation_views
from hireflow.notifications.endpoints import router as notifications_api
from hireflow.ops.endpoints import router as ops_api
from hireflow.ops.metrics import RequestMetrics
from hireflow.portal.views import router as portal_views
from hireflow.prompts.endpoints import router as prompts_api
from hireflow.prompts.views import router as prompts_views
from hireflow.resumes.endpoints import router as resumes_api
from hireflow.resumes.storage import storage_from_settings
from hireflow.resumes.views import router as resumes_views
from hireflow.reviews.endpoints import router as reviews_api
from hireflow.reviews.views import router as reviews_views
from hireflow.web import errors as web_errors
from hireflow.web.limits import BoundedBodies, is_upload
from hireflow.web.templating import STATIC_DIR
from hireflow.web.views import router as web_router

log = structlog.get_logger(__name__)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# No inline scripts, no eval, nothing from other origins (the Swagger page is the exception).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


@asynccontextmanager
async def _run_worker(settings: Settings) -> AsyncIterator[None]:
    """Run a Procrastinate worker inside this process for the lifetime of the app."""
    task = asyncio.create_task(
        worker.run(concurrency=settings.worker_concurrency, name="in-process", in_process=True)
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
    identity.use_key(settings)
    run_worker = settings.worker_in_process if run_worker is None else run_worker

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = database
        if db is None:
            target = await asyncio.to_thread(resolve_database, settings)
            db = Database.connect(target, pool_size=settings.db_pool_size)
        app.state.database = db
        worker.bind_database(db, settings)
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
        docs_url=None,  # served below from local assets: works with no internet
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.secret_key = instance_secret(settings)
    app.state.storage = storage_from_settings(settings)
    app.state.head_revision = migrate.head_revision(settings)
    app.state.page_user = page_user  # error pages show the signed-in header (web/errors.py)
    if database is not None:
        app.state.database = database

    app.add_middleware(
        BoundedBodies,
        gate=_upload_gate,
        limit_for=_body_limit(settings),
        read_timeout=settings.body_read_timeout_seconds,
        max_uploads=settings.max_concurrent_uploads,
    )
    app.middleware("http")(_request_context)
    app.add_middleware(RequestMetrics)  # outermost: the whole time of every request
    app.add_exception_handler(HireflowError, web_errors.hireflow_error)  # type: ignore[arg-type]
    app.add_exception_handler(
        RequestValidationError,
        web_errors.validation_error,  # type: ignore[arg-type]
    )
    app.add_exception_handler(StarletteHTTPException, web_errors.http_error)  # type: ignore[arg-type]
    app.add_exception_handler(DBAPIError, web_errors.database_rejected_value)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, web_errors.unexpected_error)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/api/docs", include_in_schema=False, dependencies=[public()])
    async def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="hireflow API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/favicon.ico",
        )

    @app.get("/favicon.ico", include_in_schema=False, dependencies=[public()])
    async def favicon() -> FileResponse:
        return FileResponse(STATIC_DIR / "favicon.ico", media_type="image/x-icon")

    app.include_router(health_router)
    for router in (
        auth_api,
        candidates_api,
        resumes_api,
        audit_api,
        reviews_api,
        prompts_api,
        jobs_api,
        automation_api,
        notifications_api,
        calendars_api,
        interview_links.api,
        ops_api,
    ):
        app.include_router(router)
    for router in (
        web_router,
        auth_views,
        candidates_views,
        resumes_views,
        reviews_views,
        prompts_views,
        audit_views,
        jobs_views,
        automation_views,
        careers_views,
        calendars_views,
        interviews_views,
        interview_links.router,
        negotiation_views.router,
        negotiation_views.candidate_router,
        portal_views,
        analytics_views,
    ):
        app.include_router(router)
    return app


async def _upload_gate(request: Request) -> Response | None:
    """Who may make the server read an upload: a signed-in user, or a careers applicant."""
    if request.url.path.startswith("/careers/"):
        return await careers_upload_gate(request)
    return await signed_in_or_refusal(request)


def _body_limit(settings: Settings) -> Callable[[Request], int]:
    def limit(request: Request) -> int:
        if request.url.path.startswith("/careers/"):
            return settings.max_upload_bytes + 64 * 1024
        return settings.max_request_bytes if is_upload(request) else settings.max_form_bytes

    return limit


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
    started = time.perf_counter()
    try:
        response = await call_next(request)
    finally:
        structlog.contextvars.unbind_contextvars("request_id")
    # The server's own time for the answer (the browser tests record it for every page).
    elapsed_ms = (time.perf_counter() - started) * 1000
    response.headers["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
    response.headers["X-Request-ID"] = request_id
    for header, value in SECURITY_HEADERS.items():
        response.headers.setdefault(header, value)
    if not request.url.path.startswith("/api/docs"):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    if not request.url.path.startswith("/static"):
        # Candidate pages, resume downloads, API answers: personal data, never cached.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (used by ``hireflow serve --reload``)."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)
