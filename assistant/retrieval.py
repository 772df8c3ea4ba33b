"""Retrieval: dense top-k from Chroma through LlamaIndex, then translation-group aware selection."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from chromadb.api.models.Collection import Collection
from llama_index.core import VectorStoreIndex
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores import ExactMatchFilter, MetadataFilters
from llama_index.core.vector_stores.utils import metadata_dict_to_node

from assistant.components import Components
from assistant.language import base_language
from assistant.store import cosine_from_score, vector_store


@dataclass
class Hit:
    node: TextNode
    score: float  # cosine similarity of the best version of this section

    @property
    def meta(self) -> dict:
        return self.node.metadata

    @property
    def group(self) -> str:
        """Translation group: the session (jira id), whatever its language."""
        return str(self.meta.get("jira") or self.meta.get("doc_id"))

    @property
    def section_key(self) -> tuple[str, int]:
        # Translations keep the page structure, so the section's position identifies it across languages.
        return self.group, int(self.meta.get("section_index", 0))

    @property
    def language(self) -> str:
        return base_language(str(self.meta.get("language", "")))


@dataclass
class Retrieval:
    hits: list[Hit]
    timings_ms: dict[str, float] = field(default_factory=dict)


def metadata_filters(filters: dict[str, str | None] | None) -> MetadataFilters | None:
    exact = [ExactMatchFilter(key=k, value=v) for k, v in (filters or {}).items() if v]
    return MetadataFilters(filters=exact) if exact else None


class Retriever:
    def __init__(self, components: Components, collection: Collection) -> None:
        self.components = components
        self.collection = collection
        self.index = VectorStoreIndex.from_vector_store(vector_store(collection), embed_model=components.embedding)

    def dense(self, query: str, top_k: int, filters: dict[str, str | None] | None) -> Retrieval:
        started = time.perf_counter()
        embedding = self.components.embedding.get_query_embedding(query)
        embedded = time.perf_counter()
        retriever = self.index.as_retriever(similarity_top_k=top_k, filters=metadata_filters(filters))
        results: list[NodeWithScore] = retriever.retrieve(QueryBundle(query_str=query, embedding=embedding))
        hits = [Hit(node=r.node, score=cosine_from_score(r.score)) for r in results]  # type: ignore[arg-type]
        done = time.perf_counter()
        return Retrieval(hits, {"embed": (embedded - started) * 1000, "retrieve": (done - embedded) * 1000})

    def select(self, hits: list[Hit], language: str, limit: int) -> list[Hit]:
        """One hit per section across translations, in the asker's language whenever it exists."""
        best: dict[tuple[str, int], list[Hit]] = {}
        for hit in hits:
            best.setdefault(hit.section_key, []).append(hit)
        chosen: list[Hit] = []
        for key, versions in sorted(best.items(), key=lambda kv: -max(h.score for h in kv[1]))[:limit]:
            top = max(versions, key=lambda h: h.score)
            own = [h for h in versions if h.language == language]
            pick = max(own, key=lambda h: h.score) if own else self.translation(key, language) or top
            chosen.append(Hit(node=pick.node, score=top.score))
        return chosen

    def translation(self, key: tuple[str, int], language: str) -> Hit | None:
        """The same section in another language, fetched directly: it may not have made the top-k."""
        group, section_index = key
        where = {"$and": [{"jira": group}, {"section_index": section_index}, {"language": language}]}
        found = self.collection.get(where=where, limit=1, include=["metadatas", "documents"])
        if not found["ids"]:
            return None
        node = metadata_dict_to_node(found["metadatas"][0], text=found["documents"][0])
        node.id_ = found["ids"][0]
        return Hit(node=node, score=0.0)  # type: ignore[arg-type]
