"""The index a server follows: rebuilds swapped in while it answers (no 5xx), views that release their
threads and files, and a server started before its index exists that starts answering once it does."""

import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter

from fastapi.testclient import TestClient

from assistant.ingestion import IngestionService
from assistant.runtime import Runtime
from tests.conftest import CORPUS, ROOT
from tests.integration.test_chroma_server import start_chroma
from ui.server import create_app

QUESTION = "Vilka är de tre stegen i teamutvecklingen?"
BUMP = """import sys, chromadb
from chromadb.config import Settings
from assistant.store import bump_revision
client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
bump_revision(client.get_collection("sessions"))
"""


def cli(settings, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SESSION_ASSISTANT_DATA_DIR=str(settings.data_dir),
               SESSION_ASSISTANT_CACHE_DIR=str(settings.cache_dir))  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_two_rebuilds_while_serving_never_answer_5xx(fresh_components, tmp_path):
    serving = fresh_components()
    settings = serving.settings
    IngestionService(serving).ingest([CORPUS])
    app = create_app(settings, Runtime(settings, serving), background_load=False)
    statuses: list[tuple[str, int]] = []
    done = threading.Event()
    with TestClient(app) as client:
        revision = client.app.state.runtime.chat.index.view.revision

        def traffic() -> None:
            while not done.is_set():
                for path, body in (("/api/chat", {"message": QUESTION}), ("/api/health", None)):
                    r = client.post(path, json=body) if body else client.get(path)
                    statuses.append((path, r.status_code))

        worker = threading.Thread(target=traffic)
        worker.start()
        try:
            for _ in range(2):
                rebuilt = cli(settings, "ingest", "--rebuild", str(CORPUS))
                assert rebuilt.returncode == 0, rebuilt.stderr
                time.sleep(0.5)  # let requests meet the new collection
        finally:
            done.set()
            worker.join()
        failures = [s for s in statuses if s[1] >= 500]
        assert not failures and len(statuses) > 10, failures[:5]
        after = client.post("/api/chat", json={"message": QUESTION}).json()
        assert after["grounded"] and "2-3" in after["answer"]
        assert client.get("/api/health").json()["status"] == "ok"
        assert client.app.state.runtime.chat.index.view.revision != revision


def resources() -> tuple[int, int]:
    return len(os.listdir("/proc/self/task")), len(os.listdir("/proc/self/fd"))


def thread_names() -> Counter[str]:
    return Counter(t.name for t in threading.enumerate())


def open_files_under(folder) -> int:
    paths = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            paths.append(os.path.realpath(f"/proc/self/fd/{fd}"))
        except OSError:
            continue
    return sum(1 for p in paths if p.startswith(str(folder.resolve())))


def test_reopening_after_content_changes_releases_threads_and_files(fresh_components, tmp_path):
    folder = tmp_path / "pages"
    shutil.copytree(CORPUS, folder)
    serving = fresh_components()
    IngestionService(serving).ingest([folder])
    runtime = Runtime(serving.settings, serving)
    runtime.start(background=False)
    page = folder / "journey-optimizer" / "operating-model.en.md"
    original = page.read_text()

    def change(n: int) -> None:
        page.write_text(original + f"\n\nRevision note {n}.\n")
        if n % 3 == 0:  # a real ingestion now and then; otherwise another process moves the revision (cheaper)
            assert cli(serving.settings, "ingest", str(folder)).returncode == 0
        else:
            subprocess.run([sys.executable, "-c", BUMP, str(serving.settings.chroma_dir)], check=True, timeout=60)
        before = runtime.chat.index.view
        assert runtime.chat.answer(QUESTION).grounded  # the request that notices the change reopens
        assert runtime.chat.index.view is not before and before.closed

    for n in range(2):  # warm-up: lazy imports and pools settle
        change(n)
    threads, files = resources()
    named = thread_names()
    index_files = open_files_under(serving.settings.data_dir)
    for n in range(2, 12):
        change(n)
    # The message names the Python threads that appeared (native ones, ONNX's or Chroma's, show in the count only).
    assert resources()[0] <= threads + 2, (threads, resources(), thread_names() - named)
    assert resources()[1] <= files + 3, (files, resources())
    # A leak holds the index's files once per reopening (10 here); segment files may come and go by one or two.
    assert open_files_under(serving.settings.data_dir) <= index_files + 2
    runtime.stop()


def wait_for_status(client: TestClient, wanted: str, seconds: float = 30) -> dict:
    deadline = time.time() + seconds
    while time.time() < deadline:
        health = client.get("/api/health").json()
        if health["status"] == wanted:
            return health
        time.sleep(0.2)
    raise AssertionError(f"health never said {wanted!r}: {health}")


def test_a_server_started_before_its_index_answers_once_it_is_ingested(fresh_components):
    serving = fresh_components()  # an empty data directory
    settings = serving.settings
    with TestClient(create_app(settings, Runtime(settings, serving), background_load=True)) as client:
        health = wait_for_status(client, "unavailable")
        assert "Run `session-assistant ingest`" in health["error"]
        r = client.post("/api/chat", json={"message": QUESTION})
        assert r.status_code == 503 and "ingest" in r.json()["error"]
        IngestionService(fresh_components(settings.data_dir)).ingest([CORPUS])
        wait_for_status(client, "ok")
        assert client.post("/api/chat", json={"message": QUESTION}).json()["grounded"]


def test_a_server_started_before_its_chroma_server_recovers(fresh_components, tmp_path):
    from tests.conftest import free_port
    from tests.integration.test_chroma_server import CHROMA

    if not CHROMA.exists():
        import pytest

        pytest.skip("the chroma CLI is not installed")
    port = free_port()
    remote = fresh_components(tmp_path / "unused", chroma_host="127.0.0.1", chroma_port=port)
    settings = remote.settings
    with TestClient(create_app(settings, Runtime(settings, remote), background_load=True)) as client:
        health = wait_for_status(client, "unavailable")
        assert health["error"]
        chroma = start_chroma(tmp_path / "chroma", port)
        try:
            IngestionService(fresh_components(tmp_path / "unused", chroma_host="127.0.0.1", chroma_port=port)).ingest(
                [CORPUS]
            )
            wait_for_status(client, "ok")
            assert client.post("/api/chat", json={"message": QUESTION}).json()["grounded"]
        finally:
            chroma.terminate()
            chroma.wait(timeout=30)


def test_stopping_waits_for_the_loader_and_the_upload_worker(fresh_components):
    """A thread still inside Chroma's Rust client when the interpreter exits crashes the process (SIGSEGV,
    about every other run of test_uploads.py alone before this): stop() returns only once neither the loader
    retrying an empty index nor the upload worker is running."""
    serving = fresh_components()  # an empty data directory: the loader keeps retrying
    runtime = Runtime(serving.settings, serving)
    before = set(threading.enumerate())  # other tests' servers may have left workers of the same names
    runtime.start(background=True)
    deadline = time.monotonic() + 60
    while runtime.status() == "starting" and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = [t for t in set(threading.enumerate()) - before if t.name in ("load-services", "ingestion-jobs")]
    assert {t.name for t in workers} == {"load-services", "ingestion-jobs"}, workers
    runtime.stop()
    assert not [t for t in workers if t.is_alive()]
