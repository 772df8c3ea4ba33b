"""Ingestion into a real Chroma index: idempotent, incremental, prunable, and safe on bad input."""

import hashlib
import shutil
from pathlib import Path

import pytest

from assistant.chat import ChatService
from assistant.components import Components
from assistant.errors import IndexModelMismatch
from assistant.ingestion import IngestionService, stored_chunks
from assistant.retrieval import Retriever
from assistant.store import collection_names, open_collection, read_chunks, units_name
from ingest.metadata import ChunkMeta
from ingest.units import UnitMeta
from tests.conftest import CORPUS


@pytest.fixture
def fresh(fresh_components):
    return fresh_components()


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_second_ingest_embeds_and_writes_nothing(fresh, corpus_copy):
    service = IngestionService(fresh)
    first = service.ingest([corpus_copy])
    assert (first.documents, first.embedded, first.skipped) == (5, first.chunks, [])
    assert first.chunks >= 15
    before = tree_digest(fresh.settings.chroma_dir)
    second = service.ingest([corpus_copy])
    assert (second.embedded, second.deleted) == (0, 0)
    assert tree_digest(fresh.settings.chroma_dir) == before


def test_a_changed_document_replaces_only_its_own_chunks(fresh, corpus_copy):
    service = IngestionService(fresh)
    service.ingest([corpus_copy])
    collection = fresh.collection()
    before = stored_chunks(collection)
    page = corpus_copy / "journey-optimizer" / "operating-model.en.md"
    page.write_text(page.read_text().replace("Annual strategy workshops", "Biannual strategy summits"))
    report = service.ingest([corpus_copy])
    assert (report.embedded, report.deleted) == (1, 1)
    after = stored_chunks(collection)
    changed = set(before) ^ set(after)
    assert {after.get(i, before.get(i))["doc_id"] for i in changed} == {"KT-19551.en"}
    answer = ChatService(fresh).answer("What is the recommended governance cadence?")
    assert "Biannual strategy summits" in answer.answer


def test_removed_documents_are_deleted_only_with_prune(fresh, corpus_copy):
    service = IngestionService(fresh)
    service.ingest([corpus_copy])
    (corpus_copy / "customer-journey-analytics" / "operating-model.sv.md").unlink()
    kept = service.ingest([corpus_copy])
    assert kept.deleted == 0
    assert any(m["doc_id"] == "KT-18694.sv" for m in stored_chunks(fresh.collection()).values())
    pruned = service.ingest([corpus_copy], prune=True)
    assert pruned.deleted > 0 and pruned.embedded == 0
    assert not any(m["doc_id"] == "KT-18694.sv" for m in stored_chunks(fresh.collection()).values())


def test_a_failure_half_way_leaves_the_previous_index_answering(fresh, corpus_copy, monkeypatch):
    service = IngestionService(fresh)
    service.ingest([corpus_copy])
    before = stored_chunks(fresh.collection())
    page = corpus_copy / "journey-optimizer" / "operating-model.en.md"
    page.write_text(page.read_text().replace("Annual strategy workshops", "Biannual strategy summits"))

    def broken(*args, **kwargs):
        raise RuntimeError("embedding backend died")

    monkeypatch.setattr(type(fresh.embedding), "_get_text_embeddings", broken)
    with pytest.raises(RuntimeError):
        service.ingest([corpus_copy])
    monkeypatch.undo()
    assert stored_chunks(fresh.collection()) == before
    answer = ChatService(fresh).answer("What is the recommended governance cadence?")
    assert "Annual strategy workshops" in answer.answer


def test_rebuild_swaps_in_a_complete_new_index(fresh, corpus_copy):
    service = IngestionService(fresh)
    service.ingest([corpus_copy])
    ids = set(stored_chunks(fresh.collection()))
    report = service.ingest([corpus_copy], rebuild=True)
    assert report.embedded == len(ids)
    assert set(stored_chunks(fresh.collection())) == ids


def test_opening_with_another_model_asks_to_reingest(fresh, corpus_copy):
    IngestionService(fresh).ingest([corpus_copy])
    with pytest.raises(IndexModelMismatch, match="Re-ingest"):
        open_collection(fresh.client, fresh.settings, "intfloat/multilingual-e5-large", lambda: 1024)


def test_bad_files_are_skipped_and_the_rest_ingested(fresh, corpus_copy, tmp_path, capsys, monkeypatch):
    from ui import cli

    bad = corpus_copy / "bad"
    bad.mkdir()
    (bad / "empty.md").write_text("")
    (bad / "latin1.md").write_bytes("---\ntitle: Caf\xe9\n---\n\n# Café\n\nText".encode("latin-1"))
    (bad / "binary.md").write_bytes(b"\x00\x01\x02PNG" * 50)
    (bad / "yaml.md").write_text("---\ntitle: [oops\n---\n\n# T\n\nBody")
    (bad / "nobody.md").write_text("---\ntitle: Nothing here\njira: KT-1\n---\n")
    monkeypatch.setenv("SESSION_ASSISTANT_DATA_DIR", str(fresh.settings.data_dir))
    monkeypatch.setenv("SESSION_ASSISTANT_CACHE_DIR", str(fresh.settings.cache_dir))
    monkeypatch.setattr(Components, "build", classmethod(lambda cls, settings: fresh))
    code = cli.main(["ingest", str(corpus_copy)])
    out, err = capsys.readouterr()
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("skipped ")]
    assert len(lines) == 5
    for name, reason in [("empty.md", "empty"), ("latin1.md", "UTF-8"), ("binary.md", "binary"),
                         ("yaml.md", "YAML"), ("nobody.md", "no body")]:  # fmt: skip
        assert any(name in line and reason in line for line in lines), (name, lines)
    assert "5 documents" in out and "5 skipped" in out
    assert cli.main(["ingest", str(CORPUS)]) == 0  # a clean folder exits 0


def test_whole_vra_corpus_ingests_without_skips(fresh, vra_corpus):
    report = IngestionService(fresh).ingest([vra_corpus])
    assert report.skipped == [] and report.duplicates == []
    assert report.documents == 56
    languages = {m["language"] for m in stored_chunks(fresh.collection()).values()}
    assert {"ja", "ko", "zh", "sv", "de", "it"} <= languages


def test_two_files_for_one_session_and_language_are_an_error_naming_both(fresh, corpus_copy, tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    IngestionService(fresh).ingest([corpus_copy])
    before = {k: v for k, v in stored_chunks(fresh.collection()).items() if v["doc_id"] == "KT-19551.en"}
    original = corpus_copy / "journey-optimizer" / "operating-model.en.md"
    copy = corpus_copy / "journey-optimizer" / "operating-model-copy.en.md"
    copy.write_text(original.read_text().replace("Executive Sponsor", "Someone Else"))
    original.write_text(original.read_text() + "\n\nEdited too.\n")
    env = dict(os.environ, SESSION_ASSISTANT_DATA_DIR=str(fresh.settings.data_dir),
               SESSION_ASSISTANT_CACHE_DIR=str(fresh.settings.cache_dir))  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ingest", str(corpus_copy)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 1
    error = next(line for line in run.stderr.splitlines() if line.startswith("error:"))
    assert "operating-model.en.md" in error and "operating-model-copy.en.md" in error and "KT-19551.en" in error
    after = {k: v for k, v in stored_chunks(fresh.collection()).items() if v["doc_id"] == "KT-19551.en"}
    assert after == before  # the index keeps its copy of that session


def test_the_working_directory_does_not_change_what_is_stored(fresh, corpus_copy, tmp_path, monkeypatch):
    service = IngestionService(fresh)
    monkeypatch.chdir(corpus_copy.parent)
    first = service.ingest([Path("corpus")])
    paths = {m["source_path"] for m in stored_chunks(fresh.collection()).values()}
    assert "journey-optimizer/operating-model.sv.md" in paths
    monkeypatch.chdir(corpus_copy / "journey-optimizer")
    again = service.ingest([corpus_copy.resolve()])
    assert first.embedded > 0 and (again.embedded, again.deleted) == (0, 0)


def test_identical_copies_of_a_page_in_two_folders_are_one_page(fresh, corpus_copy, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(corpus_copy / "journey-optimizer" / "operating-model.en.md", other / "ajo-s3.md")
    report = IngestionService(fresh).ingest([corpus_copy, other])
    assert (report.documents, report.duplicates) == (5, [])


def units_by_chunk(components: Components) -> dict[str, set[str]]:
    units = components.client.get_collection(units_name(components.settings.collection), embedding_function=None)
    found: dict[str, set[str]] = {}
    for unit_id, _, meta in read_chunks(units, ["metadatas"]):
        found.setdefault(UnitMeta.model_validate(meta).chunk_id, set()).add(unit_id)
    return found


def test_every_chunk_has_its_units_and_only_stored_chunks_have_units(fresh, corpus_copy):
    service = IngestionService(fresh)
    first = service.ingest([corpus_copy])
    chunks = set(stored_chunks(fresh.collection()))
    assert set(units_by_chunk(fresh)) == chunks and first.units_embedded > first.chunks
    assert service.ingest([corpus_copy]).units_embedded == 0  # unchanged content: nothing to embed
    page = corpus_copy / "journey-optimizer" / "operating-model.en.md"
    page.write_text(page.read_text().replace("Annual strategy workshops", "Biannual strategy summits"))
    changed = service.ingest([corpus_copy])
    assert 0 < changed.units_embedded < first.units_embedded
    assert set(units_by_chunk(fresh)) == set(stored_chunks(fresh.collection()))  # the old chunk's units went


def test_missing_units_are_written_by_the_next_ingestion_and_served_after_it(fresh, corpus_copy):
    service = IngestionService(fresh)
    service.ingest([corpus_copy])
    fresh.client.delete_collection(units_name(fresh.settings.collection))  # an index from before units
    chat = ChatService(fresh)
    assert chat.index.view.retriever.units is None
    assert chat.answer("How big should an embedded team be?").grounded  # answered from the chunks alone
    healed = service.ingest([corpus_copy])
    assert healed.embedded == 0 and healed.units_embedded > 0
    assert set(units_by_chunk(fresh)) == set(stored_chunks(fresh.collection()))
    answer = chat.answer("How big should an embedded team be?")  # the revision moved: the view has units
    assert chat.index.view.retriever.units is not None and "15-20" in answer.answer


def test_a_rebuild_swaps_the_units_with_the_chunks(fresh, corpus_copy):
    service = IngestionService(fresh)
    service.ingest([corpus_copy])
    before = units_by_chunk(fresh)
    service.ingest([corpus_copy], rebuild=True)
    assert units_by_chunk(fresh) == before  # same content, same ids
    names = collection_names(fresh.client)
    assert not [n for n in names if "rebuild" in n or "retired" in n], names


def held_and_queried(fresh, corpus_copy, monkeypatch, limit: str, held: str) -> tuple[Retriever, Retriever]:
    """Two views of one index: one holding in memory what `limit` bounds (its `held` property), one asking
    Chroma for it."""
    import assistant.retrieval as retrieval

    IngestionService(fresh).ingest([corpus_copy])
    resident = ChatService(fresh).retriever
    assert getattr(resident, held) is not None  # read now: a view reads it once, at first use
    monkeypatch.setattr(retrieval, limit, 0)  # as for an index too large to hold
    queried = ChatService(fresh).retriever
    assert getattr(queried, held) is None
    return resident, queried


def test_units_held_in_memory_and_units_asked_of_chroma_agree(fresh, corpus_copy, monkeypatch):
    resident, queried = held_and_queried(fresh, corpus_copy, monkeypatch, "RESIDENT_UNITS", "resident")
    question = resident.embed("Vilka roller behövs?")
    for where in ({}, {"solution": "Customer Journey Analytics"}, {"language": ["de", "it"], "jira": "KT-19551"}):
        near = [
            (u.chunk_id, u.position, round(u.cosine, 5), round(u.hub, 3))
            for u in resident.units_near(question, 8, where)
        ]
        asked = [
            (u.chunk_id, u.position, round(u.cosine, 5), round(u.hub, 3))
            for u in queried.units_near(question, 8, where)
        ]
        assert near == asked and len(near) == 8
    assert {u.language for u in resident.units_near(question, 20, {"language": ["de", "it"]})} == {"de", "it"}
    best = resident.units_near(question, 1, {})[0]
    doc_id = ChunkMeta.of(fresh.collection().get(ids=[best.chunk_id])["metadatas"][0]).doc_id  # type: ignore[index]
    assert (best.chunk_id, best.position) in {(u.chunk_id, u.position) for u in resident.page_units(doc_id, question)}


def test_chunks_held_in_memory_and_chunks_asked_of_chroma_agree(fresh, corpus_copy, monkeypatch):
    resident, queried = held_and_queried(fresh, corpus_copy, monkeypatch, "RESIDENT_CHUNKS", "resident_chunks")
    question = resident.embed("Vilka roller behövs i ett CJA-team?")
    filters: list[dict] = [
        {},
        {"solution": "Customer Journey Analytics"},
        {"language": ["de", "it"], "jira": "KT-19551"},
        {"jira": "KT-19551", "session": None},  # a field without a value filters nothing, as in Chroma
    ]
    for where in filters:
        near = [(h.node.node_id, round(h.score, 5)) for h in resident.dense_hits(question, 6, where)]
        asked = [(h.node.node_id, round(h.score, 5)) for h in queried.dense_hits(question, 6, where)]
        assert near == asked and near, where


def test_the_ingestion_that_changes_content_saves_its_bm25_index_and_servers_load_it(
    fresh, corpus_copy, monkeypatch, caplog
):
    from assistant.lexical import KEEP_REVISIONS, LexicalIndex
    from assistant.store import revision_of

    service = IngestionService(fresh)
    service.ingest([corpus_copy])
    saved = fresh.settings.lexical_dir
    assert (saved / revision_of(fresh.collection()) / "state.json").exists()
    built = []
    original = LexicalIndex.from_collection
    monkeypatch.setattr(LexicalIndex, "from_collection", classmethod(lambda cls, c: built.append(c) or original(c)))
    chat = ChatService(fresh)
    assert "15-20" in chat.answer("Wie groß ist ein eingebettetes Team?").answer
    assert built == []  # loaded from the ingestion's file, not rebuilt from Chroma
    page = corpus_copy / "journey-optimizer" / "operating-model.en.md"
    page.write_text(page.read_text().replace("Annual strategy workshops", "Biannual zeppelinfest summits"))
    service.ingest([corpus_copy])
    assert len(built) == 1  # the ingestion built it, once…
    built.clear()
    assert "zeppelinfest" in chat.answer("What is the recommended governance cadence?").answer  # the new revision
    assert chat.retriever.lexical.get().search(["zeppelinfest"], 3)  # its BM25 index has the new word…
    assert built == []  # …and the serving side loaded the file it saved
    for n in range(KEEP_REVISIONS + 2):  # old revisions' files are dropped, a few kept for views still on them
        page.write_text(page.read_text().replace("Biannual", f"Biannual {n}"))
        service.ingest([corpus_copy])
    assert len(list(saved.iterdir())) == KEEP_REVISIONS + 1
    # A damaged file is rebuilt from Chroma, with a warning, and the answer is the same.
    state = saved / revision_of(fresh.collection()) / "state.json"
    state.write_bytes(state.read_bytes()[:100])
    built.clear()
    rebuilt = ChatService(fresh)
    assert "zeppelinfest" in rebuilt.answer("What is the recommended governance cadence?").answer
    assert rebuilt.retriever.lexical.get().search(["zeppelinfest"], 3)
    assert len(built) == 1 and "unreadable" in caplog.text
