"""The real app with a key: Gradio's own routes refuse requests without it, bad headers and text get 4xx,
the docs work offline, and the page's chat route keeps the API's limits."""

import json
import os

import pytest
from fastapi.testclient import TestClient

from assistant.runtime import Runtime
from tests.conftest import serving
from ui.server import create_app

KEY = "s3cret"
BEARER = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="module")
def keyed(corpus_index):
    settings = corpus_index.settings.model_copy(update={"api_key": KEY})
    with TestClient(create_app(settings, Runtime(settings, corpus_index), background_load=False)) as c:
        yield c


GRADIO_ROUTES = [
    ("GET", "/config"),
    ("GET", "/gradio_api/info"),
    ("POST", "/gradio_api/call/respond"),
    ("POST", "/gradio_api/queue/join"),
    ("GET", "/gradio_api/queue/data?session_hash=x"),
    ("GET", "/"),
]


@pytest.mark.parametrize(("method", "path"), GRADIO_ROUTES)
def test_gradio_routes_refuse_requests_without_the_key(keyed, method, path):
    r = keyed.request(method, path, json={"data": ["Hej", [], None, None, "auto", "all"]})
    assert r.status_code == 401, (path, r.status_code, r.text[:200])
    assert "API key" in r.json()["error"]


def test_gradio_routes_answer_with_the_key(keyed):
    assert keyed.get("/config", headers=BEARER).status_code == 200
    assert keyed.get("/gradio_api/info", headers=BEARER).status_code == 200


def test_uploads_are_refused_and_leave_no_temp_file(keyed, tmp_path, monkeypatch):
    temp = tmp_path / "gradio-temp"
    temp.mkdir()
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(temp))

    def chunks():  # chunked transfer encoding: no Content-Length for a limit to look at
        for _ in range(40):
            yield b"x" * 65536

    r = keyed.post(
        "/gradio_api/upload",
        content=chunks(),
        headers={**BEARER, "content-type": "multipart/form-data; boundary=b"},
    )
    assert r.status_code == 404 and r.json()["error"] == "file uploads are not accepted here"
    assert not any(temp.rglob("*"))


def test_bad_headers_and_text_are_4xx_at_once(keyed):
    assert (
        keyed.post(
            "/api/chat", json={"message": "Hej"}, headers={"Authorization": "Bearer sécret".encode()}
        ).status_code
        == 401
    )
    surrogate = '{"messages": [{"role": "user", "content": "Hej \\ud800"}]}'
    r = keyed.post("/v1/chat/completions", content=surrogate, headers={**BEARER, "content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"].startswith("messages.0")
    r = keyed.post(
        "/api/chat", content='{"message": "a \\udfff"}', headers={**BEARER, "content-type": "application/json"}
    )
    assert r.status_code == 422 and r.json()["error"].startswith("message")
    earlier = [{"role": "assistant", "content": "x" * 20_001}, {"role": "user", "content": "Hej"}]
    r = keyed.post("/v1/chat/completions", json={"messages": earlier}, headers=BEARER)
    assert r.status_code == 422 and "20,000" in r.json()["error"]


def test_docs_are_served_from_the_installed_package_and_declare_the_bearer_scheme(keyed):
    page = keyed.get("/docs", headers=BEARER)
    assert page.status_code == 200 and "/docs/assets/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    assert keyed.get("/docs/assets/swagger-ui-bundle.js", headers=BEARER).status_code == 200
    schema = keyed.get("/openapi.json", headers=BEARER).json()
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert schema["paths"]["/api/chat"]["post"]["security"] == [{"HTTPBearer": []}]
    assert "security" not in schema["paths"]["/api/health"]["get"]


def test_feedback_route_has_a_rate_limit(corpus_index, tmp_path):
    settings = corpus_index.settings.model_copy(update={"data_dir": tmp_path, "feedback_per_minute": 3})
    body = {"message": "Q?", "answer": "A.", "rating": "down"}
    with TestClient(create_app(settings, Runtime(settings, corpus_index), background_load=False)) as c:
        statuses = [c.post("/api/feedback", json=body).status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 429, 429]
        assert int(c.post("/api/feedback", json=body).headers["retry-after"]) > 0


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) / 1024


def call_page(base: str, message: str) -> list:
    """One call of the page's chat function through Gradio's HTTP API, as any script could make it."""
    import httpx

    data = [message, [], "auto", "all"]
    with httpx.Client(base_url=base, timeout=60) as http:
        event = http.post("/gradio_api/call/respond", json={"data": data}).json()["event_id"]
        stream = http.get(f"/gradio_api/call/respond/{event}").text
    events = [line.removeprefix("data: ") for line in stream.splitlines() if line.startswith("data: ")]
    return [json.loads(e) for e in events if e.startswith("[")]


def test_the_page_route_keeps_the_api_limits_and_holds_nothing_unbounded(corpus_index):
    with serving(corpus_index) as base:
        answered = call_page(base, "Vilka är de tre stegen i teamutvecklingen?")
        assert "2-3" in json.dumps(answered[-1], ensure_ascii=False)
        huge = "Vilka roller behövs? " * 45_000  # ~0.9 MB
        start = rss_mb()
        for _ in range(15):
            outputs = call_page(base, huge)
            assert outputs[-1][1] == []  # refused: nothing asked, nothing kept in the conversation
        assert rss_mb() - start < 60, "the page's sessions kept the refused messages"
