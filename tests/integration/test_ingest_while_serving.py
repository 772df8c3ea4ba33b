"""Ingesting while the server runs: answers keep coming (no lock errors, no 5xx), and the new content is
answered once ingestion finishes, without a restart."""

import os
import shutil
import subprocess
import sys
import threading

from fastapi.testclient import TestClient

from assistant.ingestion import IngestionService
from assistant.runtime import Runtime
from tests.conftest import CORPUS, ROOT
from ui.server import create_app

NEW_PAGE = """---
title: Onboarding Analysts for CJA Success
solution: Customer Journey Analytics
jira: KT-90001
---

# Onboarding Analysts for CJA Success

A session on bringing new analysts into a Customer Journey Analytics program.

## Onboarding Buddy Programme

* **Buddy pairing** Every new analyst shadows a senior analyst for their first six weeks.
* **Sandbox access** New analysts explore a sandbox data view before touching production reports.
"""


def test_answers_continue_during_ingestion_and_new_content_follows(fresh_components, tmp_path):
    folder = tmp_path / "pages"
    shutil.copytree(CORPUS, folder)
    serving = fresh_components()
    settings = serving.settings
    IngestionService(serving).ingest([folder])
    (folder / "onboarding.en.md").write_text(NEW_PAGE)
    for page in folder.rglob("operating-model.*.md"):  # plenty to re-embed, so ingestion takes a while
        page.write_text(page.read_text() + "\n\nUpdated after the webinar.\n")

    app = create_app(settings, Runtime(settings, serving), background_load=False)
    statuses: list[int] = []
    with TestClient(app) as client:
        env = dict(os.environ, SESSION_ASSISTANT_DATA_DIR=str(settings.data_dir),
                   SESSION_ASSISTANT_CACHE_DIR=str(settings.cache_dir))  # fmt: skip
        ingest = subprocess.Popen(
            [sys.executable, "-m", "ui.cli", "ingest", str(folder)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        done = threading.Event()
        threading.Thread(target=lambda: (ingest.wait(), done.set()), daemon=True).start()
        while not done.is_set():
            r = client.post("/api/chat", json={"message": "Vilka är de tre stegen i teamutvecklingen?"})
            statuses.append(r.status_code)
        out, err = ingest.communicate()
        assert ingest.returncode == 0, err
        assert "1 embedded" not in out and " 0 embedded" not in out
        assert statuses and set(statuses) == {200}, statuses
        after = client.post("/api/chat", json={"message": "How long does a new analyst shadow a senior analyst?"})
        body = after.json()
        assert after.status_code == 200 and body["grounded"]
        assert body["sources"][0]["jira"] == "KT-90001" and "six weeks" in body["answer"]
