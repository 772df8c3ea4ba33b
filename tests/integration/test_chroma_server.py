"""Chroma server mode: a real `chroma run` subprocess; ingest, answer, and survive the server going away."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.chat import ChatService
from assistant.ingestion import IngestionService
from assistant.runtime import Runtime
from tests.conftest import CORPUS, free_port
from ui.server import create_app

CHROMA = Path(shutil.which("chroma") or Path(__file__).resolve().parents[2] / ".venv" / "bin" / "chroma")


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("chroma run did not start")


@pytest.fixture
def chroma_server(tmp_path):
    if not CHROMA.exists():
        pytest.skip("the chroma CLI is not installed")
    port = free_port()
    holder = {"proc": start_chroma(tmp_path / "chroma", port), "port": port, "path": tmp_path / "chroma"}
    yield holder
    holder["proc"].terminate()
    holder["proc"].wait(timeout=30)


def test_ingest_and_answer_through_a_chroma_server(fresh_components, chroma_server, tmp_path):
    remote = fresh_components(tmp_path / "unused", chroma_host="127.0.0.1", chroma_port=chroma_server["port"])
    report = IngestionService(remote).ingest([CORPUS])
    assert report.embedded == report.chunks > 0
    assert not (tmp_path / "unused" / "chroma").exists()  # nothing went to the embedded store
    assert IngestionService(remote).ingest([CORPUS]).embedded == 0
    answer = ChatService(remote).answer("Vilka är de tre stegen i teamutvecklingen?")
    assert answer.sources[0].doc_id == "KT-19551.sv" and "15-20" in answer.answer


def test_server_going_away_is_a_503_and_recovery_follows(fresh_components, chroma_server, tmp_path):
    remote = fresh_components(tmp_path / "d", chroma_host="127.0.0.1", chroma_port=chroma_server["port"])
    settings = remote.settings
    IngestionService(remote).ingest([CORPUS])
    app = create_app(settings, Runtime(settings, remote), background_load=False)
    question = {"message": "What is the recommended governance cadence?"}
    with TestClient(app) as client:
        assert client.post("/api/chat", json=question).status_code == 200
        chroma_server["proc"].terminate()
        chroma_server["proc"].wait(timeout=30)
        down = client.post("/api/chat", json=question)
        assert down.status_code == 503 and "unavailable" in down.json()["error"]
        assert client.post("/api/chat/stream", json=question).status_code == 503
        assert client.get("/api/health").json()["status"] == "unavailable"
        chroma_server["proc"] = start_chroma(chroma_server["path"], chroma_server["port"])
        back = client.post("/api/chat", json=question)
        assert back.status_code == 200 and "Annual" in back.json()["answer"]
        assert client.get("/api/health").json()["status"] == "ok"


def test_ingestions_through_a_chroma_server_take_turns_by_lease(fresh_components, chroma_server, tmp_path):
    from assistant.ingest_lock import IngestionBusy, exclusive_ingestion, lease_name

    remote = fresh_components(
        tmp_path / "unused", chroma_host="127.0.0.1", chroma_port=chroma_server["port"], ingest_lock_timeout=1.0
    )
    messages: list[str] = []
    with exclusive_ingestion(remote.settings, lambda: remote.client, messages.append):
        assert lease_name(remote.settings) in {c.name for c in remote.client.list_collections()}
        with pytest.raises(IngestionBusy, match="Another ingestion"):
            IngestionService(remote, messages.append).ingest([CORPUS])
    assert any("waiting for another ingestion" in m for m in messages)
    report = IngestionService(remote).ingest([CORPUS])  # the lease was released: this one runs
    assert report.embedded == report.chunks > 0
    assert lease_name(remote.settings) not in {c.name for c in remote.client.list_collections()}
