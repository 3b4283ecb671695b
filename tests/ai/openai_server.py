"""A small model-provider server on loopback: the real peer for the OpenAI and Anthropic
clients in tests (``POST /v1/messages`` answers in the Anthropic shape with a tool call).

It answers ``POST /v1/chat/completions`` according to the requested model name:
``tool-ok*`` a tool call carrying the agent's payload, ``json-ok*`` the payload as JSON text,
``slow`` after a delay beyond the client's timeout, ``malformed`` broken output, ``error-500``
an HTTP 500.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

AGENT_MARKERS = {
    "base agent": "base_agent",
    "structure agent": "structure_agent",
    "appeal agent": "appeal_agent",
    "ベースエージェント": "base_agent",
    "構成エージェント": "structure_agent",
    "訴求エージェント": "appeal_agent",
}


@dataclass
class FakeOpenAI:
    payloads: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    slow_seconds: float = 3.0
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def requests_for(self, model: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["model"] == model]

    def agent_of(self, body: dict[str, Any]) -> str:
        text = json.dumps(body["messages"], ensure_ascii=False)
        for marker, agent in AGENT_MARKERS.items():
            if marker in text:
                return agent
        raise LookupError("no agent marker in the prompt")

    def answer(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        model = body["model"]
        usage = {"prompt_tokens": 123, "completion_tokens": 45, "total_tokens": 168}
        message: dict[str, Any] = {"role": "assistant", "content": None}
        finish = "stop"
        if model == "error-500":
            return 500, {"error": {"message": "upstream exploded", "type": "server_error"}}
        if model == "slow":
            time.sleep(self.slow_seconds)
        payload = self.payloads.get(self.agent_of(body), {})
        if model.startswith("tool-ok") or model == "slow":
            tool = body["tools"][0]["function"]["name"]
            message["tool_calls"] = [
                {
                    "id": f"call_{len(self.requests)}",
                    "type": "function",
                    "function": {"name": tool, "arguments": json.dumps(payload)},
                }
            ]
            finish = "tool_calls"
        elif model.startswith("json-ok"):
            message["content"] = json.dumps(payload)
        elif model == "malformed":
            if body.get("tools"):
                tool = body["tools"][0]["function"]["name"]
                message["tool_calls"] = [
                    {
                        "id": "call_bad",
                        "type": "function",
                        "function": {"name": tool, "arguments": '{"content_score": "hi'},
                    }
                ]
                finish = "tool_calls"
            else:
                message["content"] = "Sure! The candidate looks great, 10/10."
        return 200, {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": model,
            "usage": usage,
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        }

    def answer_anthropic(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """The Anthropic Messages API shape: a ``tool_use`` block with the payload."""
        model = body["model"]
        if model == "error-500":
            return 500, {"type": "error", "error": {"type": "api_error", "message": "boom"}}
        text = json.dumps(body.get("messages", []), ensure_ascii=False)
        agent = next((a for m, a in AGENT_MARKERS.items() if m in text), "base_agent")
        tool = body["tools"][0]["name"]
        return 200, {
            "id": f"msg_{len(self.requests)}",
            "type": "message",
            "role": "assistant",
            "model": model,
            "stop_reason": "tool_use",
            "stop_sequence": None,
            "content": [
                {
                    "type": "tool_use",
                    "id": f"toolu_{len(self.requests)}",
                    "name": tool,
                    "input": self.payloads.get(agent, {}),
                }
            ],
            "usage": {"input_tokens": 200, "output_tokens": 50},
        }


@contextmanager
def fake_openai_server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            fake.requests.append(body)
            path = self.path.split("?")[0]
            if path.endswith("/chat/completions"):
                status, answer = fake.answer(body)
            elif path.endswith("/messages"):
                status, answer = fake.answer_anthropic(body)
            else:
                status, answer = 404, {"error": {"message": "not found"}}
            data = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
