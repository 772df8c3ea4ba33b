"""Shared fixtures: the real model and a real Chroma index of corpus/, each built once per session."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
VRA_CORPUS = SHARED / "vra-corpus"
SEEDS = SHARED / "seeds"


def model_cache() -> Path:
    # Conversion takes ~20 s; keep it across test runs in the user's cache (or where CI says).
    return Path(os.environ.get("SESSION_ASSISTANT_CACHE_DIR", Path.home() / ".cache" / "session-assistant"))


@pytest.fixture(scope="session")
def make_settings(tmp_path_factory):
    from assistant.settings import Settings

    def make(**overrides) -> Settings:
        values = {"cache_dir": model_cache(), "data_dir": tmp_path_factory.mktemp("data")}
        values.update(overrides)
        return Settings(**values)

    return make


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def components(make_settings):
    from assistant.components import Components
    from assistant.logs import quiet_libraries

    quiet_libraries()
    return Components.build(make_settings())


@pytest.fixture
def fresh_components(components, make_settings, tmp_path):
    """Components that share the loaded model but keep an index of their own (empty at first)."""
    from assistant.components import Components

    def make(data_dir=None, **overrides):
        settings = make_settings(data_dir=data_dir or tmp_path / "data", **overrides)
        return Components(settings=settings, embedding=components.embedding)

    return make


@pytest.fixture(scope="session")
def corpus_index(components):
    """components with corpus/ ingested into its data dir."""
    from assistant.ingestion import IngestionService

    report = IngestionService(components).ingest([CORPUS])
    assert not report.skipped
    return components


@pytest.fixture(scope="session")
def chat(corpus_index):
    from assistant.chat import ChatService

    return ChatService(corpus_index)


@pytest.fixture
def vra_corpus() -> Path:
    if not VRA_CORPUS.is_dir():
        pytest.skip("../shared/vra-corpus is not present on this machine")
    return VRA_CORPUS


@contextmanager
def serving(components):
    """The real app for these components, served by uvicorn on a free loopback port in a thread."""
    import threading
    import time

    import uvicorn

    from assistant.runtime import Runtime
    from ui.server import create_app

    port = free_port()
    settings = components.settings
    app = create_app(settings, Runtime(settings, components), background_load=False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not server.started:
        if time.time() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(corpus_index):
    """The app over corpus/ (extractive answers); yields its base URL."""
    with serving(corpus_index) as url:
        yield url


@pytest.fixture(scope="session", params=["openai", "ollama"])
def fake_llm(request):
    """A loopback model server speaking the OpenAI or the Ollama protocol (see assistant/fake_llm_servers.py)."""
    from assistant.fake_llm_servers import FakeModelServer

    with FakeModelServer(request.param) as server:
        yield server


@pytest.fixture
def llm_components(fake_llm, corpus_index, make_settings):
    """Components over the corpus/ index (sharing its model and Chroma client) that answer through
    fake_llm; keyword arguments override settings. The fake starts each test healthy and empty."""
    from assistant.components import Components

    fake_llm.reset()

    def make(**overrides):
        values = {
            "data_dir": corpus_index.settings.data_dir,
            "llm": fake_llm.flavour,
            "llm_base_url": fake_llm.url,
            "llm_model": fake_llm.model,
            "llm_timeout": 5.0,
        }
        settings = make_settings(**(values | overrides))
        return Components(settings=settings, embedding=corpus_index.embedding, client=corpus_index.client)

    return make


LLM_VENV = ROOT / ".venv-llm"


@pytest.fixture(scope="session")
def llama_server():
    """A real llama.cpp server with Gemma 3 270M, as `make llm-server` runs it (installed by
    `make llm-install`, which CI runs); yields its OpenAI-compatible base URL."""
    import signal
    import subprocess
    import time

    import httpx

    if not (LLM_VENV / "ready").exists():
        if os.environ.get("CI"):
            pytest.fail("CI installs the model server (`make llm-install` in .ci/run): it is missing")
        pytest.skip("no local model server installed: run `make llm-install`")
    port = free_port()
    log = open(LLM_VENV / f"server-{port}.log", "wb")  # noqa: SIM115  # open for the server's lifetime
    server = subprocess.Popen(
        ["make", "-s", "llm-server", f"LLM_PORT={port}"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.time() + 180
        while True:
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"the model server did not start; see {log.name}")
            time.sleep(0.5)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


@pytest.fixture
def real_llm_components(llama_server, corpus_index, make_settings):
    """Components over the corpus/ index that answer through the real model server."""
    from assistant.components import Components

    def make(**overrides):
        values = {
            "data_dir": corpus_index.settings.data_dir,
            "llm": "openai",
            "llm_base_url": llama_server,
            "llm_model": "gemma-3-270m",
            "llm_max_tokens": 48,
            "llm_deadline": 30.0,
        }
        settings = make_settings(**(values | overrides))
        return Components(settings=settings, embedding=corpus_index.embedding, client=corpus_index.client)

    return make


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's), driven by Playwright: per module, as Playwright's loop stays running
    while it is open (anyio.run in the same thread would fail)."""
    if not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def ask_on_page(page, question: str, sources_heading: str) -> str:
    """Send a question and wait until a new answer has arrived complete (its sources are listed)."""
    answers = page.locator('#chat [data-testid="bot"]')
    before = answers.count()
    page.fill("#question textarea", question)
    page.click("#send")
    page.wait_for_function(
        """([n, heading]) => { const b = document.querySelectorAll('#chat [data-testid="bot"]');
           return b.length > n && b[b.length - 1].innerText.includes(heading); }""",
        arg=[before, sources_heading],
        timeout=60_000,
    )
    return answers.last.inner_text()
