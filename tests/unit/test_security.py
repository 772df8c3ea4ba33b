"""The gate in front of the whole app, on a tiny app of its own (no model): key, cookie, login, proxy
headers, CORS and security headers."""

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from assistant.security import AUTH_COOKIE, exposure_warning, local_path, page_token, secure
from assistant.settings import Settings


def make_app(**overrides) -> FastAPI:
    settings = Settings(**overrides)
    app = FastAPI()

    @app.get("/api/health")
    def health() -> dict:
        return {"status": "ok"}

    @app.get("/gradio_api/info")
    def info(request: Request) -> dict:
        return {"host": request.headers.get("x-forwarded-host"), "client": request.client.host}

    @app.get("/")
    def page() -> dict:
        return {"page": True}

    @app.post("/gradio_api/upload")
    def upload() -> dict:
        return {"uploaded": True}

    @app.get("/cors")
    def cors() -> dict:
        return {}

    @app.middleware("http")
    async def permissive_cors(request, call_next):  # what Gradio's own middleware does for localhost
        response = await call_next(request)
        response.headers["access-control-allow-origin"] = request.headers.get("origin", "*")
        response.headers["access-control-allow-credentials"] = "true"
        return response

    secure(app, lambda: settings)
    return app


@pytest.fixture
def keyed():
    return TestClient(make_app(api_key="s3cret"), follow_redirects=False)


def test_every_route_but_health_and_login_needs_the_key(keyed):
    assert keyed.get("/api/health").status_code == 200
    assert keyed.get("/login").status_code == 200
    r = keyed.get("/gradio_api/info")
    assert r.status_code == 401 and "API key" in r.json()["error"] and r.headers["www-authenticate"] == "Bearer"
    assert keyed.get("/gradio_api/info", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert keyed.get("/gradio_api/info", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_a_browser_is_sent_to_the_login_form_and_the_cookie_opens_everything(keyed):
    r = keyed.get("/", headers={"accept": "text/html"})
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/"
    wrong = keyed.post("/login", data={"key": "nope", "next": "/"})
    assert wrong.status_code == 401 and "Wrong access key" in wrong.text and AUTH_COOKIE not in wrong.cookies
    right = keyed.post("/login", data={"key": "s3cret", "next": "/"})
    assert right.status_code == 303 and right.headers["location"] == "/"
    cookie = right.headers["set-cookie"]
    assert f"{AUTH_COOKIE}={page_token('s3cret')}" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert keyed.get("/").status_code == 200  # TestClient keeps the cookie
    assert keyed.get("/logout").status_code == 303
    assert keyed.get("/gradio_api/info").status_code == 401


def test_a_non_ascii_token_is_refused_not_a_500(keyed):
    r = keyed.get("/gradio_api/info", headers={"Authorization": "Bearer sécret".encode()})
    assert r.status_code == 401
    r = keyed.get("/gradio_api/info", headers={"Cookie": f"{AUTH_COOKIE}=ünï".encode()})
    assert r.status_code == 401


def test_login_redirects_only_to_this_site(keyed):
    for target in ("https://evil.example", "//evil.example", "/\\evil.example"):
        assert local_path(target) == "/"
        r = keyed.post("/login", data={"key": "s3cret", "next": target})
        assert r.headers["location"] == "/"
    assert local_path("/docs") == "/docs"


def test_uploads_are_refused_before_the_body_is_read():
    client = TestClient(make_app())
    r = client.post("/gradio_api/upload", files={"files": ("a.txt", b"x" * 1000)})
    assert r.status_code == 404 and "uploads" in r.json()["error"]


def test_security_headers_on_every_response_and_no_cors_by_default(keyed):
    for r in (keyed.get("/api/health", headers={"origin": "http://localhost:9999"}), keyed.get("/gradio_api/info")):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert not [h for h in r.headers if h.startswith("access-control-")]


def test_cors_only_for_listed_origins():
    client = TestClient(make_app(cors_origins="https://intranet.example"))
    listed = client.get("/cors", headers={"origin": "https://intranet.example"})
    assert listed.headers["access-control-allow-origin"] == "https://intranet.example"
    assert "access-control-allow-credentials" not in listed.headers
    other = client.get("/cors", headers={"origin": "http://localhost:1234"})
    assert "access-control-allow-origin" not in other.headers


def test_forwarded_headers_only_from_trusted_proxies():
    spoof = {"x-forwarded-host": "evil.example", "x-forwarded-for": "203.0.113.9"}
    untrusted = TestClient(make_app(), client=("198.51.100.7", 5000))
    assert untrusted.get("/gradio_api/info", headers=spoof).json() == {"host": None, "client": "198.51.100.7"}
    trusted = TestClient(make_app(trusted_proxies="198.51.100.0/24"), client=("198.51.100.7", 5000))
    assert trusted.get("/gradio_api/info", headers=spoof).json() == {"host": "evil.example", "client": "203.0.113.9"}


def test_a_bad_proxy_setting_names_the_variable():
    with pytest.raises(ValueError, match="SESSION_ASSISTANT_TRUSTED_PROXIES"):
        Settings(trusted_proxies="not-an-address")


def test_open_server_on_a_network_address_is_announced():
    assert exposure_warning(Settings(), "127.0.0.1") is None
    assert exposure_warning(Settings(), "localhost") is None
    assert exposure_warning(Settings(api_key="k"), "0.0.0.0") is None
    warning = exposure_warning(Settings(), "0.0.0.0")
    assert warning and "open to anyone" in warning and "SESSION_ASSISTANT_API_KEY" in warning
