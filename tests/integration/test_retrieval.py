"""Dense retrieval: Chroma finds the nearest chunks, the view reads each chunk once (assistant.retrieval)."""

from __future__ import annotations

import uuid

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError
from llama_index.core.schema import TextNode

from assistant.retrieval import Retriever
from assistant.store import vector_store

DIMENSION = 384


class CountingCollection:
    """The Chroma collection, counting the chunk reads the retriever makes."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.gets = 0

    def get(self, *args, **kwargs):
        self.gets += 1
        return self.inner.get(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def unit_vector(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=DIMENSION).astype(np.float32)
    return v / np.linalg.norm(v)


def node(chunk_id: str, language: str, vector: np.ndarray, **meta) -> TextNode:
    metadata = {"doc_id": f"KT-1.{language}", "title": "Operating Model", "language": language, "jira": "KT-1",
                "section": "Roles", "section_index": 1} | meta  # fmt: skip
    return TextNode(id_=chunk_id, text=f"Text of {chunk_id}", metadata=metadata, embedding=vector.tolist())


@pytest.fixture
def chunks():
    client = chromadb.EphemeralClient(ChromaSettings(anonymized_telemetry=False, allow_reset=True))
    collection = client.create_collection(f"t{uuid.uuid4().hex}", metadata={"hnsw:space": "cosine"})
    vectors = {name: unit_vector(seed) for seed, name in enumerate(["sv", "de", "en"])}
    vector_store(collection).add([node(f"c-{lang}", lang, v) for lang, v in vectors.items()])
    return collection, vectors


def test_nearest_chunks_come_in_cosine_order_and_each_is_read_once_per_view(components, chunks):
    collection, vectors = chunks
    counting = CountingCollection(collection)
    retriever = Retriever(components, counting)  # type: ignore[arg-type]
    question = 0.9 * vectors["de"] + 0.3 * vectors["en"]
    first = retriever.dense_hits(question, 3, None)
    assert [h.node.node_id for h in first] == ["c-de", "c-en", "c-sv"]
    for hit in first:  # the cosine the gate is calibrated on, not a rank
        assert hit.score == pytest.approx(float(vectors[hit.language] @ question), abs=1e-5)
    assert first[0].meta.language == "de" and first[0].node.get_content() == "Text of c-de"
    assert counting.gets == 1
    first[0].rank_score = 99.0  # a request's own scores never reach the next one
    again = retriever.dense_hits(question, 3, None)
    assert counting.gets == 1 and again[0].rank_score == 0.0
    assert [h.node.node_id for h in retriever.dense_hits(question, 3, {"language": ["sv", "en"]})] == [
        "c-en",
        "c-sv",
    ]


def test_a_chunk_whose_metadata_breaks_the_contract_is_left_out(components, chunks):
    collection, vectors = chunks
    broken = node("c-broken", "it", vectors["de"])
    broken.metadata.pop("title")  # as a chunk another process is writing at this moment can be seen
    vector_store(collection).add([broken])
    hits = Retriever(components, collection).dense_hits(vectors["de"], 4, None)
    assert "c-broken" not in [h.node.node_id for h in hits] and hits[0].node.node_id == "c-de"


def test_chunks_deleted_before_they_are_read_are_left_out(components, chunks):
    collection, vectors = chunks
    retriever = Retriever(components, collection)
    collection.delete(ids=["c-en"])  # an ingestion removed it after BM25's index listed it
    assert [h.node.node_id for h in retriever.hits(["c-en", "c-de"], vectors["de"])] == ["c-de"]


def test_word_pieces_score_each_session_by_its_closest_retrieved_chunk(corpus_index):
    counting = CountingCollection(corpus_index.collection())
    retriever = Retriever(corpus_index, counting)  # type: ignore[arg-type]
    hits = retriever.hybrid("Vem är produktägaren?", "sv", 12, None).hits
    assert {h.group for h in hits} == {"KT-18694", "KT-19551"}
    # Only the CJA session's page names the product owner ("Produktägare"); an inflected form finds it.
    scores = retriever.piece_scores("Vem är produktägaren?", hits)
    assert scores["KT-18694"] > 2 * scores["KT-19551"]
    reads = counting.gets
    again = retriever.piece_scores("Vad gör produktägarna?", hits)
    assert counting.gets == reads  # the weights are read once per view, the hits' pieces come with them
    assert again["KT-18694"] > again["KT-19551"]
    assert set(retriever.piece_scores("Vem är produktägaren?", hits[:1])) == {hits[0].group}


def test_sections_and_translations_come_from_the_views_copy_of_the_chunks(corpus_index):
    counting = CountingCollection(corpus_index.collection())
    retriever = Retriever(corpus_index, counting)  # type: ignore[arg-type]
    first = retriever.hybrid("Welche Rollen braucht ein AJO-Team?", "de", 12, None).hits[0]
    assert first.group == "KT-19551"
    reads = counting.gets
    italian = retriever.translation(first.section_key, "it")
    assert italian is not None and italian.meta.language == "it" and italian.section_key == first.section_key
    assert counting.gets <= reads + 2  # its id, then the chunk unless retrieval already read it
    section = retriever.section_chunks(first.meta.doc_id, first.meta.section_index)
    assert first.node.node_id in [h.node.node_id for h in section]
    assert [h.meta.chunk_index for h in section] == sorted(h.meta.chunk_index for h in section)
    reads = counting.gets
    retriever.translation(first.section_key, "it"), retriever.section_chunks(first.meta.doc_id, 0)
    retriever.section_chunks(first.meta.doc_id, first.meta.section_index)
    assert counting.gets == reads + 1  # only the section not asked for before
    assert retriever.translation(first.section_key, "fr") is None  # no French page


class FailingOnce(CountingCollection):
    """Chroma failing once, as while an ingestion rewrites the collection."""

    def __init__(self, inner) -> None:
        super().__init__(inner)
        self.failing = False

    def get(self, *args, **kwargs):
        if self.failing:
            self.failing = False
            raise ChromaError("the collection is being rewritten")
        return super().get(*args, **kwargs)


def test_a_read_that_fails_is_tried_again_not_remembered(corpus_index):
    flaky = FailingOnce(corpus_index.collection())
    retriever = Retriever(corpus_index, flaky)  # type: ignore[arg-type]
    first = retriever.hybrid("Welche Rollen braucht ein AJO-Team?", "de", 12, None).hits[0]
    flaky.failing = True
    assert retriever.grams is None  # no word pieces for this question
    assert retriever.grams is not None  # the next one has them
    flaky.failing = True
    assert retriever.translation(first.section_key, "it") is None
    assert retriever.translation(first.section_key, "it") is not None
    flaky.failing = True
    assert retriever.section_chunks(first.meta.doc_id, first.meta.section_index) == []
    assert first.node.node_id in [
        h.node.node_id for h in retriever.section_chunks(first.meta.doc_id, first.meta.section_index)
    ]


def test_word_matching_leaves_the_product_name_out(components):
    # The product's filter has chosen its pages already: its name only ranked first the page repeating it most
    client = chromadb.EphemeralClient(ChromaSettings(anonymized_telemetry=False, allow_reset=True))
    collection = client.create_collection(f"t{uuid.uuid4().hex}", metadata={"hnsw:space": "cosine"})
    product = {"solution": "Customer Journey Analytics"}
    summary = node("summary", "en", unit_vector(1), jira="KT-1", section="Key points", **product)
    summary.text = "CJA key points: what CJA can do, how companies use CJA, and how to start with CJA."
    roles = node("roles", "en", unit_vector(2), jira="KT-2", doc_id="KT-2.en", **product)
    roles.text = "The team needs these roles: a product owner and a data architect."
    vector_store(collection).add([summary, roles])
    found = Retriever(components, collection).hybrid("Which roles does a CJA team need?", "en", 2, None)
    ranks = {h.node.node_id: h.lexical_rank for h in found.hits}
    assert ranks == {"roles": 0, "summary": None}


def test_a_language_few_sessions_have_is_searched_in_english_too(components):
    # A Dutch question found the one session with Dutch pages first, for its language more than its topic
    client = chromadb.EphemeralClient(ChromaSettings(anonymized_telemetry=False, allow_reset=True))
    collection = client.create_collection(f"t{uuid.uuid4().hex}", metadata={"hnsw:space": "cosine"})
    units = client.create_collection(f"u{uuid.uuid4().hex}", metadata={"hnsw:space": "cosine"})
    pages = {"nl": ("KT-1", "nl"), "en-1": ("KT-1", "en"), "en-2": ("KT-2", "en"), "en-3": ("KT-3", "en")}
    vectors = {name: unit_vector(seed) for seed, name in enumerate(pages, start=1)}
    vector_store(collection).add(
        [node(n, lang, vectors[n], jira=jira, doc_id=f"{jira}.{lang}") for n, (jira, lang) in pages.items()]
    )
    units.add(
        ids=[f"{n}:u0" for n in pages],
        embeddings=[vectors[n].tolist() for n in pages],
        documents=[f"A sentence of {n}." for n in pages],
        metadatas=[
            {"chunk_id": n, "kind": "sentence", "block": 0, "doc_id": f"{jira}.{lang}", "jira": jira, "language": lang}
            for n, (jira, lang) in pages.items()
        ],
    )
    question = 0.8 * vectors["nl"] + 0.5 * vectors["en-2"]
    question /= np.linalg.norm(question)
    retriever = Retriever(components, collection, units)  # type: ignore[arg-type]
    assert retriever.few_pages_in("nl") and not retriever.few_pages_in("en")  # 1 of 3 sessions; all 3
    dense = retriever.dense_hits(question, 1, None)
    assert [h.node.node_id for h in dense] == ["nl"]
    assert [h.node.node_id for h in retriever.with_reference(dense, question, 1, None)] == ["nl", "en-2"]
    assert [u.chunk_id for u in retriever.session_units(question, 1, {}, "nl")] == ["nl", "en-2"]
    assert [u.chunk_id for u in retriever.session_units(question, 1, {}, "en")] == ["nl"]


def test_a_question_comparing_products_retrieves_each_ones_nearest_chunks(chat):
    # two chunks are fewer than one product's pages on a Center of Excellence: the other product had none
    found = chat.retriever.hybrid("Vergleiche das Center of Excellence von AJO und CJA", "de", 2, None)
    assert {h.meta.solution for h in found.hits} == {"Journey Optimizer", "Customer Journey Analytics"}
    alone = chat.retriever.hybrid("Was ist ein Center of Excellence bei AJO?", "de", 2, None)
    assert {h.meta.solution for h in alone.hits} == {"Journey Optimizer"}  # one product: no other's chunks
