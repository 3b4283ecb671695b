"""One error shape for every error: JSON for the API, a page for the browser."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import psycopg
import structlog
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from hireflow.kit.errors import HireflowError, Unauthenticated
from hireflow.web.templating import templates

log = structlog.get_logger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "too_many_requests",
}


# Read by probes and scrapers, never by a browser: errors in JSON, no sign-in redirect.
_MACHINE_PATHS = ("/healthz", "/readyz", "/metrics")


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api") or path in _MACHINE_PATHS:
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request, status: int, code: str, message: str, details: Any = None
) -> Response:
    request_id = getattr(request.state, "request_id", None)
    if _wants_html(request):
        current = getattr(request.state, "signed_in_header", None)
        csrf = getattr(request.state, "csrf_token", None) if current is not None else None
        context = {"status": status, "code": code, "message": message, "request_id": request_id}
        context |= {"current_user": current, "csrf_token": csrf}
        return templates.TemplateResponse(request, "web/error.html", context, status_code=status)
    body = {
        "error": {"code": code, "message": message, "details": details, "request_id": request_id}
    }
    return JSONResponse(body, status_code=status)


async def _signed_in_header(request: Request) -> None:
    """Let the error page show who is signed in (the app hands in auth's resolver)."""
    resolve = getattr(request.app.state, "page_user", None)
    if (
        resolve is not None
        and _wants_html(request)
        and not hasattr(request.state, "signed_in_header")
    ):
        await resolve(request)


async def hireflow_error(request: Request, exc: HireflowError) -> Response:
    if isinstance(exc, Unauthenticated) and _is_page(request):
        # A signed-out visitor of any page goes to sign in, and comes back afterwards.
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    await _signed_in_header(request)
    return error_response(request, exc.status_code, exc.code, exc.message, exc.details)


def _is_page(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith(("/api", "/static")) or path in _MACHINE_PATHS)


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    details = [
        {"field": ".".join(str(part) for part in err.get("loc", ())), "message": err.get("msg")}
        for err in exc.errors()
    ]
    await _signed_in_header(request)
    return error_response(request, 422, "validation_error", "The request is not valid.", details)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    await _signed_in_header(request)
    response = error_response(request, exc.status_code, code, str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def database_rejected_value(request: Request, exc: DBAPIError) -> Response:
    """Input PostgreSQL cannot store (a NUL byte, an out-of-range number) is the caller's error."""
    if isinstance(exc.orig, psycopg.errors.DataError):
        return error_response(
            request,
            422,
            "invalid_value",
            "The request holds a value that cannot be stored (for example a NUL character or "
            "a number out of range).",
        )
    return await unexpected_error(request, exc)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("request.unexpected_error", path=request.url.path)
    return error_response(
        request,
        500,
        "internal_error",
        "Something went wrong on our side. The error was logged with this request id.",
    )
