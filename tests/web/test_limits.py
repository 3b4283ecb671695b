"""H1/L4/L6/L1: request bodies are bounded, timed, and gated before a byte is read."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn
from starlette.types import Receive, Scope, Send

from hireflow.config import Settings
from hireflow.db.engine import Database
from hireflow.web.limits import BoundedBodies, proxy_options
from tests.factories import SignedIn
from tests.jobs.test_jobs_api import _create_job

MIB = 1024 * 1024
BOUNDARY = "hireflowboundary"


class Body:
    """A chunked multipart upload of ``total`` bytes that counts what the server pulled."""

    def __init__(self, total: int, *, stall_after: int | None = None) -> None:
        self.total, self.pulled, self.stall_after = total, 0, stall_after

    async def __aiter__(self) -> AsyncIterator[bytes]:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="cv.pdf"'
            "\r\nContent-Type: application/pdf\r\n\r\n"
        ).encode()
        self.pulled += len(head)
        yield head
        chunk = b"%PDF" + b"\0" * (MIB - 4)
        while self.pulled < self.total:
            if self.stall_after is not None and self.pulled >= self.stall_after:
                await asyncio.Event().wait()  # the client goes quiet
            self.pulled += len(chunk)
            yield chunk


def _multipart(headers: dict[str, str] | None = None) -> dict[str, str]:
    return {"content-type": f"multipart/form-data; boundary={BOUNDARY}", **(headers or {})}


async def _app_client(
    settings: Settings, database: Database, **overrides: object
) -> AsyncIterator[httpx.AsyncClient]:
    from hireflow.app import create_app

    app = create_app(settings.model_copy(update=overrides), database=database, run_worker=False)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c,
        app.router.lifespan_context(app),
    ):
        yield c


@pytest.fixture
async def small_client(
    settings: Settings, test_database: Database
) -> AsyncIterator[httpx.AsyncClient]:
    async for c in _app_client(
        settings, test_database, max_request_bytes=4 * MIB, body_read_timeout_seconds=0.3
    ):
        yield c


@pytest.mark.parametrize(
    "path", ["/api/candidates/{id}/resumes", "/api/resumes/import", "/candidates/{id}/resumes"]
)
async def test_anonymous_300_mib_upload_is_refused_before_a_byte_is_read(
    client: httpx.AsyncClient, path: str
) -> None:
    body = Body(300 * MIB)
    started = time.monotonic()
    response = await client.post(path.format(id=uuid.uuid4()), content=body, headers=_multipart())
    assert response.status_code in (401, 303)
    assert time.monotonic() - started < 5
    assert body.pulled <= MIB, f"the server read {body.pulled} bytes before refusing"


async def test_a_stale_bearer_token_is_refused_before_reading(client: httpx.AsyncClient) -> None:
    body = Body(300 * MIB)
    response = await client.post(
        f"/api/candidates/{uuid.uuid4()}/resumes",
        content=body,
        headers=_multipart({"authorization": "Bearer not.a.token"}),
    )
    assert response.status_code == 401 and body.pulled <= MIB


async def test_a_signed_in_upload_stops_at_the_request_limit(
    small_client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    body = Body(300 * MIB)
    response = await small_client.post(
        f"/api/candidates/{uuid.uuid4()}/resumes",
        content=body,
        headers=_multipart(people["senior"].headers),
    )
    assert response.status_code == 413, response.text
    assert body.pulled <= 6 * MIB


async def test_a_declared_oversized_body_is_refused_unread(
    small_client: httpx.AsyncClient,
) -> None:
    response = await small_client.post(
        "/api/auth/login", content=b"{}", headers={"content-length": str(300 * MIB)}
    )
    assert response.status_code == 413


async def test_a_stalled_body_times_out(
    small_client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    body = Body(300 * MIB, stall_after=MIB)
    response = await small_client.post(
        f"/api/candidates/{uuid.uuid4()}/resumes",
        content=body,
        headers=_multipart(people["senior"].headers),
    )
    assert response.status_code == 408, response.text


async def test_careers_upload_needs_a_server_issued_form_token_before_reading(
    client: httpx.AsyncClient, people: dict[str, SignedIn]
) -> None:
    job = await _create_job(client, people["senior"])
    body = Body(300 * MIB)
    response = await client.post(f"/careers/{job['id']}/apply", content=body, headers=_multipart())
    assert response.status_code == 403 and body.pulled <= MIB
    # A token the client picked (same in cookie and form) is not one the server issued.
    client.cookies.set("hf_apply", "chosen-by-me")
    response = await client.post(
        f"/careers/{job['id']}/apply",
        data={
            "form_token": "chosen-by-me",
            "first_name": "M",
            "last_name": "A",
            "email": "m@example.test",
            "consent": "yes",
        },
        files={"resume": ("cv.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 403
    page = await client.get(f"/careers/{job['id']}")
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert token and token.group(1) != "chosen-by-me" and token.group(1).count(".") == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _echo_client(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    host = (scope.get("client") or ("?", 0))[0]
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(host).encode()})


@pytest.mark.parametrize(("trusted", "seen"), [("", "127.0.0.1"), ("127.0.0.1", "203.0.113.9")])
def test_forwarded_for_is_believed_only_from_configured_proxies(
    settings: Settings, trusted: str, seen: str
) -> None:
    port = _free_port()
    options = proxy_options(settings.model_copy(update={"trusted_proxies": trusted}))
    server = uvicorn.Server(
        uvicorn.Config(_echo_client, host="127.0.0.1", port=port, log_config=None, **options)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        answer = httpx.get(f"http://127.0.0.1:{port}/", headers={"x-forwarded-for": "203.0.113.9"})
        assert answer.text == seen
    finally:
        server.should_exit = True
        thread.join(timeout=10)


async def test_parallel_uploads_beyond_the_cap_are_refused_unread() -> None:
    """H1: parallel uploads cannot add up; the one past the cap gets 503 before a byte."""

    async def reader(scope: Scope, receive: Receive, send: Send) -> None:
        more = True
        while more:  # read the whole body, as the multipart parser would
            message = await receive()
            more = message.get("more_body", False)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read"})

    async def admit(_request: object) -> None:
        return None

    capped = BoundedBodies(
        reader, gate=admit, limit_for=lambda _r: 400 * MIB, read_timeout=30, max_uploads=2
    )
    transport = httpx.ASGITransport(app=capped)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        reading = asyncio.Event()

        class Slow(Body):
            async def __aiter__(self) -> AsyncIterator[bytes]:
                async for chunk in super().__aiter__():
                    yield chunk
                    if self.pulled >= MIB and capped.uploads_in_flight == 2:
                        reading.set()

        slow = [Slow(300 * MIB, stall_after=MIB) for _ in range(2)]
        pending = [
            asyncio.create_task(client.post("/up", content=body, headers=_multipart()))
            for body in slow
        ]
        await asyncio.wait_for(reading.wait(), 10)
        extra = Body(300 * MIB)
        started = time.monotonic()
        response = await client.post("/up", content=extra, headers=_multipart())
        assert response.status_code == 503 and response.headers["retry-after"] == "5"
        assert extra.pulled <= MIB and time.monotonic() - started < 5
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        assert capped.uploads_in_flight == 0  # a cancelled upload gives its place back
        again = await client.post("/up", content=b"--x--", headers=_multipart())
        assert again.status_code == 200 and again.text == "read"
