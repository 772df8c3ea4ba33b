"""The Chroma collection: embedded PersistentClient by default, a Chroma server when configured."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import chromadb
import httpx
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from llama_index.vector_stores.chroma import ChromaVectorStore

from assistant.errors import IndexMissing, IndexModelMismatch, IndexUnavailable
from assistant.settings import Settings


@contextmanager
def reachable(settings: Settings) -> Iterator[None]:
    """Turn a dropped connection to the Chroma server into an IndexUnavailable that says where."""
    try:
        yield
    except httpx.TransportError as exc:
        raise IndexUnavailable(f"The index ({location(settings)}) is unavailable: {exc}. Try again shortly.") from exc


def chroma_client(settings: Settings) -> ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def check_model(collection: Collection, model_id: str, dimension: int) -> None:
    meta = collection.metadata or {}
    if meta.get("embed_model") != model_id or meta.get("dimension") != dimension:
        raise IndexModelMismatch(
            f"The index '{collection.name}' was built with embedding model {meta.get('embed_model')!r} "
            f"(dimension {meta.get('dimension')}), but the configured model is {model_id!r} "
            f"(dimension {dimension}). Re-ingest with `session-assistant ingest --rebuild`, or configure the "
            "index's encoder again: SESSION_ASSISTANT_EMBED_MODEL, and SESSION_ASSISTANT_EMBED_QUANTIZE=none for "
            "an id without a '#int8' suffix (every index built before 2026-11-26), 'embeddings' for "
            "'#int8-embeddings' (before 2026-11-27), 'q4' for '#q4', 'all' for '#int8'; and "
            "SESSION_ASSISTANT_PASSAGE_PREFIX='passage: ' for an id without '#passage-prefix='."
        )


def open_collection(
    client: ClientAPI, settings: Settings, model_id: str, dimension: Callable[[], int], create: bool = False
) -> Collection:
    """Open the collection and refuse one built with another embedding model.

    `dimension` is asked only when it must be (it may load the model): not for a collection that
    records the configured model id, whose recorded dimension is then the model's."""
    if settings.collection not in collection_names(client):
        if not create:
            raise IndexMissing(
                f"No index found (collection '{settings.collection}' in {location(settings)}). "
                "Run `session-assistant ingest` first."
            )
        return new_collection(client, settings.collection, model_id, dimension())
    collection = client.get_collection(settings.collection, embedding_function=None)
    meta = collection.metadata or {}
    check_model(collection, model_id, meta["dimension"] if meta.get("embed_model") == model_id else dimension())
    return collection


def new_collection(client: ClientAPI, name: str, model_id: str, dimension: int) -> Collection:
    """A cosine collection that records which embedding model filled it."""
    # embedding_function=None: we embed ourselves; Chroma's default would try to download a model.
    return client.create_collection(
        name,
        metadata={"embed_model": model_id, "dimension": dimension, "revision": uuid.uuid4().hex},
        configuration={"hnsw": {"space": "cosine"}},
        embedding_function=None,
    )


UNITS_SUFFIX = "-units"


def units_name(name: str) -> str:
    """The collection of a collection's evidence units (sentences and list items, see ingest.units)."""
    return f"{name}{UNITS_SUFFIX}"


def open_units(client: ClientAPI, collection: Collection) -> Collection | None:
    """The units beside a chunk collection, when they were built with its model; None before the first
    ingestion that writes them (answers then quote from chunks alone)."""
    name = units_name(collection.name)
    if name not in collection_names(client):
        return None
    units = client.get_collection(name, embedding_function=None)
    return units if same_model(units, collection) else None


def same_model(a: Collection, b: Collection) -> bool:
    """Both collections were filled by the same embedding model (their vectors can be compared)."""
    meta_a, meta_b = a.metadata or {}, b.metadata or {}
    return (meta_a.get("embed_model"), meta_a.get("dimension")) == (meta_b.get("embed_model"), meta_b.get("dimension"))


def collection_names(client: ClientAPI) -> set[str]:
    return {c if isinstance(c, str) else c.name for c in client.list_collections()}


# Chroma's memory while paging grows with the page: reading 100k chunks peaks at 0.49 GB in pages of
# 1,000, 0.70 GB in pages of 5,000, 3.0 GB in pages of 20,000, in about the same time.
READ_PAGE = 1000


def read_chunks(collection: Collection, include: list[str]) -> Iterator[tuple[str, str, dict]]:
    """(id, text, metadata) of every stored chunk, read in pages so large collections stay cheap."""
    offset = 0
    while True:
        page = collection.get(include=include, limit=READ_PAGE, offset=offset)  # type: ignore[arg-type]
        texts = page["documents"] or [""] * len(page["ids"])
        metadatas = page["metadatas"] or [{}] * len(page["ids"])
        for chunk_id, text, meta in zip(page["ids"], texts, metadatas, strict=True):
            yield chunk_id, text or "", dict(meta or {})
        if len(page["ids"]) < READ_PAGE:
            return
        offset += READ_PAGE


def stored_chunks(collection: Collection) -> dict[str, dict]:
    """id -> metadata of every stored chunk."""
    return {chunk_id: meta for chunk_id, _, meta in read_chunks(collection, ["metadatas"])}


def bump_revision(collection: Collection) -> str:
    """Mark the content as changed, so every process serving it refreshes what it derives from it."""
    meta = dict(collection.metadata or {})
    meta["revision"] = uuid.uuid4().hex
    collection.modify(metadata=meta)
    return meta["revision"]


def revision_of(collection: Collection) -> str:
    return str((collection.metadata or {}).get("revision", ""))


def location(settings: Settings) -> str:
    if settings.chroma_host:
        return f"Chroma server {settings.chroma_host}:{settings.chroma_port}"
    return str(settings.chroma_dir)


def vector_store(collection: Collection) -> ChromaVectorStore:
    return ChromaVectorStore(chroma_collection=collection)
