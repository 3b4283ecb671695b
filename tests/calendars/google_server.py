"""A small Google Calendar + OAuth stand-in on loopback: the endpoints hireflow uses.

Token endpoint (authorization code with PKCE S256, refresh, ``invalid_grant``), events
list with sync tokens (and a 410 for an expired one), freeBusy, insert/patch/delete.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


class GoogleState:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.codes: dict[str, str] = {}  # code -> PKCE challenge
        self.refresh_tokens: set[str] = set()
        self.access_tokens: set[str] = set()
        self.events: dict[str, dict[str, Any]] = {}
        self.changes: list[str] = []  # event ids in change order; a sync token is an index
        self.expired_sync_tokens: set[str] = set()
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []
        self.busy: list[dict[str, str]] = []
        self.expires_in = 3600

    def consent(self, challenge: str) -> str:
        """The user clicked Allow: Google redirects back with this code."""
        code = secrets.token_urlsafe(8)
        self.codes[code] = challenge
        return code

    def put_event(self, item: dict[str, Any]) -> None:
        with self.lock:
            self.events[item["id"]] = item
            self.changes.append(item["id"])

    def revoke(self) -> None:
        self.refresh_tokens.clear()
        self.access_tokens.clear()

    def _issue(self, refresh: bool) -> dict[str, Any]:
        access = secrets.token_urlsafe(12)
        self.access_tokens.add(access)
        body: dict[str, Any] = {"access_token": access, "expires_in": self.expires_in}
        if refresh:
            token = secrets.token_urlsafe(12)
            self.refresh_tokens.add(token)
            body["refresh_token"] = token
        return body


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return None

    @property
    def state(self) -> GoogleState:
        return self.server.state

    def _reply(self, status: int, body: Any = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or header[7:] not in self.state.access_tokens:
            self._reply(401, {"error": {"code": 401, "message": "Invalid Credentials"}})
            return False
        return True

    def _route(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.state.requests.append((method, parts.path, query))
        body = self._body()
        if parts.path == "/token" and method == "POST":
            return self._token(parse_qs(body.decode()))
        if not self._authorized():
            return None
        if parts.path == "/calendar/v3/freeBusy" and method == "POST":
            request = json.loads(body)
            calendar_id = request["items"][0]["id"]
            return self._reply(200, {"calendars": {calendar_id: {"busy": self.state.busy}}})
        prefix = "/calendar/v3/calendars/primary"
        if parts.path == prefix and method == "GET":
            return self._reply(200, {"id": "primary", "timeZone": "Europe/Berlin"})
        if parts.path == f"{prefix}/events":
            if method == "GET":
                return self._list(query)
            if method == "POST":
                item = json.loads(body)
                if any(e.get("iCalUID") == item["iCalUID"] for e in self.state.events.values()):
                    return self._reply(409, {"error": {"code": 409, "message": "duplicate"}})
                item["id"] = "evt" + secrets.token_hex(6)
                item["status"] = "confirmed"
                self.state.put_event(item)
                return self._reply(200, item)
        if parts.path.startswith(f"{prefix}/events/"):
            event_id = unquote(parts.path.rsplit("/", 1)[1])
            existing = self.state.events.get(event_id)
            if existing is None or existing.get("status") == "cancelled":
                return self._reply(404 if existing is None else 410, {"error": {"code": 404}})
            if method == "PATCH":
                updated = {**existing, **json.loads(body)}
                self.state.put_event(updated)
                return self._reply(200, updated)
            if method == "DELETE":
                self.state.put_event({"id": event_id, "status": "cancelled"})
                return self._reply(204)
        return self._reply(404, {"error": {"code": 404, "message": "not found"}})

    def _token(self, form: dict[str, list[str]]) -> None:
        grant = form.get("grant_type", [""])[0]
        if grant == "authorization_code":
            challenge = self.state.codes.pop(form.get("code", [""])[0], None)
            verifier = form.get("code_verifier", [""])[0]
            digest = hashlib.sha256(verifier.encode()).digest()
            computed = base64.urlsafe_b64encode(digest).decode().rstrip("=")
            if challenge is None or computed != challenge:
                return self._reply(400, {"error": "invalid_grant"})
            return self._reply(200, self.state._issue(refresh=True))
        if grant == "refresh_token":
            if form.get("refresh_token", [""])[0] not in self.state.refresh_tokens:
                return self._reply(400, {"error": "invalid_grant", "error_description": "Bad"})
            return self._reply(200, self.state._issue(refresh=False))
        return self._reply(400, {"error": "unsupported_grant_type"})

    def _list(self, query: dict[str, list[str]]) -> None:
        page_token = query.get("pageToken", [None])[0]
        token = query.get("syncToken", [None])[0]
        page = 0
        if page_token is not None:  # a page token carries the sync token it continues
            carried, _, number = page_token.partition("|")
            token, page = (carried or None), int(number)
        if "iCalUID" in query:
            found = [
                e for e in self.state.events.values() if e.get("iCalUID") == query["iCalUID"][0]
            ]
            return self._reply(200, {"items": found})
        if token is not None and token in self.state.expired_sync_tokens:
            return self._reply(410, {"error": {"code": 410, "message": "Sync token expired"}})
        with self.state.lock:
            if token is None:
                # As Google: cancelled occurrences of a live series are always listed.
                shown = query.get("showDeleted") == ["true"]
                ids = [
                    i
                    for i, e in self.state.events.items()
                    if shown or e.get("status") != "cancelled" or e.get("recurringEventId")
                ]
            else:
                since = int(token.removeprefix("s"))
                ids = list(dict.fromkeys(self.state.changes[since:]))
            items = [self.state.events[i] for i in ids]
            next_token = f"s{len(self.state.changes)}"
        # Two pages, to exercise pageToken.
        size = max(1, (len(items) + 1) // 2)
        chunk = items[page * size : (page + 1) * size]
        body: dict[str, Any] = {"items": chunk}
        if (page + 1) * size < len(items):
            body["nextPageToken"] = f"{token or ''}|{page + 1}"
        else:
            body["nextSyncToken"] = next_token
        return self._reply(200, body)

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PATCH(self) -> None:
        self._route("PATCH")

    def do_DELETE(self) -> None:
        self._route("DELETE")


class _Server(ThreadingHTTPServer):
    state: GoogleState


class GoogleServer:
    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = GoogleState()
        self.base = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def state(self) -> GoogleState:
        return self._server.state

    def start(self) -> GoogleServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
