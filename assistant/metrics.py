"""Prometheus metrics: requests by route and status, answer stages, answers by who wrote them, the index.

One registry per app (not the client library's global one), so two apps in one process, as tests run
them, count apart."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from assistant.schemas import ChatResponse

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Seconds: extractive answers take tens of milliseconds, a model's tens of seconds.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class IndexSize(Collector):
    """Documents and chunks, read when scraped (the index changes under a running server)."""

    def __init__(self, read: Callable[[], dict[str, Any]]) -> None:
        self.read = read

    def collect(self) -> Iterable[Metric]:
        health = self.read()
        for name, what in (("documents", "Ingested documents (session × language)"), ("chunks", "Stored chunks")):
            gauge = GaugeMetricFamily(f"session_assistant_index_{name}", what)
            gauge.add_metric([], float(health.get(name, 0)))
            yield gauge


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "session_assistant_http_requests", "HTTP requests by route, method and status",
            ["route", "method", "status"], registry=self.registry,
        )  # fmt: skip
        self.latency = Histogram(
            "session_assistant_http_request_seconds", "Time to the end of the response, by route and method",
            ["route", "method"], buckets=BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.stages = Histogram(
            "session_assistant_answer_stage_seconds",
            "Time per stage of an answer: embed, retrieve, compose (extractive) or generate (model), total",
            ["stage"], buckets=BUCKETS, registry=self.registry,
        )  # fmt: skip
        self.answers = Counter(
            "session_assistant_answers", "Answers by who wrote them and whether they were grounded",
            ["answerer", "grounded"], registry=self.registry,
        )  # fmt: skip
        self.refreshes = Counter(
            "session_assistant_index_refreshes", "Times this process picked up changed content (an ingestion ran)",
            registry=self.registry,
        )  # fmt: skip

    def answered(self, response: ChatResponse) -> None:
        timings = response.timings_ms
        writing = "compose" if response.answerer == "extractive" else "generate"
        for stage, ms in (("embed", timings.embed), ("retrieve", timings.retrieve), (writing, timings.compose),
                          ("total", timings.total)):  # fmt: skip
            self.stages.labels(stage).observe(ms / 1000)
        self.answers.labels(response.answerer, str(response.grounded).lower()).inc()

    def watch_index(self, read: Callable[[], dict[str, Any]]) -> None:
        self.registry.register(IndexSize(read))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class RequestMetrics:
    """ASGI middleware: counts and times every HTTP request by its route's template (`/api/chat`, not
    the path a client typed), so unknown paths do not grow the label set."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def recording_send(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            route = route_label(scope, status)
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
            self.metrics.latency.labels(route, scope["method"]).observe(time.perf_counter() - started)


def route_label(scope: dict, status: int) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path is None:
        return "unmatched" if status == 404 else "other"  # refused before routing (key, body size) or no route
    return path or "/ (page)"  # the page is mounted at the root
