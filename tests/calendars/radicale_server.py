"""A real Radicale CalDAV server on loopback, in a thread, with plain htpasswd users."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import radicale
import radicale.config


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


class RadicaleServer:
    def __init__(self, root: Path, users: dict[str, str]) -> None:
        root.mkdir(parents=True, exist_ok=True)
        (root / "users").write_text("".join(f"{u}:{p}\n" for u, p in users.items()))
        configuration = radicale.config.load([])
        configuration.update(
            {
                "auth": {
                    "type": "htpasswd",
                    "htpasswd_filename": str(root / "users"),
                    "htpasswd_encryption": "plain",
                    "delay": "0",
                },
                "storage": {"filesystem_folder": str(root / "collections")},
                "rights": {"type": "owner_only"},
                "logging": {"level": "warning"},
            },
            "hireflow tests",
            privileged=True,
        )
        self.users = users
        logging.getLogger("radicale").setLevel(logging.ERROR)  # keep test output readable
        self._server: WSGIServer = make_server(
            "127.0.0.1", 0, radicale.Application(configuration), handler_class=_QuietHandler
        )
        self.url = f"http://127.0.0.1:{self._server.server_port}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> RadicaleServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
