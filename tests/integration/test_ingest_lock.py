"""One writer per index: concurrent ingestions end as one clean ingest; the second one waits, or gives up
with a clear error; a Chroma server's lease is taken over once its holder's lease expires."""

import shutil
import subprocess
import time

from assistant.ingest_lock import exclusive_ingestion, lease_name, take_lease
from assistant.ingestion import IngestionService
from assistant.store import stored_chunks
from tests.conftest import CORPUS

PAGE = CORPUS / "journey-optimizer" / "operating-model.en.md"


def start_ingest(settings, folder, **extra_env: str) -> subprocess.Popen:
    import os
    import sys

    from tests.conftest import ROOT

    env = dict(os.environ, SESSION_ASSISTANT_DATA_DIR=str(settings.data_dir),
               SESSION_ASSISTANT_CACHE_DIR=str(settings.cache_dir), **extra_env)  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "ingest", str(folder)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_two_ingestions_at_once_on_a_fresh_index_end_as_one_clean_ingest(fresh_components, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(CORPUS, first)
    shutil.copytree(CORPUS, second)
    edited = second / "journey-optimizer" / "operating-model.en.md"
    edited.write_text(PAGE.read_text().replace("Executive Sponsor", "Executive Champion"))
    racing = fresh_components()
    runs = [start_ingest(racing.settings, folder) for folder in (first, second)]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert not any("Traceback" in err for _, err in outputs)
    assert any("waiting for another ingestion" in err for _, err in outputs), outputs
    # Whichever ran second decides the shared page's content: never both versions side by side.
    waited = next(i for i, (_, err) in enumerate(outputs) if "waiting for another ingestion" in err)
    last = (first, second)[waited]
    clean = fresh_components(tmp_path / "clean")
    IngestionService(clean).ingest([last])
    assert set(stored_chunks(racing.collection())) == set(stored_chunks(clean.collection()))


def test_a_second_ingestion_waits_then_runs_or_gives_up_with_a_clear_error(fresh_components):
    components = fresh_components()
    settings = components.settings
    with exclusive_ingestion(settings, lambda: components.client, lambda _: None):
        patient = start_ingest(settings, CORPUS)
        assert "waiting for another ingestion" in patient.stderr.readline()
        impatient = start_ingest(settings, CORPUS, SESSION_ASSISTANT_INGEST_LOCK_TIMEOUT="1")
        _, err = impatient.communicate(timeout=120)
        assert impatient.returncode == 2 and "error: Another ingestion" in err and "Traceback" not in err
    out, err = patient.communicate(timeout=300)  # the lock is free: it runs to the end
    assert patient.returncode == 0, err
    assert "5 documents" in out


def test_a_lease_is_exclusive_until_it_expires(fresh_components):
    components = fresh_components()
    client, name = components.client, lease_name(components.settings)
    assert take_lease(client, name, "host-a:1", seconds=0.5) is None
    assert take_lease(client, name, "host-b:2", seconds=30) == "host-a:1"
    time.sleep(0.6)  # host-a died without releasing: its lease runs out
    assert take_lease(client, name, "host-b:2", seconds=30) is None
    assert take_lease(client, name, "host-a:1", seconds=30) == "host-b:2"
