"""Process metrics for Prometheus: the registry, request latency and scheduler sweep durations.

A leaf module (any layer may record into it). Queue depth and job outcomes are not kept
here: ``hireflow.ops.metrics`` reads them from the queue tables at scrape time, so every web
process reports the same numbers, whichever process ran the jobs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

REQUEST_SECONDS = Histogram(
    "hireflow_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template (not raw path), method and status.",
    ["route", "method", "status"],
    registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

SWEEP_SECONDS = Histogram(
    "hireflow_scheduler_sweep_duration_seconds",
    "Time one scheduler sweep took (run in this process), by sweep and outcome.",
    ["sweep", "outcome"],
    registry=REGISTRY,
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)


@contextmanager
def observe_sweep(sweep: str) -> Iterator[None]:
    """Time the enclosed sweep into :data:`SWEEP_SECONDS` (outcome ``ok`` or ``error``)."""
    started = time.perf_counter()
    outcome = "error"
    try:
        yield
        outcome = "ok"
    finally:
        SWEEP_SECONDS.labels(sweep=sweep, outcome=outcome).observe(time.perf_counter() - started)
