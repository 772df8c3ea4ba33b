"""Encoder benchmark: query-embedding time and agreement with PyTorch, for each backend.

Run: .venv/bin/python bench/encoder.py [--repeat 5]
Each of the development set's questions is embedded once per round (distinct questions, in their own
languages); medians over all rounds. Agreement is the cosine of each backend's vector with PyTorch's.
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import ROOT, save, table

from assistant.embedding import converted_model_dir, load_embedding
from assistant.evaluation import load_cases
from assistant.logs import quiet_libraries
from assistant.onnx_encoder import OnnxEmbedding
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
    encoders = {
        "torch (fp32)": load_embedding(settings.model_copy(update={"embed_backend": "torch"})),
        "onnx (fp32)": OnnxEmbedding(folder, False, settings.query_prefix, settings.passage_prefix),
        "onnx (int8)": OnnxEmbedding(folder, True, settings.query_prefix, settings.passage_prefix),
    }
    reference = [encoders["torch (fp32)"].get_query_embedding(q) for q in questions]
    rows, results = [], {"questions": len(questions), "repeat": args.repeat}
    for name, encoder in encoders.items():
        encoder.get_query_embedding("warm up")
        times = []
        for _ in range(args.repeat):
            for question in questions:
                started = time.perf_counter()
                encoder.get_query_embedding(question)
                times.append((time.perf_counter() - started) * 1000)
        agree = [sum(a * b for a, b in zip(encoder.get_query_embedding(q), r, strict=True))
                 for q, r in zip(questions, reference, strict=True)]  # fmt: skip
        figures = {"p50_ms": round(statistics.median(times), 2), "cosine_min": round(min(agree), 4),
                   "cosine_median": round(statistics.median(agree), 4)}  # fmt: skip
        results[name] = figures
        rows.append((name, figures["p50_ms"], figures["cosine_min"], figures["cosine_median"]))
    table(rows, ("encoder", "query embed p50 ms", "cosine vs torch min", "median"))
    print(f"written {save('encoder', results)}")


if __name__ == "__main__":
    main()
