"""Retrieval: dense top-k from Chroma fused with BM25, then translation-group aware selection."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, cast

import numpy as np
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Where
from chromadb.errors import ChromaError
from llama_index.core.schema import BaseNode
from llama_index.core.vector_stores.utils import metadata_dict_to_node
from pydantic import ValidationError

from assistant.components import Components
from assistant.grams import IDF_SAMPLE, Grams, Vector, cosine
from assistant.lexical import LexicalCache, form_votes, language_votes
from assistant.store import revision_of
from assistant.terms import terms
from ingest.language import FALLBACK, SUPPORTED, base_language
from ingest.metadata import ChunkMeta, Filter
from ingest.products import mentioned_products, topic_words
from ingest.units import UnitMeta

log = logging.getLogger(__name__)
RRF_K = 60  # the usual reciprocal-rank-fusion constant: ranks matter, raw scores of either side do not
LEXICAL_WEIGHT = 0.5  # BM25's say in the fused order, relative to dense retrieval


@dataclass
class Hit:
    node: BaseNode
    score: float  # cosine similarity (of the best version of this section): the out-of-scope gate uses it
    rank_score: float = 0.0  # fused dense + BM25 rank score: the order uses it
    lexical_rank: int | None = None  # position in the BM25 list, when BM25 found it
    available: tuple[str, ...] = ()  # languages its session exists in (set by selection)
    checked: ChunkMeta | None = field(default=None, repr=False, compare=False)  # the node's metadata, validated

    @property
    def meta(self) -> ChunkMeta:
        """The node's metadata, validated on first use (a stored chunk's hits come with it validated)."""
        if self.checked is None:
            self.checked = ChunkMeta.of(self.node.metadata)
        return self.checked

    @property
    def group(self) -> str:
        """Translation group: the session (jira id), whatever its language."""
        return self.meta.group

    @property
    def section_key(self) -> tuple[str, int]:
        # Translations keep the page structure, so the section's position identifies it across languages.
        return self.group, self.meta.section_index

    @property
    def language(self) -> str:
        return base_language(self.meta.language)

    @property
    def searchable(self) -> str:
        """Its text as its words are matched (BM25, word pieces, the gate; see ChunkMeta.searchable)."""
        return self.meta.searchable(self.node.get_content())


def merged(hits: list[Hit], more: list[Hit]) -> list[Hit]:
    """The hits of two dense searches, each chunk once, in cosine order."""
    seen = {h.node.node_id for h in hits}
    return sorted(hits + [h for h in more if h.node.node_id not in seen], key=lambda h: -h.score)


@dataclass
class UnitHit:
    """A sentence or list item (see ingest.units) and how close it is to the question."""

    text: str
    cosine: float
    hub: float  # its cosine to the centre of all units: high for generic sentences that match anything
    chunk_id: str
    group: str
    language: str
    kind: str  # "sentence" | "item"
    block: int
    position: int  # its place among its chunk's units
    section_index: int


@dataclass
class Retrieval:
    hits: list[Hit]
    timings_ms: dict[str, float] = field(default_factory=dict)
    embedding: np.ndarray | None = None  # the question's vector: the units are searched with it too


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as read once per view: its node, validated metadata and vector (see Retriever.chunks)."""

    node: BaseNode
    meta: ChunkMeta
    vector: np.ndarray

    def hit(self, query: np.ndarray | None = None) -> Hit:
        """As a hit, scored by its cosine to the question (0 without one)."""
        return Hit(node=self.node, score=0.0 if query is None else float(self.vector @ query), checked=self.meta)


def stored_chunk(chunk_id: str, text: str | None, metadata: Mapping[str, Any], vector: Any) -> StoredChunk | None:
    """A chunk as Chroma returns it, or None when its metadata breaks the contract: a chunk an ingestion
    is writing at this moment can be found before its metadata is (seen while serving), and is left out
    of this answer, not a 500."""
    node = metadata_dict_to_node(dict(metadata), text=text)
    node.id_ = chunk_id
    meta = ChunkMeta.maybe(node.metadata)
    if meta is None:
        log.warning("Skipping chunk %s: its metadata is incomplete", chunk_id)
        return None
    return StoredChunk(node, meta, np.asarray(vector, dtype=np.float32))


@dataclass(frozen=True)
class StoredUnit:
    unit_id: str
    text: str
    meta: UnitMeta
    vector: np.ndarray


def stored_units(rows: Iterable[tuple]) -> list[StoredUnit]:
    """(id, text, metadata, vector) rows of the units collection, skipping any an ingestion is writing."""
    out = []
    for unit_id, text, raw, vector in rows:
        try:
            meta = UnitMeta.model_validate(raw)
        except ValidationError:
            continue
        out.append(StoredUnit(unit_id, text or "", meta, np.asarray(vector, dtype=np.float32)))
    return out


def unit_hit(row: StoredUnit, query: np.ndarray, centroid: np.ndarray, hub: float | None = None) -> UnitHit:
    return UnitHit(
        text=row.text,
        cosine=float(row.vector @ query),
        hub=float(row.vector @ centroid) if hub is None else hub,
        chunk_id=row.meta.chunk_id,
        group=row.meta.group,
        language=base_language(row.meta.language),
        kind=row.meta.kind,
        block=row.meta.block,
        position=int(row.unit_id.rsplit(":u", 1)[-1]),
        section_index=row.meta.section_index,
    )


def normalized(vector: np.ndarray) -> np.ndarray:
    return vector / (np.linalg.norm(vector) or 1.0)


class VectorTable:
    """Vectors held in memory with the metadata a filter selects by: the nearest by one matrix product, a
    filter as one comparison per field over a column (a Chroma query cost more than the product on a small
    index, and a test per row in Python 3 ms a filtered question)."""

    def __init__(self, vectors: list[np.ndarray], metadata: list[Mapping[str, Any]]) -> None:
        self.matrix = np.stack(vectors)
        self.metadata = metadata
        self._columns: dict[str, np.ndarray] = {}

    def column(self, field: str) -> np.ndarray:
        """One metadata field of every row, read once."""
        if field not in self._columns:
            self._columns[field] = np.array([m.get(field) for m in self.metadata], dtype=object)
        return self._columns[field]

    def nearest(self, query: np.ndarray, top_n: int, where: Mapping[str, str | list[str] | None]) -> list[int]:
        """The rows closest to the query among those the filter allows, as Chroma filters: each field equal
        to its value or to any of a list; a field without a value filters nothing."""
        scores = self.matrix @ query
        wanted = {k: v for k, v in where.items() if v}
        if wanted:
            allowed = np.ones(len(self.metadata), dtype=bool)
            for field, value in wanted.items():
                column = self.column(field)
                allowed &= np.isin(column, value) if isinstance(value, list) else column == value
            scores = np.where(allowed, scores, -np.inf)
        top = np.argsort(-scores)[:top_n]
        return [int(i) for i in top if scores[i] > -np.inf]


class ResidentUnits:
    """The units of a small index in memory (see VectorTable)."""

    def __init__(self, rows: list[StoredUnit]) -> None:
        self.rows = rows
        self.table = VectorTable([row.vector for row in rows], [row.meta.dump() for row in rows])
        self.centroid = normalized(self.table.matrix.mean(axis=0))
        self.hubs = self.table.matrix @ self.centroid

    def near(self, query: np.ndarray, top_n: int, where: Mapping[str, str | list[str] | None]) -> list[UnitHit]:
        return [
            unit_hit(self.rows[i], query, self.centroid, float(self.hubs[i]))
            for i in self.table.nearest(query, top_n, where)
        ]


class ResidentChunks:
    """The chunks of a small index in memory (see VectorTable), by their stored metadata."""

    def __init__(self, chunks: list[StoredChunk]) -> None:
        self.ids = [chunk.node.node_id for chunk in chunks]
        self.table = VectorTable([chunk.vector for chunk in chunks], [chunk.node.metadata for chunk in chunks])

    def nearest(self, query: np.ndarray, top_n: int, where: Mapping[str, str | list[str] | None]) -> list[str]:
        return [self.ids[i] for i in self.table.nearest(query, top_n, where)]


def chroma_where(filters: Mapping[str, str | list[str] | None] | None) -> Where | None:
    """A filter as Chroma's `where`: each field equal to its value, or to any of a list."""
    exact = [cast(Where, {k: {"$in": v}} if isinstance(v, list) else {k: v}) for k, v in (filters or {}).items() if v]
    return None if not exact else exact[0] if len(exact) == 1 else {"$and": exact}


CENTROID_SAMPLE = 5000  # units read to estimate the centre of the unit space (hubness correction)
RESIDENT_UNITS = 20_000  # up to this many units (≈ 30 MB of vectors) are held in memory per index view
CACHED_CHUNKS = 5_000  # chunks kept per view once read (≈ 20 MB at most); the cache starts over beyond
RESIDENT_CHUNKS = CACHED_CHUNKS  # up to this many, all chunks are held in memory and searched there


class Retriever:
    def __init__(self, components: Components, collection: Collection, units: Collection | None = None) -> None:
        self.components = components
        self.collection = collection
        self.units = units
        self._pages: dict[str, list[StoredUnit]] = {}  # doc_id -> its units (see page_units)
        self._sections: dict[tuple[str, int], list[Hit]] = {}  # (doc_id, section_index) -> its chunks
        self._translations: dict[tuple[str, int, str], Hit | None] = {}  # (group, section, language) -> chunk
        self._chunks: dict[str, StoredChunk] = {}  # chunk id -> the chunk (see chunks)
        self._pieces: dict[str, Vector] = {}  # chunk id -> its word pieces (see piece_scores)
        self._grams: Grams | None = None  # the view's word-piece weights (see grams)
        self._grams_read = False
        self._few_pages: dict[str, bool] = {}  # language -> whether few sessions have it (see few_pages_in)
        self.lexical = LexicalCache(collection, components.settings.lexical_dir, revision_of(collection))

    def unknown_names(self, message: str, language: str) -> list[str]:
        """Names the message uses that no page does (see LexicalIndex.unknown_names)."""
        return self.lexical.get().unknown_names(message, language)

    def language_votes(self, text: str) -> dict[str, int]:
        """How many of the text's words each language's pages use."""
        return language_votes(self.lexical.get(), text)

    def form_votes(self, text: str, languages: Iterable[str]) -> dict[str, int]:
        """How many of the text's words, as written, each of these languages' pages use."""
        return form_votes(self.lexical.get(), text, languages)

    def language_tags(self, language: str) -> list[str]:
        """The stored language tags of a language (zh: zh-hans and zh-hant), for a filter on it."""
        return self.lexical.get().language_tags(language)

    def mentions(self, stems: Iterable[str], where: Filter) -> set[str] | None:
        """The stems some page the filter allows uses; None when it allows none (see LexicalIndex.mentions)."""
        return self.lexical.get().mentions(stems, where)

    def naming(self, stems: list[str], where: Filter, embedding: np.ndarray) -> Hit | None:
        """The chunk BM25 ranks first for these stems among those the filter allows: the page naming them."""
        found = self.hits(self.lexical.get().search(stems, 1, where), embedding)
        return found[0] if found else None

    def mended(self, message: str, language: str) -> str:
        """The message with its typing slips mended against the pages' words (assistant.typos)."""
        return self.lexical.get().mended(message, language)

    def sessions_using(self, stems: list[str]) -> set[str]:
        """The translation groups whose pages, in any language, use all of these stems in some form."""
        return self.lexical.get().sessions_using(stems)

    def compound_of_a_page_word(self, word: str, language: str) -> bool:
        """Whether the word is a page word joined to an ordinary word (see LexicalIndex)."""
        return self.lexical.get().compound_of_a_page_word(word, language)

    def pages_use(self, words: Set[str]) -> bool:
        """Whether any page, in any language, uses one of these (lower-case, unstemmed) words."""
        return not self.lexical.get().words.isdisjoint(words)

    def session_groups(self, number: int) -> set[str]:
        """Translation groups (jira ids) of every product's session with this number in its series."""
        # The BM25 index already holds every chunk's metadata in memory: no round trip to Chroma.
        return self.lexical.get().session_groups(number)

    def embed(self, query: str) -> np.ndarray:
        """The question's vector, as the array every later step scores with (converted once)."""
        return np.asarray(self.components.embedding.get_query_embedding(query), dtype=np.float32)

    def dense(self, query: str, top_k: int, filters: Filter | None) -> Retrieval:
        """Dense retrieval only (cosine order)."""
        started = time.perf_counter()
        embedding = self.embed(query)
        embedded = time.perf_counter()
        hits = self.dense_hits(embedding, top_k, filters)
        done = time.perf_counter()
        return Retrieval(hits, {"embed": (embedded - started) * 1000, "retrieve": (done - embedded) * 1000}, embedding)

    def dense_hits(self, embedding: np.ndarray, top_k: int, filters: Filter | None) -> list[Hit]:
        """The nearest chunks: of the view's own copy when the index is small (see resident_chunks), else
        Chroma's, asked for their ids only: reading their texts and metadata from Chroma and making LlamaIndex
        nodes of them took 4.8 of the query's 6.1 ms on the series, and the same chunks answer question after
        question, so they come from the view's own copy (see chunks)."""
        if (resident := self.resident_chunks) is not None:
            return self.hits(resident.nearest(embedding, top_k, filters or {}), embedding)
        found = self.collection.query(
            query_embeddings=embedding[None, :],
            n_results=top_k,
            where=chroma_where(filters),
            include=[],
        )
        return self.hits(found["ids"][0], embedding)

    @cached_property
    def resident_chunks(self) -> ResidentChunks | None:
        """All chunks in memory when there are few: a question then costs no Chroma query (under load, Chroma's
        nearest-chunk queries were a tenth of the server's time on the series' 1,000-odd chunks)."""
        if self.collection.count() > RESIDENT_CHUNKS:
            return None
        try:
            found = self.collection.get(include=["documents", "metadatas", "embeddings"])
        except ChromaError:
            return None  # being rewritten by an ingestion: asked of Chroma until the next view
        vectors = found["embeddings"] if found["embeddings"] is not None else []
        rows = zip(found["ids"], found["documents"] or [], found["metadatas"] or [], vectors, strict=True)
        chunks = [chunk for row in rows if (chunk := stored_chunk(*row))]
        if not chunks:
            return None
        self._chunks.update((chunk.node.node_id, chunk) for chunk in chunks)
        return ResidentChunks(chunks)

    def hits(self, ids: list[str], embedding: np.ndarray) -> list[Hit]:
        """The chunks as hits, in the order given, scored by their cosine to the question."""
        chunks = self.chunks(ids)
        return [chunks[chunk_id].hit(embedding) for chunk_id in ids if chunk_id in chunks]

    def chunks(self, ids: list[str]) -> dict[str, StoredChunk]:
        """The chunks by id, each read from Chroma once per view (a view's content never changes: a new
        revision is a new view). Chunks an ingestion deleted a moment ago, or is still writing, are left
        out of this answer."""
        out = {chunk_id: self._chunks[chunk_id] for chunk_id in ids if chunk_id in self._chunks}
        missing = [chunk_id for chunk_id in ids if chunk_id not in out]
        if not missing:
            return out
        try:
            found = self.collection.get(ids=missing, include=["documents", "metadatas", "embeddings"])
        except ChromaError:
            return out
        vectors = found["embeddings"] if found["embeddings"] is not None else []
        rows = zip(found["ids"], found["documents"] or [], found["metadatas"] or [], vectors, strict=True)
        if len(self._chunks) > CACHED_CHUNKS:
            self._chunks = {}
        for chunk_id, text, metadata, vector in rows:
            if chunk := stored_chunk(chunk_id, text, metadata, vector):
                out[chunk_id] = self._chunks[chunk_id] = chunk
        return out

    def chunks_where(self, where: Where, limit: int | None = None) -> list[StoredChunk] | None:
        """The chunks a filter selects, from the view's copy: Chroma is asked only for their ids. None when
        Chroma fails (an ingestion rewriting the collection): not an empty answer to remember."""
        try:
            ids = self.collection.get(where=where, limit=limit, include=[])["ids"]
        except ChromaError:
            return None
        found = self.chunks(ids)
        return [found[chunk_id] for chunk_id in ids if chunk_id in found]

    def hybrid(self, query: str, language: str, top_k: int, filters: Filter | None) -> Retrieval:
        """Dense and BM25 fused by reciprocal rank; every hit keeps its cosine similarity for the gate.

        Fused by hand: LlamaIndex's QueryFusionRetriever wants an LLM object even with no query
        variants, and replaces scores with RRF values, losing the cosine the gate is calibrated on."""
        started = time.perf_counter()
        embedding = self.embed(query)
        embedded = time.perf_counter()
        dense = self.dense_hits(embedding, top_k, filters)
        if self.needs_reference(filters, language):
            dense = self.with_reference(dense, embedding, top_k, filters)
        if len(compared := mentioned_products(query)) > 1 and not (filters or {}).get("solution"):
            dense = self.with_each_product(dense, embedding, top_k, filters, compared)
        # Without product names: "CJA" ranked first the CJA page repeating it most (its roadmap session's key
        # points), whatever else was asked (series tuning cases, with the same in piece_scores: hit@1 0.851 ->
        # 0.861, fact recall 0.814 -> 0.820)
        lexical = self.lexical.get().search(terms(topic_words(query), language), top_k, filters)
        fused: dict[str, float] = {}
        for ranking in ([h.node.node_id for h in dense], lexical):
            for rank, chunk_id in enumerate(ranking):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        by_id = {h.node.node_id: h for h in dense}
        by_id |= {h.node.node_id: h for h in self.hits([i for i in lexical if i not in by_id], embedding)}
        hits = [by_id[i] for i in fused if i in by_id]
        lexical_rank = {chunk_id: rank for rank, chunk_id in enumerate(lexical)}
        for hit in hits:
            hit.rank_score = fused[hit.node.node_id]
            hit.lexical_rank = lexical_rank.get(hit.node.node_id)
        hits.sort(key=lambda h: -h.rank_score)
        done = time.perf_counter()
        return Retrieval(hits, {"embed": (embedded - started) * 1000, "retrieve": (done - embedded) * 1000}, embedding)

    def few_pages_in(self, language: str) -> bool:
        """Whether fewer than half the sessions have a page in this language. Its few pages are then nearest
        to its questions for their language more than their topic: Dutch and Spanish questions about
        English-only sessions were answered from the one session with Dutch and Spanish pages."""
        if language not in self._few_pages:  # once per view: an index of uploads may hold thousands of sessions
            groups = self.lexical.get().languages_by_group
            self._few_pages[language] = 2 * sum(language in present for present in groups.values()) < len(groups)
        return self._few_pages[language]

    def needs_reference(self, filters: Filter | None, language: str) -> bool:
        """Whether the reference language's pages are searched besides the asker's: few sessions have theirs
        (see few_pages_in), and the filters name no language."""
        return self.few_pages_in(language) and not (filters or {}).get("language")

    def reference(self, filters: Filter | None) -> Filter:
        """The filters, for the reference language's pages (English, which every session here has)."""
        return dict(filters or {}) | {"language": self.language_tags(FALLBACK)}

    def with_reference(self, dense: list[Hit], embedding: np.ndarray, top_k: int, filters: Filter | None) -> list[Hit]:
        """The dense hits and the nearest chunks of the reference language, in cosine order: every session
        competes in one language as well as in the asker's."""
        return merged(dense, self.dense_hits(embedding, top_k, self.reference(filters)))

    def with_each_product(
        self, dense: list[Hit], embedding: np.ndarray, top_k: int, filters: Filter | None, products: list[str]
    ) -> list[Hit]:
        """The dense hits and each compared product's nearest chunks, in cosine order: "Vergleiche die Rollen bei
        CJA und CSC" found no Content Supply Chain chunk among the nearest (CJA's and AJO's pages on roles are
        nearer), so only CJA was quoted."""
        for product in products:
            dense = merged(dense, self.dense_hits(embedding, top_k, dict(filters or {}) | {"solution": product}))
        return dense

    def select(self, hits: list[Hit], language: str, limit: int) -> list[Hit]:
        """One hit per section across translations, in the asker's language whenever it exists.

        Sections are ranked as translation groups: by their best cosine over all versions, fused with
        their best BM25 rank, so a section found in another language is not outranked by its own copies."""
        groups: dict[tuple[str, int], list[Hit]] = {}
        for hit in hits:
            groups.setdefault(hit.section_key, []).append(hit)
        dense_order = sorted(groups, key=lambda k: -max(h.score for h in groups[k]))
        lexical_order = sorted(
            (k for k in groups if any(h.lexical_rank is not None for h in groups[k])),
            key=lambda k: min(h.lexical_rank for h in groups[k] if h.lexical_rank is not None),
        )
        fused = {k: 1.0 / (RRF_K + i + 1) for i, k in enumerate(dense_order)}
        for i, k in enumerate(lexical_order):
            fused[k] += LEXICAL_WEIGHT / (RRF_K + i + 1)
        ranked = sorted(groups, key=lambda k: (-fused[k], -max(h.score for h in groups[k])))
        chosen: list[Hit] = []
        for key in ranked[:limit]:
            versions = groups[key]
            top = max(versions, key=lambda h: h.score)
            own = [h for h in versions if h.language == language]
            pick = max(own, key=lambda h: h.score) if own else self.stand_in(key, language, versions) or top
            available = self.languages(key[0])
            ranks = [h.lexical_rank for h in versions if h.lexical_rank is not None]
            lexical_rank = min(ranks, default=None)
            chosen.append(Hit(pick.node, top.score, fused[key], lexical_rank, available, checked=pick.checked))
        return chosen

    @property
    def grams(self) -> Grams | None:
        """Word-piece weights of this view: from all its chunks, or a sample of a large index (made on first
        use; None while Chroma fails, and tried again with the next question)."""
        if not self._grams_read:
            try:
                found = self.collection.get(limit=IDF_SAMPLE, include=["documents", "metadatas"])
            except ChromaError:
                return None
            metas = (ChunkMeta.maybe(m) for m in found["metadatas"] or [])
            texts = [m.searchable(t) for m, t in zip(metas, found["documents"] or [], strict=True) if m]
            self._grams, self._grams_read = Grams.fitted(texts), True
        return self._grams

    def piece_scores(self, query: str, hits: list[Hit]) -> dict[str, float]:
        """Each session's closest chunk among the hits, in any language, by word pieces (assistant.grams).
        The retrieved chunks, not the whole session: on the series' tuning cases the same sessions are
        chosen, at a fraction of the cost. A chunk's pieces are weighed once per view."""
        grams = self.grams
        if grams is None:
            return {}
        if len(self._pieces) > CACHED_CHUNKS:
            self._pieces = {}
        question = grams.vector(topic_words(query))  # as BM25's terms (see hybrid)
        scores: dict[str, float] = {}
        for hit in hits:
            chunk_id = hit.node.node_id
            if chunk_id not in self._pieces:
                self._pieces[chunk_id] = grams.vector(hit.searchable)
            scores[hit.group] = max(scores.get(hit.group, 0.0), cosine(question, self._pieces[chunk_id]))
        return scores

    @cached_property
    def resident(self) -> ResidentUnits | None:
        """All units in memory when there are few (a few MB): questions then cost no Chroma query."""
        if self.units is None or self.units.count() > RESIDENT_UNITS:
            return None
        try:
            found = self.units.get(include=["documents", "metadatas", "embeddings"])
        except ChromaError:
            return None
        vectors = found["embeddings"] if found["embeddings"] is not None else []
        rows = stored_units(zip(found["ids"], found["documents"] or [], found["metadatas"] or [], vectors, strict=True))
        return ResidentUnits(rows) if rows else None

    @cached_property
    def centroid(self) -> np.ndarray | None:
        """The mean unit vector (of a sample, for large indexes): generic sentences sit close to it."""
        if self.units is None:
            return None
        if self.resident is not None:
            return self.resident.centroid
        found = self.units.get(limit=CENTROID_SAMPLE, include=["embeddings"])
        vectors = found["embeddings"]
        if vectors is None or len(vectors) == 0:
            return None
        return normalized(np.asarray(vectors, dtype=np.float32).mean(axis=0))

    def units_near(self, query: np.ndarray, top_n: int, where: Filter | None) -> list[UnitHit]:
        """The units closest to the question (none when the index has no units yet)."""
        centroid = self.centroid
        if self.units is None or centroid is None:
            return []
        wanted = {k: v for k, v in (where or {}).items() if v}
        if self.resident is not None:
            return self.resident.near(query, top_n, wanted)
        try:
            found = self.units.query(
                query_embeddings=query[None, :], n_results=top_n, where=chroma_where(wanted),
                include=["documents", "metadatas", "embeddings"],
            )  # fmt: skip
        except ChromaError:
            return []  # the units are being rewritten by an ingestion: answer from the chunks alone
        texts, metas = (found["documents"] or [[]])[0], (found["metadatas"] or [[]])[0]
        vectors = found["embeddings"][0] if found["embeddings"] is not None else []
        rows = stored_units(zip(found["ids"][0], texts, metas, vectors, strict=True))
        return [unit_hit(row, query, centroid) for row in rows]

    def session_units(self, query: np.ndarray, top_n: int, where: Filter, language: str) -> list[UnitHit]:
        """The units closest to the question, to rank sessions by; for a language few sessions have, the
        closest of the reference language too (see few_pages_in)."""
        near = self.units_near(query, top_n, where)
        if not self.needs_reference(where, language):
            return near
        seen = {(u.chunk_id, u.position) for u in near}
        reference = self.units_near(query, top_n, self.reference(where))
        return near + [u for u in reference if (u.chunk_id, u.position) not in seen]

    def page_units(self, doc_id: str, query: np.ndarray) -> list[UnitHit]:
        """All units of one page, scored against the question. A page's units are read once per view
        (a view is one content revision), so the second question about a page costs no Chroma call."""
        centroid = self.centroid
        if self.units is None or centroid is None:
            return []
        if doc_id not in self._pages:
            if self.resident is not None:
                self._pages[doc_id] = [row for row in self.resident.rows if row.meta.doc_id == doc_id]
            else:
                try:
                    found = self.units.get(where={"doc_id": doc_id}, include=["documents", "metadatas", "embeddings"])
                except ChromaError:
                    return []
                vectors = found["embeddings"] if found["embeddings"] is not None else []
                self._pages[doc_id] = stored_units(
                    zip(found["ids"], found["documents"] or [], found["metadatas"] or [], vectors, strict=True)
                )
        return [unit_hit(row, query, centroid) for row in self._pages[doc_id]]

    def section_chunks(self, doc_id: str, section_index: int) -> list[Hit]:
        """The chunks of one section of a page, in order; read once per view, like page_units."""
        key = (doc_id, section_index)
        if key not in self._sections:
            where: Where = {"$and": [{"doc_id": doc_id}, {"section_index": section_index}]}
            if (chunks := self.chunks_where(where)) is None:
                return []
            self._sections[key] = [chunk.hit() for chunk in sorted(chunks, key=lambda c: c.meta.chunk_index)]
        return self._sections[key]

    def catalog(self, language: str, products: list[str] | None = None) -> list[Hit]:
        """Each session's title section (of these products' series, when given) in the version the asker
        reads best, by product and place in its series, with the languages it exists in."""
        listed = []
        for group in self.lexical.get().series(products):
            languages = self.languages(group)
            hit = (
                self.stand_in((group, 0), language, [])
                or self.translation((group, 0), languages[0])  # its first language
                or self.any_chunk(group)  # a page whose title has no text of its own
            )
            if hit is not None:
                listed.append(replace(hit, available=languages))
        return listed

    def any_chunk(self, group: str) -> Hit | None:
        """A chunk of the session, for a page whose title has no text of its own (no section 0)."""
        chunks = self.chunks_where({"jira": group}, limit=1)
        return chunks[0].hit() if chunks else None

    def stand_in(self, key: tuple[str, int], language: str, versions: list[Hit]) -> Hit | None:
        """The version an asker reads best: theirs, else English, fetched when retrieval did not bring it
        (the catalog falls back to the session's original language itself)."""
        for wanted in (language, FALLBACK):
            found = next((h for h in versions if h.language == wanted), None) or self.translation(key, wanted)
            if found:
                return found
        return None

    def whole_series_in(self, product: str, language: str) -> bool:
        """Whether every session of the product's series has a page in this language."""
        groups = self.lexical.get().series([product])
        return bool(groups) and all(language in self.languages(group) for group in groups)

    def languages(self, group: str) -> tuple[str, ...]:
        """The languages a session exists in, in the order of SUPPORTED."""
        present = self.lexical.get().languages_by_group.get(group, set())
        return tuple(code for code in SUPPORTED if code in present) + tuple(sorted(present - set(SUPPORTED)))

    def translation(self, key: tuple[str, int], language: str) -> Hit | None:
        """The same section in another language, fetched directly (it may not have made the top-k); read
        once per view, like section_chunks: about three per answer otherwise, each a Chroma query."""
        wanted = (*key, language)
        if wanted not in self._translations:
            group, section_index = key
            where: Where = {"$and": [{"jira": group}, {"section_index": section_index}, {"language": language}]}
            if (found := self.chunks_where(where, limit=1)) is None:
                return None
            self._translations[wanted] = found[0].hit() if found else None
        return self._translations[wanted]
