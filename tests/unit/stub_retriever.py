"""Hits built by hand and a retriever that returns them: the evidence pipeline and ChatService's own logic
tested in milliseconds, without the model or Chroma."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from llama_index.core.schema import TextNode

from assistant.grams import Grams
from assistant.lexical import compound_of
from assistant.retrieval import Hit, Retrieval, Retriever, UnitHit
from assistant.terms import terms
from assistant.typos import Speller


def hit(
    text: str,
    score: float,
    *,
    jira: str = "KT-1",
    language: str = "en",
    section: str = "Roles",
    section_index: int = 1,
    solution: str = "Journey Optimizer",
    title: str = "Operating Model",
    session: int | None = 3,
    overview: bool = False,
) -> Hit:
    meta = {"doc_id": f"{jira}.{language}", "title": title, "section": section, "section_index": section_index,
            "language": language, "jira": jira, "solution": solution, "overview": overview}  # fmt: skip
    if session is not None:
        meta["session"] = session
    node = TextNode(id_=f"{jira}.{language}.{section_index}", text=text, metadata=meta)
    return Hit(node=node, score=score, rank_score=score)


@dataclass
class Call:
    kind: str
    query: str
    filters: dict


class StubRetriever(Retriever):
    """The real selection logic (Retriever.select) over hits the test supplies; every search recorded."""

    def __init__(
        self,
        hits: list[Hit],
        votes: dict[str, int] | None = None,
        sessions: dict[int, set[str]] | None = None,
        unknown: list[str] | None = None,
        units: list[UnitHit] | None = None,
        forms: dict[str, int] | None = None,
    ):
        self.hits = hits
        self.votes = votes or {}
        self.forms = forms or {}  # form_votes: each language's votes by the words as written
        self.sessions = sessions or {}
        self.unknown = unknown or []
        self.units_given = units or []
        self.calls: list[Call] = []
        self.embedded: list[str] = []  # texts embedded apart from a search (the lines' vector)
        self._pieces = {}

    def unknown_names(self, message: str, language: str) -> list[str]:
        return [name for name in self.unknown if name in message]

    def pages_use(self, words) -> bool:
        return any(w.lower() in words for h in self.hits for w in h.node.get_content().split())

    def mended(self, message: str, language: str) -> str:
        """Slips mended against the hits' words, as the real index mends them against the pages'."""
        words = {w.lower() for h in self.hits for w in re.findall(r"[^\W\d_]+", h.node.get_content())}
        return Speller(words, {language: words}).corrected(message, language, words.__contains__)

    def allowed(self, where) -> list[Hit]:
        """The hits a filter allows, as Chroma and BM25 read it: a list is "$in", an empty value no condition."""
        wanted = {k: v if isinstance(v, list) else [v] for k, v in where.items() if v}
        return [h for h in self.hits if all(h.meta.filter_value(k) in v for k, v in wanted.items())]

    def mentions(self, stems, where) -> set[str] | None:
        allowed = self.allowed(where)
        if not allowed:
            return None
        return {s for s in stems if any(s in terms(h.node.get_content(), h.language) for h in allowed)}

    def sessions_using(self, stems: list[str]) -> set[str]:
        return {h.group for h in self.hits if stems and set(stems) <= set(terms(h.node.get_content(), h.language))}

    def compound_of_a_page_word(self, word: str, language: str) -> bool:
        words = {w.lower() for h in self.hits for w in re.findall(r"[^\W\d_]+", h.node.get_content())}
        return compound_of(word, words, language)

    def naming(self, stems, where, embedding) -> Hit | None:
        return next((h for h in self.allowed(where) if set(stems) & set(terms(h.node.get_content(), h.language))), None)

    def language_tags(self, language: str) -> list[str]:
        return [language]

    def whole_series_in(self, product: str, language: str) -> bool:
        sessions = {h.group for h in self.hits if h.meta.solution == product}
        return bool(sessions) and all(any(h.group == g and h.language == language for h in self.hits) for g in sessions)

    def few_pages_in(self, language: str) -> bool:
        sessions = {h.group for h in self.hits}
        return 2 * len({h.group for h in self.hits if h.language == language}) < len(sessions)

    def catalog(self, language: str, products: list[str] | None = None) -> list[Hit]:
        return [h for h in self.hits if h.meta.section_index == 0 and (not products or h.meta.solution in products)]

    def units_near(self, query: np.ndarray, top_n: int, where: dict | None) -> list[UnitHit]:
        return self.units_given[:top_n]

    def page_units(self, doc_id: str, query: np.ndarray) -> list[UnitHit]:
        return [
            u
            for u in self.units_given
            if any(h.meta.doc_id == doc_id and h.node.node_id == u.chunk_id for h in self.hits)
        ]

    @property
    def grams(self) -> Grams | None:
        return Grams.fitted([h.searchable for h in self.hits])

    def section_chunks(self, doc_id: str, section_index: int) -> list[Hit]:
        return [h for h in self.hits if h.meta.doc_id == doc_id and h.meta.section_index == section_index]

    def hybrid(self, query: str, language: str, top_k: int, filters: dict | None) -> Retrieval:
        self.calls.append(Call("hybrid", query, dict(filters or {})))
        return Retrieval(
            self.allowed(filters or {})[:top_k], {"embed": 1.0, "retrieve": 1.0}, np.ones(1, dtype=np.float32)
        )

    def embed(self, query: str) -> np.ndarray:
        self.embedded.append(query)
        return np.ones(1, dtype=np.float32)

    def dense(self, query: str, top_k: int, filters: dict | None) -> Retrieval:
        self.calls.append(Call("dense", query, dict(filters or {})))
        return Retrieval(sorted(self.hits, key=lambda h: -h.score)[:top_k], {"embed": 1.0, "retrieve": 1.0})

    def language_votes(self, text: str) -> dict[str, int]:
        return self.votes

    def form_votes(self, text: str, languages) -> dict[str, int]:
        return {language: n for language, n in self.forms.items() if language in languages}

    def session_groups(self, number: int) -> set[str]:
        return self.sessions.get(number, set())

    def translation(self, key: tuple[str, int], language: str) -> Hit | None:
        return None

    def languages(self, group: str) -> tuple[str, ...]:
        return tuple(sorted({h.language for h in self.hits if h.group == group}))


@dataclass
class StubView:
    retriever: StubRetriever
    revision: str = "r1"


@dataclass
class StubIndex:
    """Stands in for LiveIndex: one view, held and released like the real one."""

    retriever: StubRetriever
    held: list[int] = field(default_factory=list)

    @property
    def view(self) -> StubView:
        return StubView(self.retriever)

    @contextmanager
    def use(self, force_refresh: bool = False):
        self.held.append(1)
        try:
            yield self.view
        finally:
            self.held.pop()
