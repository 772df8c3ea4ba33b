"""One ASGI app: the Gradio chat page at /, the API under /api and /v1, MCP at /mcp, OpenAPI docs at /docs."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from mcp.server.mcpserver import MCPServer

from assistant import __version__, api
from assistant.mcp_server import build_mcp
from assistant.metrics import RequestMetrics
from assistant.runtime import Runtime
from assistant.security import changes_refused, exposure_warning, secure
from assistant.settings import Settings


def create_app(
    settings: Settings, runtime: Runtime | None = None, background_load: bool = True, host: str = "127.0.0.1"
) -> FastAPI:
    """`host` is where the server listens: on loopback, /mcp also refuses requests naming another host
    (DNS rebinding protection, as the MCP SDK applies it)."""
    runtime = runtime or Runtime(settings)
    agents = build_mcp(runtime)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runtime.start(background=background_load)
        async with agents.session_manager.run():
            yield
        runtime.stop()

    app = FastAPI(
        title="Session Assistant",
        version=__version__,
        description="Grounded answers about Adobe customer success webinar sessions, in the asker's language.",
        lifespan=lifespan,
        docs_url=None,  # served below from the installed Swagger UI package: FastAPI's loads it from a CDN
        redoc_url=None,
    )
    app.state.runtime = runtime
    app.state.host = host  # document changes without a key only on loopback (assistant.security)
    api.install(app)
    mount_mcp(app, agents, host)
    if settings.docs:
        mount_docs(app)
    secure(app, lambda: runtime.settings)
    app.add_middleware(RequestMetrics, metrics=runtime.metrics)  # outermost: refused requests count too
    mount_ui(app, runtime, changes_refused(settings, host))
    return app


def mount_mcp(app: FastAPI, agents: MCPServer, host: str) -> None:
    """Streamable HTTP at /mcp; its routes join the app's, so the key gate and the body limit cover them.
    Stateless: every request stands alone, so any number of agents cost no server-side sessions."""
    transport = agents.streamable_http_app(streamable_http_path="/mcp", stateless_http=True, host=host)
    app.router.routes.extend(transport.routes)


def mount_docs(app: FastAPI) -> None:
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs/assets", StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} · API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )


def mount_ui(app: FastAPI, runtime: Runtime, refused: str | None) -> None:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from ui.app import CSS, THEME, build_ui
    from ui.documents_tab import CSS as DOCUMENTS_CSS
    from ui.documents_tab import UPLOAD_JS

    page = build_ui(runtime, refused)
    # Gradio keeps each conversation's state in memory, 10,000 of them by default: bound it.
    page.state_session_capacity = runtime.settings.page_sessions
    gr.mount_gradio_app(
        app, page, path="/", theme=THEME, css=CSS + DOCUMENTS_CSS, footer_links=["api"],
        head=None if refused else UPLOAD_JS,
    )  # fmt: skip


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """glibc gives threads that allocate at once arenas of their own (up to 8 per core) and rarely returns
    their memory: under load the server held ~100 MB more for it (RSS 876-911 vs 772-805 MB, answers/s
    within the run-to-run noise). Linux with glibc only; elsewhere nothing changes."""
    import ctypes
    import ctypes.util

    if sys.platform != "linux" or not (name := ctypes.util.find_library("c")):
        return False
    try:
        return bool(ctypes.CDLL(name).mallopt(-8, arenas))  # -8: M_ARENA_MAX (malloc.h)
    except (OSError, AttributeError):  # a C library without mallopt (musl)
        return False


def serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    limit_malloc_arenas()  # before the worker threads start allocating

    app = create_app(settings, host=host)
    if warning := exposure_warning(settings, host):
        print(warning, file=sys.stderr, flush=True)
    print(f"Session Assistant: http://{host}:{port}/  (API docs: /docs, MCP: /mcp)", flush=True)
    # Forwarding headers are handled by assistant.security (from configured proxies only).
    # Keep idle connections longer than clients do (httpx and others expire theirs at 5 s, uvicorn's own
    # default): otherwise a client may reuse a connection the server is closing, and its request fails.
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False, timeout_keep_alive=30)
