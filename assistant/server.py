"""One ASGI app: the Gradio chat page at /, the API under /api and /v1, OpenAPI docs at /docs."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant import __version__, api
from assistant.runtime import Runtime
from assistant.settings import Settings


def create_app(settings: Settings, runtime: Runtime | None = None, background_load: bool = True) -> FastAPI:
    runtime = runtime or Runtime(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runtime.start(background=background_load)
        yield

    app = FastAPI(
        title="Session Assistant",
        version=__version__,
        description="Grounded answers about Adobe customer success webinar sessions, in the asker's language.",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    api.install(app)
    mount_ui(app, runtime)
    return app


def mount_ui(app: FastAPI, runtime: Runtime) -> None:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    from ui.app import CSS, THEME, build_ui

    gr.mount_gradio_app(app, build_ui(runtime), path="/", theme=THEME, css=CSS, footer_links=["api"])


def serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    app = create_app(settings)
    print(f"Session Assistant: http://{host}:{port}/  (API docs: http://{host}:{port}/docs)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
