"""Passage search: the index's best passages for a query, for callers that compose their own answer
(agents over MCP, integrators over the API). The same hybrid retrieval the answers start from."""

from __future__ import annotations

from assistant.evidence import EvidenceFinder
from assistant.response import source
from assistant.retrieval import Hit, Retriever
from assistant.schemas import Passage, SearchRequest
from assistant.settings import Settings
from ingest.metadata import Filter
from ingest.products import product_name


def passage(hit: Hit, n: int) -> Passage:
    return Passage(**source(hit, n).model_dump(), text=hit.node.get_content())


def search(retriever: Retriever, settings: Settings, request: SearchRequest) -> list[Passage]:
    """Passages by fused dense and BM25 rank, numbered from 1; every version of a section is its own passage."""
    where: Filter = {"solution": product_name(request.product)}
    if request.language:
        tags = retriever.language_tags(request.language)
        if not tags:
            return []
        where["language"] = tags
    query_language = EvidenceFinder(retriever, settings).detect(request.query, settings.default_language)
    found = retriever.hybrid(request.query, query_language, max(request.k, settings.top_k), where)
    return [passage(hit, n) for n, hit in enumerate(found.hits[: request.k], 1)]
