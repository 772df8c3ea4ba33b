"""Ingestion benchmark: cold ingest of corpus/ (model load included), unchanged re-ingest, the VRA series.

Run: .venv/bin/python bench/ingest.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

from common import ROOT, median, save, table

SUMMARY = re.compile(
    r"(\d+) documents, (\d+) chunks, (\d+) embedded, (\d+) deleted, (\d+) units embedded, (\d+) skipped"
)


def ingest(data_dir: str, *paths: str) -> tuple[float, dict]:
    env = dict(os.environ, SESSION_ASSISTANT_DATA_DIR=data_dir)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ingest", *paths],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    match = SUMMARY.search(done.stdout)
    if not match:
        raise RuntimeError(done.stderr)
    documents, chunks, embedded, deleted, units, skipped = map(int, match.groups())
    counts = {"documents": documents, "chunks": chunks, "embedded": embedded, "deleted": deleted,
              "units_embedded": units, "skipped": skipped}  # fmt: skip
    return seconds, counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows, results = [], {}
    cold, warm, counts = [], [], {}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            seconds, counts = ingest(tmp, "corpus")
            cold.append(seconds)
            warm.append(ingest(tmp, "corpus")[0])
    results["cold_corpus"] = {"seconds_median": median(cold), **counts}
    results["unchanged_reingest"] = {"seconds_median": median(warm), "embedded": 0}
    rows.append(("cold ingest corpus/ (process + model load)", median(cold), counts["chunks"], counts["embedded"],
                 round(counts["chunks"] / median(cold), 1)))  # fmt: skip
    rows.append(("re-ingest unchanged corpus/", median(warm), counts["chunks"], 0, "-"))
    series = ROOT.parent / "shared" / "vra-corpus"
    if series.is_dir():
        runs = []
        for _ in range(max(1, args.repeat - 1)):
            with tempfile.TemporaryDirectory() as tmp:
                seconds, vra = ingest(tmp, str(series))
                runs.append(seconds)
        results["vra_corpus"] = {"seconds_median": median(runs), **vra}
        rows.append(("cold ingest ../shared/vra-corpus", median(runs), vra["chunks"], vra["embedded"],
                     round(vra["chunks"] / median(runs), 1)))  # fmt: skip
    table(rows, ("run", "seconds (median)", "chunks", "embedded", "chunks/s"))
    print(f"written {save('ingest', results)}")


if __name__ == "__main__":
    main()
