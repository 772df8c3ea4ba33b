"""BM25 over the stored chunks, with per-language stemming and CJK bigrams.

llama-index-retrievers-bm25 stems a whole corpus with one language's stemmer; these pages come in
twelve languages, so each chunk is tokenised in its own language (assistant.terms) and indexed
with bm25s directly. It is built from what Chroma holds and replaced, with the Retriever, when
ingestion moves the content revision (see ChatService.refresh).
"""

from __future__ import annotations

import logging
import threading

import bm25s
import numpy as np
from chromadb.api.models.Collection import Collection

from assistant.store import read_chunks
from assistant.terms import terms
from ingest.language import base_language
from ingest.metadata import ChunkMeta

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on itself when imported

PREFIX = 5  # a query term the index lacks is matched to indexed terms sharing this many first letters…
MAX_SUFFIX_GAP = 4  # …when one is the other plus at most this many letters (stemmers leave such endings)


class LexicalIndex:
    def __init__(self, ids: list[str], tokens: list[list[str]], metadatas: list[ChunkMeta]) -> None:
        self.ids = ids
        self.metadatas = metadatas
        self.vocabulary = {t for doc in tokens for t in doc}
        self.by_prefix: dict[str, list[str]] = {}
        for term in self.vocabulary:
            if len(term) >= PREFIX:
                self.by_prefix.setdefault(term[:PREFIX], []).append(term)
        self.words_by_language: dict[str, set[str]] = {}
        self.languages_by_group: dict[str, set[str]] = {}
        for doc, meta in zip(tokens, metadatas, strict=True):
            self.words_by_language.setdefault(meta.language, set()).update(doc)
            self.languages_by_group.setdefault(meta.group, set()).add(base_language(meta.language))
        self.bm25 = bm25s.BM25()
        if ids:
            self.bm25.index(tokens, show_progress=False)

    @classmethod
    def from_collection(cls, collection: Collection) -> LexicalIndex:
        ids: list[str] = []
        tokens: list[list[str]] = []
        metadatas: list[ChunkMeta] = []
        for chunk_id, text, stored in read_chunks(collection, ["documents", "metadatas"]):
            meta = ChunkMeta.maybe(stored)
            if meta is None:
                continue  # being written by an ingestion right now: the next revision has it
            ids.append(chunk_id)
            tokens.append(terms(f"{meta.heading}\n{text}", meta.language) or ["\0"])
            metadatas.append(meta)
        return cls(ids, tokens, metadatas)

    def search(self, query_terms: list[str], k: int, filters: dict[str, str | None] | None = None) -> list[str]:
        """Chunk ids by BM25 score (best first); only chunks sharing a term, only those the filters allow."""
        known = [k for t in query_terms for k in self.known_forms(t)]
        if not known or not self.ids:
            return []
        mask = self.mask(filters)
        if mask is not None and not mask.any():
            return []
        k = min(k, len(self.ids))
        docs, scores = self.bm25.retrieve([known], k=k, show_progress=False, weight_mask=mask, n_threads=1)
        return [self.ids[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def known_forms(self, term: str) -> list[str]:
        """The term, or the indexed forms it is an inflection of: Snowball leaves some endings on, so
        'styrningskadensen' stems to 'styrningskadens' while the page's 'Styrningskadens' stems to
        'styrningskad'."""
        if term in self.vocabulary:
            return [term]
        if len(term) <= PREFIX:
            return []
        return [
            t for t in self.by_prefix.get(term[:PREFIX], [])
            if (t.startswith(term) or term.startswith(t)) and abs(len(t) - len(term)) <= MAX_SUFFIX_GAP
        ]  # fmt: skip

    def mask(self, filters: dict[str, str | None] | None) -> np.ndarray | None:
        wanted = {k: v for k, v in (filters or {}).items() if v}
        if not wanted:
            return None
        return np.array([all(m.filter_value(k) == v for k, v in wanted.items()) for m in self.metadatas], dtype=bool)


class LexicalCache:
    """The LexicalIndex of one content revision, built on first use (under a lock).

    ChatService.refresh builds a new Retriever, and with it a new cache, when ingestion moves the
    revision, so this cache never has to ask Chroma whether it is stale on the hot path."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self._lock = threading.Lock()
        self._index: LexicalIndex | None = None

    def get(self) -> LexicalIndex:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = LexicalIndex.from_collection(self.collection)
        return self._index


def language_votes(index: LexicalIndex, text: str) -> dict[str, int]:
    """How many of the message's words each language's pages use (stemmed the way that language is)."""
    votes: dict[str, int] = {}
    for language, words in index.words_by_language.items():
        found = sum(1 for t in terms(text, language, keep_stopwords=True) if t in words)
        if found:
            votes[language] = found
    return votes
