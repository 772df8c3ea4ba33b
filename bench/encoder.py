"""Encoder benchmark: query-embedding time, memory and agreement with PyTorch, for each backend.

Run: .venv/bin/python bench/encoder.py [--repeat 5]
Each of the development set's questions is embedded once per round (distinct questions, in their own
languages); the encoders take turns round by round, so an hour's drift hits them alike; medians over all
rounds. Agreement is the cosine of each backend's vector with PyTorch's; memory is what loading the
encoder added to this process's RSS.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from common import ROOT, rss_mb, save, table

from assistant.embedding import converted_model_dir, load_embedding
from assistant.evaluation import load_cases
from assistant.logs import quiet_libraries
from assistant.onnx_embedding import OnnxEmbedding
from assistant.onnx_model import OnnxEncoder
from assistant.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    quiet_libraries()
    questions = sorted({c.question for name in ("corpus", "series", "held_out")
                        for c in load_cases(ROOT / "tests" / "eval" / f"{name}.yaml")})  # fmt: skip
    settings = Settings()
    folder = converted_model_dir(settings)
    reference_encoder = load_embedding(settings.model_copy(update={"embed_backend": "torch"}))
    reference = [reference_encoder.get_query_embedding(q) for q in questions]
    encoders, memory = {"torch (fp32)": reference_encoder}, {"torch (fp32)": None}  # loaded with its imports
    for quantize, spin_us in (("none", 0), ("embeddings", 0), ("q4", 0), ("q4", 50), ("all", 0)):
        before = rss_mb(os.getpid())
        encoder = OnnxEmbedding(OnnxEncoder(folder, quantize, spin_us), settings.query_prefix, settings.passage_prefix)
        encoder.get_query_embedding("warm up")
        name = f"onnx (int8: {quantize}{f', spin {spin_us} µs' if spin_us else ''})"
        encoders[name], memory[name] = encoder, round(rss_mb(os.getpid()) - before, 1)
    times: dict[str, list[float]] = {name: [] for name in encoders}
    for _ in range(args.repeat):
        for name, encoder in encoders.items():
            for question in questions:
                started = time.perf_counter()
                encoder.get_query_embedding(question)
                times[name].append((time.perf_counter() - started) * 1000)
    rows, results = [], {"questions": len(questions), "repeat": args.repeat}
    for name, encoder in encoders.items():
        agree = [sum(a * b for a, b in zip(encoder.get_query_embedding(q), r, strict=True))
                 for q, r in zip(questions, reference, strict=True)]  # fmt: skip
        figures = {"p50_ms": round(statistics.median(times[name]), 2), "cosine_min": round(min(agree), 4),
                   "cosine_median": round(statistics.median(agree), 4), "rss_added_mb": memory[name]}  # fmt: skip
        results[name] = figures
        rows.append((name, *figures.values()))
    table(rows, ("encoder", "query embed p50 ms", "cosine vs torch min", "median", "RSS added MB (ONNX)"))
    print(f"written {save('encoder', results)}")


if __name__ == "__main__":
    main()
