"""/metrics through the real app: counters move with requests, the answer stages are timed, and the key
guards it when one is set."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from assistant.runtime import Runtime
from ui.server import create_app

SWEDISH = "Vilka är de tre stegen i teamutvecklingen?"


def app_client(components, **overrides) -> TestClient:
    settings = components.settings.model_copy(update=overrides)
    return TestClient(create_app(settings, Runtime(settings, components), background_load=False))


def samples(client: TestClient, **headers: str) -> dict[tuple[str, frozenset], float]:
    r = client.get("/metrics", headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain; version=0.0.4")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture(scope="module")
def client(corpus_index):
    with app_client(corpus_index) as c:
        yield c


def test_counters_move_and_stages_are_timed(client):
    before = samples(client)
    assert client.post("/api/chat", json={"message": SWEDISH}).status_code == 200
    assert client.post("/api/chat", json={"message": "  "}).status_code == 422
    assert client.post("/api/chat", json={"message": "Wie hoch ist der Lizenzpreis für Marketo?"}).status_code == 200
    after = samples(client)

    chat = {"route": "/api/chat", "method": "POST"}
    ok = value(after, "session_assistant_http_requests_total", **chat, status="200")
    assert ok - value(before, "session_assistant_http_requests_total", **chat, status="200") == 2
    refused = value(after, "session_assistant_http_requests_total", **chat, status="422")
    assert refused - value(before, "session_assistant_http_requests_total", **chat, status="422") == 1
    timed = value(after, "session_assistant_http_request_seconds_count", **chat)
    assert timed - value(before, "session_assistant_http_request_seconds_count", **chat) == 3

    for stage in ("embed", "retrieve", "compose", "total"):
        assert value(after, "session_assistant_answer_stage_seconds_count", stage=stage) >= 2, stage
    assert value(after, "session_assistant_answer_stage_seconds_sum", stage="total") > 0
    grounded = value(after, "session_assistant_answers_total", answerer="extractive", grounded="true")
    out_of_scope = value(after, "session_assistant_answers_total", answerer="extractive", grounded="false")
    assert grounded - value(before, "session_assistant_answers_total", answerer="extractive", grounded="true") == 1
    assert out_of_scope - value(before, "session_assistant_answers_total", answerer="extractive", grounded="false") == 1

    assert value(after, "session_assistant_index_documents") == 5
    assert value(after, "session_assistant_index_chunks") > 5
    client.get("/no/such/route")
    assert value(samples(client), "session_assistant_http_requests_total", route="unmatched", method="GET",
                 status="404") >= 1  # fmt: skip


def test_every_surface_is_counted_by_its_route(client):
    client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": SWEDISH}]})
    client.get("/api/health")
    found = samples(client)
    assert value(found, "session_assistant_http_requests_total", route="/v1/chat/completions", method="POST",
                 status="200") >= 1  # fmt: skip
    assert value(found, "session_assistant_http_requests_total", route="/api/health", method="GET", status="200") >= 1


def test_metrics_need_the_key_when_one_is_set(corpus_index):
    with app_client(corpus_index, api_key="s3cret") as keyed:
        refused = keyed.get("/metrics")
        assert refused.status_code == 401 and refused.json()["error"]
        found = samples(keyed, authorization="Bearer s3cret")
        assert value(found, "session_assistant_http_requests_total", route="other", method="GET", status="401") == 1
