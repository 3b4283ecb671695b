"""Resume extraction in resource-limited worker processes.

A 1 MB PDF can hold a content stream that inflates to gigabytes, and PDFium inflates it
whole. So extraction runs in separate worker processes (``python -m
hireflow.resumes.sandbox``), each with an address-space limit (``RLIMIT_AS``) it sets on
itself at start, one document at a time; the parent waits at most a wall-clock timeout.
A worker that runs out of memory, crashes or overruns is killed and replaced, and the
uploader is told the file is too complex to read. Whatever a file does, it costs at most
``PARALLEL`` × the memory limit and the timeout, and the web process's own memory is never
touched. Workers are started on first use and reused. Answers come back as JSON, never
pickles: a worker that hostile input took over still cannot run code in the parent.

Wraps :func:`hireflow.resumes.extraction.extract_document` without changing it.
"""

from __future__ import annotations

import atexit
import dataclasses
import importlib
import json
import queue
import resource
import select
import struct
import subprocess
import sys
import threading
import time
from typing import IO, Any

from hireflow.kit.errors import HireflowError, Unprocessable
from hireflow.resumes.document import ExtractedDocument
from hireflow.resumes.serialization import document_from_json, document_to_json

MEMORY_BYTES = 512 * 1024 * 1024
TIME_SECONDS = 20.0
PARALLEL = 2
_HEADER = struct.Struct("!Q")


class ResumeTooComplex(Unprocessable):
    code = "resume_too_complex"


def _too_complex(filename: str | None) -> ResumeTooComplex:
    label = f"{filename!r} " if filename else ""
    return ResumeTooComplex(
        f"The file {label}is too complex to read: it needs more memory or time than any "
        "resume does. Save it again as a plain PDF or Word document and upload that."
    )


class _Worker:
    def __init__(self, memory_bytes: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hireflow.resumes.sandbox", str(memory_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def ask(self, request: dict[str, Any], data: bytes, deadline: float) -> dict[str, Any]:
        """Send one request and wait for its answer until ``deadline`` (monotonic)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        head = json.dumps(request).encode()
        self.process.stdin.write(_HEADER.pack(len(head)) + head + _HEADER.pack(len(data)) + data)
        self.process.stdin.flush()
        header = _read_exactly(self.process.stdout, _HEADER.size, deadline)
        answer = json.loads(_read_exactly(self.process.stdout, _HEADER.unpack(header)[0], deadline))
        if not isinstance(answer, dict):
            raise ValueError("a worker answered nonsense")
        return answer

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)


def _read_exactly(stream: IO[bytes], count: int, deadline: float) -> bytes:
    chunks, remaining = [], count
    while remaining:
        timeout = deadline - time.monotonic()
        if timeout <= 0 or not select.select([stream], [], [], timeout)[0]:
            raise TimeoutError
        chunk = stream.read1(remaining)  # type: ignore[attr-defined]
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class _Pool:
    def __init__(self) -> None:
        self.idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self.slots = threading.BoundedSemaphore(PARALLEL)
        self.everyone: set[_Worker] = set()
        self.lock = threading.Lock()

    def run(
        self, request: dict[str, Any], data: bytes, memory: int, seconds: float
    ) -> dict[str, Any]:
        with self.slots:
            try:
                worker = self.idle.get_nowait()
            except queue.Empty:
                worker = _Worker(memory)
                with self.lock:
                    self.everyone.add(worker)
            try:
                answer = worker.ask(request, data, time.monotonic() + seconds)
            except (TimeoutError, EOFError, OSError, ValueError):
                self._discard(worker)
                return {"kind": "too_complex"}
            if answer.get("kind") == "too_complex":
                self._discard(worker)  # a MemoryError leaves a process best not reused
            else:
                self.idle.put(worker)
            return answer

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self.lock:
            self.everyone.discard(worker)

    def close(self) -> None:
        with self.lock:
            for worker in list(self.everyone):
                worker.kill()
            self.everyone.clear()


_pool = _Pool()
atexit.register(_pool.close)


def extract_limited(
    data: bytes,
    filename: str | None,
    max_bytes: int,
    *,
    memory_bytes: int = MEMORY_BYTES,
    time_seconds: float = TIME_SECONDS,
) -> ExtractedDocument:
    """``extract_document`` in a worker; :class:`ResumeTooComplex` past the limits."""
    request = {"filename": filename, "max_bytes": max_bytes}
    answer = _pool.run(request, data, memory_bytes, time_seconds)
    try:
        if answer["kind"] == "ok":
            document = document_from_json(answer["text"], answer["document"])
            return dataclasses.replace(document, links=tuple(answer["links"]))
        if answer["kind"] == "error" and str(answer["module"]).startswith("hireflow."):
            error = getattr(importlib.import_module(answer["module"]), answer["name"])
            if isinstance(error, type) and issubclass(error, HireflowError):
                raise error(str(answer["message"]), details=answer.get("details"))
    except (KeyError, TypeError, ValueError, AttributeError, ImportError) as exc:
        raise _too_complex(filename) from exc
    raise _too_complex(filename)


def _serve(memory_bytes: int) -> None:
    """The worker's loop: one request in on stdin, one answer out on stdout."""
    from hireflow.resumes.extraction import extract_document

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while header := source.read(_HEADER.size):
        request = json.loads(source.read(_HEADER.unpack(header)[0]))
        data = source.read(_HEADER.unpack(source.read(_HEADER.size))[0])
        answer: dict[str, Any]
        try:
            document = extract_document(data, request["filename"], max_bytes=request["max_bytes"])
            answer = {
                "kind": "ok",
                "text": document.text,
                "document": document_to_json(document),
                "links": list(document.links),
            }
        except HireflowError as exc:
            error = type(exc)
            answer = {
                "kind": "error",
                "module": error.__module__,
                "name": error.__qualname__,
                "message": exc.message,
                "details": exc.details,
            }
        except MemoryError:
            answer = {"kind": "too_complex"}
        del data
        payload = json.dumps(answer, default=str).encode()
        sink.write(_HEADER.pack(len(payload)) + payload)
        sink.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
