"""Scale benchmark: retrieval latency as the collection grows to 1k, 10k and 100k chunks, dense and hybrid.

Synthetic chunks are built from the corpus's own sentences; their vectors are perturbed copies of the
real chunk vectors (re-normalised), so 100k chunks do not take hours to embed. The BM25 index is built
over the synthetic texts as for real content and saved for the revision, as an ingestion does; then a
new view (a serving process following the new revision) loads it.
Run: .venv/bin/python bench/scale.py [--sizes 1000 10000 100000] [--queries 40]
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
from common import ROOT, pct, save, table
from llama_index.core.schema import TextNode

from assistant.components import Components
from assistant.evaluation import load_cases
from assistant.ingestion import IngestionService
from assistant.logs import quiet_libraries
from assistant.retrieval import Retriever
from assistant.settings import Settings
from assistant.store import bump_revision, vector_store
from assistant.terms import terms


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def synthetic_nodes(real: list[TextNode], vectors: np.ndarray, start: int, count: int, rng: random.Random):
    sentences = [s for n in real for s in n.get_content().split("\n") if len(s) > 30]
    np_rng = np.random.default_rng(start)
    for i in range(start, start + count):
        base = rng.randrange(len(real))
        text = " ".join(rng.sample(sentences, 3))
        vector = vectors[base] + np_rng.normal(0, 0.02, vectors.shape[1]).astype(np.float32)
        meta = dict(real[base].metadata)
        meta |= {"doc_id": f"SYN-{i // 20}.{meta.get('language', 'en')}", "jira": f"SYN-{i // 20}",
                 "section_index": i % 20, "chunk_index": i % 20}  # fmt: skip
        node = TextNode(text=text, id_=f"syn-{i}", metadata=meta)
        node.embedding = (vector / np.linalg.norm(vector)).tolist()
        yield node


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    quiet_libraries()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        components = Components.build(Settings(data_dir=Path(tmp)))
        IngestionService(components).ingest([ROOT / "corpus"])
        collection = components.collection()
        got = collection.get(include=["documents", "metadatas", "embeddings"])
        real = [
            TextNode(text=t, id_=i, metadata=m)
            for i, t, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        questions = [c.question for c in load_cases(ROOT / "tests" / "eval" / "corpus.yaml")][: args.queries]
        embedder = Retriever(components, collection)
        embedded = [(q, embedder.embed(q)) for q in questions]
        store = vector_store(collection)
        rows, results, size = [], {}, collection.count()
        for target in sorted(args.sizes):
            started = time.perf_counter()
            nodes = synthetic_nodes(real, vectors, size, target - size, rng)
            while batch := list(itertools.islice(nodes, 2000)):  # streamed: 100k nodes at once cost GBs here
                store.add(batch)
            inserted_rss = peak_rss_mb()
            bump_revision(collection)
            size = collection.count()
            load_seconds = time.perf_counter() - started
            retriever = Retriever(components, collection)
            started = time.perf_counter()
            retriever.lexical.get()  # nothing saved for this revision yet: built from Chroma, then saved
            bm25_build = time.perf_counter() - started
            # What a serving process does after an ingestion moved the revision: a new view, whose BM25
            # index is the one saved for that revision, and its first hybrid search.
            started = time.perf_counter()
            follower = Retriever(components, collection)
            follower.lexical.get().search(terms(questions[0], "en"), 12)
            pick_up = time.perf_counter() - started
            # Word pieces (assistant.grams): the view's weights on its first question, then each question's
            # retrieved chunks, whose pieces are weighed when first seen.
            pieces_ms = []
            for question, vector in embedded:
                hits = follower.dense_hits(vector, 12, None)
                t0 = time.perf_counter()
                follower.piece_scores(question, hits)
                pieces_ms.append((time.perf_counter() - t0) * 1000)
            dense_ms, hybrid_ms = [], []
            for _ in range(3):
                # A new view each round: its copy of the chunks starts empty, so no round reads a chunk
                # another round already read (each question's chunks cost their read from Chroma).
                retriever = Retriever(components, collection)
                retriever.lexical.get()
                for question, vector in embedded:
                    t0 = time.perf_counter()
                    retriever.dense_hits(vector, 12, None)
                    t1 = time.perf_counter()
                    retriever.lexical.get().search(terms(question, "en"), 12)
                    t2 = time.perf_counter()
                    dense_ms.append((t1 - t0) * 1000)
                    hybrid_ms.append((t2 - t0) * 1000)
            results[str(size)] = {
                "dense_p50_ms": pct(dense_ms, 0.5), "dense_p95_ms": pct(dense_ms, 0.95),
                "hybrid_p50_ms": pct(hybrid_ms, 0.5), "hybrid_p95_ms": pct(hybrid_ms, 0.95),
                "bm25_build_s": round(bm25_build, 2), "pick_up_s": round(pick_up, 2),
                "pieces_first_question_s": round(pieces_ms[0] / 1000, 2), "pieces_p50_ms": pct(pieces_ms[1:], 0.5),
                "insert_s": round(load_seconds, 1), "peak_rss_after_insert_mb": inserted_rss,
                "peak_rss_mb": peak_rss_mb(),
            }  # fmt: skip
            r = results[str(size)]
            rows.append((size, r["dense_p50_ms"], r["dense_p95_ms"], r["hybrid_p50_ms"], r["hybrid_p95_ms"],
                         r["bm25_build_s"], r["pick_up_s"], r["pieces_first_question_s"], r["pieces_p50_ms"],
                         r["insert_s"], r["peak_rss_mb"]))  # fmt: skip
        first, last = results[str(min(int(k) for k in results))], results[str(max(int(k) for k in results))]
        ratio = round(last["dense_p50_ms"] / first["dense_p50_ms"], 2) if first["dense_p50_ms"] else 0.0
        results["dense_p50_ratio_largest_to_smallest"] = ratio
    table(rows, ("chunks", "dense p50 ms", "dense p95", "hybrid p50 ms", "hybrid p95", "BM25 build+save s",
                 "new view picks it up s", "word pieces: first question s", "then p50 ms", "insert s",
                 "peak RSS MB"))  # fmt: skip
    print(f"dense p50 ratio, largest/smallest: {ratio}")
    print(f"written {save('scale', results)}")


if __name__ == "__main__":
    main()
