"""One gate in front of the whole app (the page, Gradio's own routes, the API): the key, proxy headers,
CORS and security headers. Written as plain ASGI middleware so streams pass through untouched.

The key is checked here for every route, not per router: Gradio mounts routes of its own
(`/gradio_api/*`, `/config`) that no FastAPI dependency of ours would ever see."""

from __future__ import annotations

import hashlib
import hmac
import html
import ipaddress
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from assistant.settings import Settings

AUTH_COOKIE = "session_assistant_auth"
MISSING_KEY = "missing or wrong API key: send 'Authorization: Bearer <key>' (or sign in on the page)"
OPEN_PATHS = frozenset({"/api/health", "/login", "/logout"})
# The page uploads through /api/documents; Gradio's own upload route would only let anyone fill its temp folder.
REFUSED_PREFIXES = ("/gradio_api/upload", "/upload")
FORWARDED = (b"x-forwarded-for", b"x-forwarded-host", b"x-forwarded-proto", b"x-forwarded-port", b"forwarded")
# Gradio's page runs inline scripts and styles of its own, so 'unsafe-inline' stays; nothing loads from
# another origin (system fonts, no CDN), and the page cannot be framed.
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "content-security-policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "media-src 'self' blob: data:; connect-src 'self'; worker-src 'self' blob:; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    ),
}


def page_token(key: str) -> str:
    """The login cookie: derived from the key, so it works on every replica and dies with the key."""
    return hmac.new(key.encode(), b"session-assistant page login", hashlib.sha256).hexdigest()


def authorized(headers: Headers, key: str) -> bool:
    """`Authorization: Bearer <key>` or the page's login cookie, compared in constant time as bytes
    (header values may hold any byte; a str comparison of non-ASCII text raises instead of refusing)."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode("latin-1"), key.encode()):
        return True
    cookie = cookie_value(headers.get("cookie", ""), AUTH_COOKIE)
    return cookie is not None and hmac.compare_digest(cookie.encode("latin-1"), page_token(key).encode())


def cookie_value(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def json_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps({"error": message}).encode()
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def wants_page(scope: dict) -> bool:
    headers = Headers(scope=scope)
    return scope["type"] == "http" and scope["method"] == "GET" and "text/html" in headers.get("accept", "")


class Gate:
    """The key (when set) for every path but health and login; refused upload routes; security headers;
    no CORS headers from the app itself (Gradio adds its own; CORS is ours to decide, see `secure`)."""

    def __init__(self, app: Any, settings: Callable[[], Settings]) -> None:
        self.app = app
        self.settings = settings  # read per request: tests and operators may change the key

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        refusal = self.refusal(scope, path)
        if refusal is not None:
            if scope["type"] == "http":
                await with_security_headers(refusal)(scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": 1008})
            return

        async def secured_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name in [k for k in headers if k.startswith("access-control-")]:
                    del headers[name]
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, secured_send)

    def refusal(self, scope: dict, path: str) -> Response | None:
        if path.startswith(REFUSED_PREFIXES):
            return json_response(404, "file uploads are not accepted here")
        key = self.settings().api_key
        if not key or path in OPEN_PATHS or authorized(Headers(scope=scope), key):
            return None
        if wants_page(scope):
            return RedirectResponse(f"/login?next={quote(path)}", status_code=303)
        return json_response(401, MISSING_KEY, {"www-authenticate": "Bearer"})


def with_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


class ProxyTrust:
    """Forwarding headers count only from configured proxies: anyone else's are dropped before Gradio
    (which builds its URLs from X-Forwarded-Host) or uvicorn's ProxyHeadersMiddleware can read them."""

    def __init__(self, app: Any, trusted: list[str]) -> None:
        self.app = app
        self.networks = [ipaddress.ip_network(t, strict=False) for t in trusted]

    def trusts(self, host: str | None) -> bool:
        try:
            address = ipaddress.ip_address(host or "")
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            client = scope.get("client") or (None, None)
            if not self.trusts(client[0]):
                # In place, as the router does: outer middleware (metrics) reads what routing adds to it.
                scope["headers"] = [(k, v) for k, v in scope["headers"] if k.lower() not in FORWARDED]
        await self.app(scope, receive, send)


def secure(app: FastAPI, settings: Callable[[], Settings]) -> None:
    """Wrap the app, outermost first: CORS (only for listed origins), proxy trust, then the gate."""
    current = settings()
    app.add_middleware(Gate, settings=settings)
    trusted = current.trusted_proxy_list
    if trusted:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=trusted)
    app.add_middleware(ProxyTrust, trusted=trusted)
    if current.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=current.cors_origin_list,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["authorization", "content-type"],
        )
    app.include_router(login_routes(settings))


LOGIN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Session Assistant · sign in</title>
<style>
body {{font-family: ui-sans-serif, system-ui, "Segoe UI", Roboto, sans-serif; background: #f5f7fb; margin: 0;
  display: flex; min-height: 100vh; align-items: center; justify-content: center; color: #1f2937;}}
form {{background: #fff; padding: 2rem 2.2rem; border-radius: 12px; box-shadow: 0 4px 24px rgba(0,0,0,.08);
  width: min(360px, 90vw);}}
h1 {{font-size: 1.3rem; margin: 0 0 .3rem;}} p {{color: #6b7280; margin: 0 0 1.2rem; font-size: .92rem;}}
label {{display: block; font-size: .85rem; margin-bottom: .3rem;}}
input {{width: 100%; box-sizing: border-box; padding: .6rem .7rem; border: 1px solid #d1d5db; border-radius: 8px;
  font-size: 1rem;}}
button {{margin-top: 1rem; width: 100%; padding: .65rem; border: 0; border-radius: 8px; background: #2563eb;
  color: #fff; font-size: 1rem; cursor: pointer;}}
.error {{color: #b91c1c; margin-top: .8rem; font-size: .9rem;}}
</style></head>
<body><form method="post" action="/login">
<h1>Session Assistant</h1><p>This assistant is protected by an access key.</p>
<label for="key">Access key</label>
<input id="key" name="key" type="password" autocomplete="current-password" autofocus required>
<input type="hidden" name="next" value="{next}">
<button type="submit">Sign in</button>{error}
</form></body></html>"""


def local_path(target: str | None) -> str:
    """Only paths on this site: never an open redirect to another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def login_page(target: str, error: str = "") -> HTMLResponse:
    message = f'<div class="error" role="alert">{html.escape(error)}</div>' if error else ""
    body = LOGIN_PAGE.format(next=html.escape(local_path(target)), error=message)
    return HTMLResponse(body, status_code=401 if error else 200)


def login_routes(settings: Callable[[], Settings]) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/login")
    def login_form(next: str = "/") -> Response:
        if not settings().api_key:
            return RedirectResponse(local_path(next), status_code=303)
        return login_page(next)

    @router.post("/login")
    async def login(request: Request) -> Response:
        key = settings().api_key
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        target = local_path(form.get("next", ["/"])[0])
        if not key:
            return RedirectResponse(target, status_code=303)
        given = form.get("key", [""])[0]
        if not hmac.compare_digest(given.encode(), key.encode()):
            return login_page(target, "Wrong access key.")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            AUTH_COOKIE, page_token(key), httponly=True, samesite="strict", secure=request.url.scheme == "https"
        )
        return response

    @router.get("/logout")
    def logout() -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(AUTH_COOKIE)
        return response

    return router


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def exposure_warning(settings: Settings, host: str) -> str | None:
    """Said at start when the page and the API are open to a network, not just this machine."""
    if settings.api_key or is_loopback(host):
        return None
    return (
        f"warning: serving on {host} with no SESSION_ASSISTANT_API_KEY: the chat page and the API are open "
        "to anyone who can reach this address, and document uploads and deletes are refused. "
        "Set SESSION_ASSISTANT_API_KEY to require a key."
    )


def changes_refused(settings: Settings, host: str) -> str | None:
    """Why document changes (upload, delete) are refused, if they are: without a key, only a server that
    listens on loopback accepts them."""
    if settings.api_key or is_loopback(host):
        return None
    return (
        f"document changes are refused: the server listens on {host} with no SESSION_ASSISTANT_API_KEY; "
        "set a key (or listen on 127.0.0.1) to upload or delete documents"
    )
