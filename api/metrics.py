"""Prometheus metrics (one registry per app) and the ASGI middleware that records requests.

With several uvicorn workers each worker counts its own requests; set
PROMETHEUS_MULTIPROC_DIR to aggregate them (see docs/deployment.md).
"""

from __future__ import annotations

import os
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as prom_multiprocess
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.types import Answer

_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)


class Metrics:
    """Requests, latency, abstentions and errors of one app."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "assistant_http_requests",
            "HTTP requests by route, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "assistant_http_request_duration_seconds",
            "Time to the end of the response, by route.",
            ["route", "method"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.answers = Counter(
            "assistant_answers", "Answers given, by language.", ["lang"], registry=self.registry
        )
        self.abstentions = Counter(
            "assistant_abstentions",
            "Answers where the assistant abstained, by language.",
            ["lang"],
            registry=self.registry,
        )
        self.errors = Counter(
            "assistant_errors",
            "Error responses and error events, by error code.",
            ["code"],
            registry=self.registry,
        )
        self.answer_latency = Histogram(
            "assistant_answer_duration_seconds",
            "Assistant.ask time (retrieval + composition).",
            buckets=_BUCKETS,
            registry=self.registry,
        )

    def observe_answer(self, answer: Answer) -> None:
        """Count one answer (and its abstention) and its time."""
        self.answers.labels(answer.lang).inc()
        if answer.abstained:
            self.abstentions.labels(answer.lang).inc()
        total = answer.timings_ms.get("total")
        if total is not None:
            self.answer_latency.observe(total / 1000)

    def count_error(self, code: str) -> None:
        """Count one error by its code."""
        self.errors.labels(code).inc()

    def exposition(self) -> tuple[bytes, str]:
        """The text format body and its content type (all workers when multiprocess is on)."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            prom_multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class MetricsMiddleware:
    """Counts every HTTP request by its route template (not the raw path) and status."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "GET")
            self.metrics.requests.labels(template, method, str(status)).inc()
            self.metrics.latency.labels(template, method).observe(time.perf_counter() - started)
