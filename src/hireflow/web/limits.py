"""Bounded request bodies: a size limit, a read timeout, and a gate before any upload byte.

FastAPI parses a multipart body (spooling files to disk) before it runs a route's
dependencies, so authentication there comes too late for an upload. This ASGI middleware
asks the ``gate`` first, from the headers alone, and answers a refused upload without
reading a byte of its body. Every body is then limited in size (Starlette's
``RequestBodyLimitResponder``: 413 from Content-Length or as soon as the count passes the
limit, chunked bodies included) and each chunk must arrive within ``read_timeout`` (408).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.body_limit import RequestBodyLimitResponder
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hireflow.config import Settings

Gate = Callable[[Request], Awaitable[Response | None]]
LimitFor = Callable[[Request], int]
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def is_upload(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return request.method in _WITH_BODY and content_type.startswith("multipart/")


class BoundedBodies:
    """ASGI middleware; ``gate`` answers (refuses) an upload request or returns None."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        gate: Gate,
        limit_for: LimitFor,
        read_timeout: float,
        max_uploads: int = 8,
    ) -> None:
        self.app = app
        self.gate = gate
        self.limit_for = limit_for
        self.read_timeout = read_timeout
        self.max_uploads = max_uploads
        self.uploads_in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if not is_upload(request):
            await self._bounded(scope, receive, send, request)
            return
        refusal = await self.gate(request)
        if refusal is None and self.uploads_in_flight >= self.max_uploads:
            refusal = JSONResponse(
                {"detail": "Too many uploads at once; please try again in a moment."},
                status_code=503,
                headers={"Retry-After": "5"},
            )
        if refusal is not None:
            await refusal(scope, _unread, send)
            return
        self.uploads_in_flight += 1
        try:
            await self._bounded(scope, receive, send, request)
        finally:
            self.uploads_in_flight -= 1

    async def _bounded(self, scope: Scope, receive: Receive, send: Send, request: Request) -> None:
        body_done = Headers(scope=scope).get("content-length") == "0"
        timeout = self.read_timeout

        async def timed_receive() -> Message:
            nonlocal body_done
            if body_done:  # after the body: waiting for a disconnect is not a slow body
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), timeout)
            except TimeoutError:
                raise HTTPException(408, "The request body arrived too slowly.") from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        await RequestBodyLimitResponder(self.app, self.limit_for(request))(
            scope, timed_receive, send
        )


async def _unread() -> Message:
    """The refused request's receive: its body is never read."""
    return {"type": "http.disconnect"}


def proxy_options(settings: Settings) -> dict[str, Any]:
    """Uvicorn's proxy options: X-Forwarded-For believed only from ``trusted_proxies``.

    Uvicorn's own default trusts it from 127.0.0.1, so anyone on the host could pick the
    address the sign-in and careers limits count, and the one the activity log records.
    """
    proxies = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    if not proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": proxies}
