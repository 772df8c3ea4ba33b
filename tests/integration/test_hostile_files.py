"""Hostile files in a folder given to ingest: each skipped or handled with a clear line, the rest
ingested, the index intact."""

import os
import shutil

import pytest

from assistant.ingestion import IngestionService, stored_chunks
from tests.conftest import CORPUS


@pytest.fixture
def fresh(fresh_components):
    return fresh_components()


def test_hostile_folder(fresh, tmp_path):
    folder = tmp_path / "pages"
    shutil.copytree(CORPUS, folder)
    service = IngestionService(fresh)
    service.ingest([folder])
    before = stored_chunks(fresh.collection())

    hostile = folder / "hostile"
    hostile.mkdir()
    with (hostile / "huge.md").open("wb") as f:  # 50 MB
        f.write(b"---\ntitle: Huge\n---\n\n# Huge\n\n")
        f.write((b"governance " * 100 + b"\n") * 47_000)
    (hostile / "nul.md").write_bytes(b"---\ntitle: NUL\n---\n\n# T\n\nText\x00with NUL")
    deep = "\n".join(" " * (2 * i) + f"* level {i}" for i in range(400))
    (hostile / "deep.md").write_text(f"---\ntitle: Deep lists\njira: KT-DEEP\n---\n\n# Deep\n\n## Lists\n\n{deep}\n")
    many = "\n\n".join(f"## Heading {i}\n\nText {i}." for i in range(10_000))
    (hostile / "headings.md").write_text(f"---\ntitle: Headings\n---\n\n# Headings\n\n{many}\n")
    (hostile / "loop-a.md").symlink_to(hostile / "loop-b.md")
    (hostile / "loop-b.md").symlink_to(hostile / "loop-a.md")
    (hostile / "dir-loop").symlink_to(hostile, target_is_directory=True)
    os.mkfifo(hostile / "fifo.md")
    unreadable = hostile / "unreadable.md"
    unreadable.write_text("---\ntitle: Secret\n---\n\n# Secret\n\nText.")
    unreadable.chmod(0)

    report = service.ingest([folder])
    reasons = dict(report.skipped)
    assert "too large" in reasons[str(os.path.relpath(hostile / "huge.md"))]
    assert "binary" in reasons[os.path.relpath(hostile / "nul.md")]
    assert "too many headings" in reasons[os.path.relpath(hostile / "headings.md")]
    assert "symbolic link" in reasons[os.path.relpath(hostile / "loop-a.md")]
    assert "not a regular file" in reasons[os.path.relpath(hostile / "fifo.md")]
    if os.geteuid() != 0:  # root reads anything, so the permission case only exists for other users
        assert "permission" in reasons[os.path.relpath(unreadable)]
    after = stored_chunks(fresh.collection())
    assert set(before) <= set(after)  # the corpus is untouched
    deep_chunks = [m for m in after.values() if m["doc_id"] == "KT-DEEP.en"]
    assert deep_chunks  # deep nesting is handled, not skipped
    assert report.documents >= 6
