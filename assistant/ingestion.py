"""Ingestion service: parse, chunk, embed what changed, and bring the Chroma collection up to date.

Chroma is the only record of what is indexed. Chunk ids are derived from content, so the difference
between the chunks we want and the ids Chroma holds says exactly what to embed and what to delete.
(LlamaIndex's docstore-based upserts would add a second store that a crash can leave out of step.)
New chunks are written before stale ones are deleted, so a run that dies half-way leaves the previous
content answering, and the next run finishes the job.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from llama_index.core.schema import BaseNode, MetadataMode

from assistant.components import Components
from assistant.ingest_lock import exclusive_ingestion
from assistant.lexical import persist
from assistant.store import (
    bump_revision,
    collection_names,
    new_collection,
    read_chunks,
    revision_of,
    same_model,
    stored_chunks,
    units_name,
    vector_store,
)
from ingest.chunking import chunk_documents
from ingest.documents import (
    PageFile,
    SessionPage,
    SkipFile,
    display_path,
    find_pages,
    parse_page,
    uploaded_files,
)
from ingest.language import base_language
from ingest.metadata import ChunkMeta
from ingest.units import embed_text, unit_id, unit_metadata, units

log = logging.getLogger(__name__)
WRITE_BATCH = 256
EMBED_BATCH = 64
REBUILD_SUFFIX = "-rebuild"
RETIRED_SUFFIX = "-retired-"


@dataclass
class IngestReport:
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    deleted: int = 0
    units_embedded: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    not_rebuilt: str = ""  # why a rebuild was refused, leaving the index as it was
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.skipped or self.duplicates or self.not_rebuilt)

    def summary(self) -> str:
        return (
            f"{self.documents} documents, {self.chunks} chunks, {self.embedded} embedded, "
            f"{self.deleted} deleted, {self.units_embedded} units embedded, {len(self.skipped)} skipped, "
            f"{len(self.duplicates)} duplicated in {self.seconds:.1f} s"
        )


class IngestionService:
    def __init__(
        self,
        components: Components,
        progress: Callable[[str], None] | None = None,
        embedded: Callable[[int, int], None] | None = None,
    ) -> None:
        self.components = components
        self.settings = components.settings
        self.progress = progress or (lambda message: log.info("%s", message))
        self.embedded = embedded or (lambda done, total: None)  # chunks embedded so far, of how many

    def read_pages(
        self, files: list[PageFile], problems: list[tuple[Path, str]], report: IngestReport
    ) -> list[SessionPage]:
        report.skipped.extend((display_path(p), reason) for p, reason in problems)
        pages: dict[str, list[SessionPage]] = {}
        for file in files:
            try:
                page = parse_page(file.path, file.stored, file.fields)
            except SkipFile as exc:
                report.skipped.append((display_path(file.path), str(exc)))
                continue
            pages.setdefault(page.doc_id, []).append(page)
        unique = []
        for doc_id, versions in pages.items():
            if len({same_content(v) for v in versions}) == 1:  # copies of one page (two folders) agree
                unique.append(versions[0])
                continue
            # Which one is right is for a person to say: neither replaces what the index holds.
            named = " and ".join(display_path(v.path) for v in versions)
            reason = f"both are session {doc_id}; keep one (the index keeps its current copy)"
            report.duplicates.append((named, reason))
        report.documents = len(unique)
        return unique

    def chunk(self, pages: list[SessionPage]) -> list[BaseNode]:
        documents = [page.document for page in pages]
        return chunk_documents(documents, self.components.tokenize, self.settings.max_chunk_tokens)

    def embed(self, nodes: list[BaseNode]) -> None:
        for start in range(0, len(nodes), EMBED_BATCH):  # in batches, so progress can be told
            batch = nodes[start : start + EMBED_BATCH]
            texts = [node.get_content(MetadataMode.EMBED) for node in batch]
            vectors = self.components.embedding.get_text_embedding_batch(texts)
            for node, vector in zip(batch, vectors, strict=True):
                node.embedding = vector
            self.embedded(start + len(batch), len(nodes))

    def ingest(self, paths: list[Path], prune: bool = False, rebuild: bool = False) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        files, problems = find_pages(paths, follow_links=self.settings.ingest_follow_links)
        files += uploaded_files(self.settings.uploads_dir)  # uploads are content too: kept by prune, rebuilt
        pages = self.read_pages(files, problems, report)
        nodes = self.chunk(pages)
        report.chunks = len(nodes)
        with exclusive_ingestion(self.settings, lambda: self.components.client, self.progress):
            restore_interrupted_swap(self.components.client, self.settings.collection)
            if rebuild and report.duplicates:
                report.not_rebuilt = "duplicate sessions would vanish from the new index; fix them first"
            elif rebuild:
                self.rebuild(nodes, report)
            else:
                collection = self.components.collection(create=True)
                listed = {f.stored for f in files}
                self.update(collection, nodes, pages, listed, prune, report)
        report.seconds = time.perf_counter() - started
        return report

    def ingest_pages(self, pages: list[SessionPage]) -> dict[str, str]:
        """Add or replace these pages (an upload's), nothing else; each doc_id's outcome: added, updated or
        unchanged. New chunks are written before the page's old ones go, as for `ingest`."""
        report = IngestReport(documents=len(pages))
        nodes = self.chunk(pages)
        with exclusive_ingestion(self.settings, lambda: self.components.client, self.progress):
            collection = self.components.collection(create=True)
            stored = stored_chunks(collection)
            before: dict[str, set[str]] = {}
            for chunk_id, raw in stored.items():
                if (meta := ChunkMeta.maybe(raw)) is not None:
                    before.setdefault(meta.doc_id, set()).add(chunk_id)
            after: dict[str, set[str]] = {}
            for node in nodes:
                after.setdefault(ChunkMeta.of(node.metadata).doc_id, set()).add(node.node_id)
            self.update(collection, nodes, pages, set(), False, report, stored)
        outcomes = {}
        for page in pages:
            old, new = before.get(page.doc_id, set()), after.get(page.doc_id, set())
            outcomes[page.doc_id] = "added" if not old else "unchanged" if old == new else "updated"
        return outcomes

    def delete_document(self, doc_id: str) -> int:
        """Remove a document's chunks (and their units); how many chunks went."""
        with exclusive_ingestion(self.settings, lambda: self.components.client, self.progress):
            collection = self.components.collection(create=False)
            ids = collection.get(where={"doc_id": doc_id}, include=[])["ids"]
            for start in range(0, len(ids), WRITE_BATCH):
                collection.delete(ids=ids[start : start + WRITE_BATCH])
            if ids:
                self.sync_units(collection, IngestReport())
                self.revised(collection)
        return len(ids)

    def update(
        self,
        collection: Collection,
        nodes: list[BaseNode],
        pages: list[SessionPage],
        listed: set[str],
        prune: bool,
        report: IngestReport,
        stored: dict[str, dict] | None = None,
    ) -> None:
        """`stored`: the collection's chunk metadata, when the caller has just read it (read once, not twice)."""
        stored = stored_chunks(collection) if stored is None else stored
        wanted = {node.node_id for node in nodes}
        new = [node for node in nodes if node.node_id not in stored]
        if new:
            self.progress(f"embedding {len(new)} new chunks")
            self.embed(new)
            self.progress(f"writing {len(new)} chunks")
            self.write(collection, new)
        report.embedded = len(new)
        ingested_docs = {page.doc_id for page in pages}
        stale = [
            chunk_id
            for chunk_id, meta in ((i, ChunkMeta.of(m)) for i, m in stored.items())
            if chunk_id not in wanted and (meta.doc_id in ingested_docs or (prune and meta.source_path not in listed))
        ]
        for start in range(0, len(stale), WRITE_BATCH):
            collection.delete(ids=stale[start : start + WRITE_BATCH])
        report.deleted = len(stale)
        units_changed = self.sync_units(collection, report)
        if new or stale or units_changed:
            self.revised(collection)

    def revised(self, collection: Collection) -> None:
        """Mark the content as changed, and save its BM25 index for that revision: serving processes load
        it instead of re-reading and re-tokenising every chunk (seconds at 100k chunks)."""
        self.save_lexical(collection, bump_revision(collection))

    def save_lexical(self, collection: Collection, revision: str) -> None:
        self.progress("saving the BM25 index")
        persist(collection, self.settings.lexical_dir, revision)

    def sync_units(self, collection: Collection, report: IngestReport) -> bool:
        """Bring the units collection in line with the chunks Chroma holds now: units for every chunk
        that has none (new chunks, or chunks stored before units existed), none for chunks that are gone.

        Derived from the stored chunks, not from this run's pages, so a run that died anywhere is
        finished by the next one. A chunk's units are written in one call: it has all of them or none."""
        units_collection = self.units_collection(collection)
        have: dict[str, set[str]] = {}
        for stored_id, _, _ in read_chunks(units_collection, []):
            have.setdefault(stored_id.rsplit(":u", 1)[0], set()).add(stored_id)
        chunk_ids = {chunk_id for chunk_id, _, _ in read_chunks(collection, [])}
        gone = [i for chunk_id, ids in have.items() if chunk_id not in chunk_ids for i in ids]
        missing = self.chunks_without_units(collection, sorted(chunk_ids - set(have)))
        if missing:
            self.progress(f"embedding the sentences and list items of {len(missing)} chunks")
            report.units_embedded = self.write_units(units_collection, missing)
        for start in range(0, len(gone), WRITE_BATCH):
            units_collection.delete(ids=gone[start : start + WRITE_BATCH])
        return bool(missing or gone)

    def chunks_without_units(self, collection: Collection, ids: list[str]) -> list[tuple[str, str, ChunkMeta]]:
        """Text and metadata of just these chunks (an unchanged index reads ids only)."""
        out = []
        for start in range(0, len(ids), WRITE_BATCH):
            found = collection.get(ids=ids[start : start + WRITE_BATCH], include=["documents", "metadatas"])
            rows = zip(found["ids"], found["documents"] or [], found["metadatas"] or [], strict=True)
            out += [(i, text or "", meta) for i, text, raw in rows if (meta := ChunkMeta.maybe(raw)) is not None]
        return out

    def units_collection(self, collection: Collection) -> Collection:
        client, name = self.components.client, units_name(collection.name)
        meta = collection.metadata or {}
        if name in collection_names(client):
            existing = client.get_collection(name, embedding_function=None)
            if same_model(existing, collection):
                return existing
            client.delete_collection(name)  # built with another model: its vectors cannot be compared
        return new_collection(client, name, str(meta.get("embed_model")), int(meta.get("dimension", 0)))

    def write_units(self, units_collection: Collection, chunks: list[tuple[str, str, ChunkMeta]]) -> int:
        per_chunk = [(chunk_id, meta, units(text, base_language(meta.language))) for chunk_id, text, meta in chunks]
        texts = [embed_text(meta, unit) for _, meta, found in per_chunk for unit in found]
        vectors = iter(self.components.embedding.get_text_embedding_batch(texts, show_progress=len(texts) > 64))
        for chunk_id, meta, found in per_chunk:
            if not found:
                continue
            units_collection.add(
                ids=[unit_id(chunk_id, i) for i in range(len(found))],
                embeddings=np.asarray([next(vectors) for _ in found], dtype=np.float32),
                documents=[unit.text for unit in found],
                metadatas=[unit_metadata(meta, chunk_id, unit) for unit in found],
            )
        return len(texts)

    def write(self, collection: Collection, nodes: list[BaseNode]) -> None:
        store = vector_store(collection)
        for start in range(0, len(nodes), WRITE_BATCH):
            store.add(nodes[start : start + WRITE_BATCH])

    def rebuild(self, nodes: list[BaseNode], report: IngestReport) -> None:
        """Build a fresh collection aside, then swap it in under the served name with a new revision.

        Chroma has no atomic rename-over, so the old collection is renamed away first and deleted only
        after the new one holds the name; servers answer from the old one until then, and follow the
        new revision after (assistant.index)."""
        client, name = self.components.client, self.settings.collection
        temp_name = f"{name}{REBUILD_SUFFIX}"
        for left in (temp_name, units_name(temp_name)):  # left by a rebuild that died
            if left in collection_names(client):
                client.delete_collection(left)
        temp = new_collection(client, temp_name, self.components.model_id, self.components.dimension)
        self.embed(nodes)
        self.write(temp, nodes)
        report.embedded = len(nodes)
        self.sync_units(temp, report)
        # Chunks first, then their units: a server that opens the index between the two swaps quotes
        # from the old units only where their chunks still exist (same content, same ids).
        swap_in(client, temp_name, name)
        swap_in(client, units_name(temp_name), units_name(name))
        served = client.get_collection(name, embedding_function=None)
        self.save_lexical(served, revision_of(served))


def swap_in(client: ClientAPI, temp_name: str, name: str) -> None:
    """Rename `temp_name` to `name`, replacing what held the name (Chroma has no rename-over)."""
    retired = f"{name}{RETIRED_SUFFIX}{uuid.uuid4().hex[:8]}"
    had_one = name in collection_names(client)
    if had_one:
        client.get_collection(name, embedding_function=None).modify(name=retired)
    client.get_collection(temp_name, embedding_function=None).modify(name=name)
    if had_one:
        client.delete_collection(retired)


def same_content(page: SessionPage) -> str:
    """Two files are the same page when their bytes are (a copy of a corpus in another folder)."""
    try:
        return hashlib.sha256(page.path.read_bytes()).hexdigest()
    except OSError:
        return str(page.path)


def restore_interrupted_swap(client: ClientAPI, name: str) -> None:
    """A rebuild that died between its two renames left no collection under the served name: put the
    retired one back (the rebuild itself is then simply run again). The same for the units."""
    for served in (name, units_name(name)):
        names = collection_names(client)
        if served in names:
            continue
        retired = sorted(n for n in names if n.startswith(f"{served}{RETIRED_SUFFIX}"))
        if retired:
            log.warning("Restoring %s after an interrupted rebuild", retired[-1])
            client.get_collection(retired[-1], embedding_function=None).modify(name=served)
