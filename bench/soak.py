"""Soak: mixed chat, stream, OpenAI-stream and feedback traffic at bounded concurrency against
`session-assistant serve`, while ingestions and one rebuild run beside it. Reports 5xx (must be 0),
server memory and threads after warm-up and at the end (flat: ≤ 10 % growth).

Run: .venv/bin/python bench/soak.py [--seconds 180] [--concurrency 8] [--warmup 30] [--ingest-every 20]
Works in a temporary data directory over corpus/ (plus ../shared/vra-corpus when present); no
question is sent twice in a run (a cache could not flatter it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from common import ROOT, free_port, median, rss_mb, save, start_server, table
from questions import distinct_questions


class Traffic:
    def __init__(self, client: httpx.Client, questions: list[str]) -> None:
        self.client = client
        self.questions = iter(questions)
        self.lock = threading.Lock()
        self.statuses: Counter[str] = Counter()
        self.latencies: list[float] = []
        self.sent = 0

    def next_question(self) -> str:
        with self.lock:
            self.sent += 1
            return next(self.questions)

    def record(self, kind: str, status: int | str, started: float) -> None:
        with self.lock:
            self.statuses[f"{kind} {status}"] += 1
            self.latencies.append((time.perf_counter() - started) * 1000)

    def one(self, i: int) -> None:
        kind = ("chat", "stream", "openai", "chat", "feedback", "stream", "health")[i % 7]
        started = time.perf_counter()
        try:
            if kind == "chat":
                status = self.client.post("/api/chat", json={"message": self.next_question()}).status_code
            elif kind == "stream":
                with self.client.stream("POST", "/api/chat/stream", json={"message": self.next_question()}) as r:
                    status = r.status_code
                    for _ in r.iter_bytes():
                        pass
            elif kind == "openai":
                body = {"messages": [{"role": "user", "content": self.next_question()}], "stream": True}
                with self.client.stream("POST", "/v1/chat/completions", json=body) as r:
                    status = r.status_code
                    for _ in r.iter_bytes():
                        pass
            elif kind == "feedback":
                body = {"message": f"question {i}", "answer": "an answer " * 20, "rating": "down"}
                status = self.client.post("/api/feedback", json=body).status_code
            else:
                status = self.client.get("/api/health").status_code
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        self.record(kind, status, started)


def ingest(env: dict, *args: str) -> tuple[int, float]:
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ingest", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return run.returncode, time.perf_counter() - started


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=30)
    parser.add_argument("--ingest-every", type=float, default=20)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="session-assistant-soak-"))
    corpus = work / "corpus"
    series = ROOT.parent / "shared" / "vra-corpus"  # the whole series when present (it holds corpus/'s session)
    shutil.copytree(series if series.is_dir() else ROOT / "corpus", corpus)
    env = dict(
        os.environ, SESSION_ASSISTANT_DATA_DIR=str(work / "data"), SESSION_ASSISTANT_FEEDBACK_PER_MINUTE="100000"
    )
    code, _ = ingest(env, str(corpus))
    assert code == 0, "the first ingestion failed"
    port = free_port()
    server = start_server(env, port)
    questions = distinct_questions()
    samples: list[tuple[float, float, int]] = []  # (seconds since start, RSS MB, threads)
    ingestions: list[tuple[str, int, float]] = []
    stop = threading.Event()
    began = time.time()

    def sample() -> None:
        while not stop.wait(2):
            samples.append((time.time() - began, rss_mb(server.pid), threads(server.pid)))

    def change_content() -> None:
        page = sorted(corpus.rglob("*operating-model*.md"))[0]
        original = page.read_text()
        n = 0
        while not stop.wait(args.ingest_every):
            n += 1
            rebuild = n == 4  # one rebuild, in the middle of the run
            page.write_text(original + f"\n\nNote {n} added during the soak.\n")
            code, seconds = ingest(env, str(corpus), *(["--rebuild"] if rebuild else []))
            ingestions.append(("rebuild" if rebuild else "ingest", code, round(seconds, 1)))

    helpers = [threading.Thread(target=sample), threading.Thread(target=change_content)]
    for helper in helpers:
        helper.start()
    try:
        limits = httpx.Limits(max_connections=args.concurrency)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60, limits=limits) as client:
            traffic = Traffic(client, questions)
            with ThreadPoolExecutor(args.concurrency) as pool:
                i = 0
                while time.time() - began < args.seconds and traffic.sent < len(questions) - args.concurrency:
                    list(pool.map(traffic.one, range(i, i + args.concurrency * 4)))
                    i += args.concurrency * 4
    finally:
        stop.set()
        for helper in helpers:
            helper.join()
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    after_warmup = [s for s in samples if s[0] >= args.warmup] or samples
    rss_start, rss_end = after_warmup[0][1], after_warmup[-1][1]
    server_errors = sum(n for key, n in traffic.statuses.items() if key.split()[-1].startswith("5"))
    failures = sum(n for key, n in traffic.statuses.items() if not key.split()[-1].isdigit())
    results = {
        "seconds": round(time.time() - began, 1),
        "concurrency": args.concurrency,
        "requests": sum(traffic.statuses.values()),
        "distinct_questions_sent": traffic.sent,
        "statuses": dict(sorted(traffic.statuses.items())),
        "server_errors_5xx": server_errors,
        "connection_failures": failures,
        "latency_p50_ms": median(traffic.latencies),
        "ingestions": ingestions,
        "rss_mb_after_warmup": rss_start,
        "rss_mb_end": rss_end,
        "rss_mb_peak": max(s[1] for s in samples),
        "rss_growth_pct": round(100 * (rss_end - rss_start) / rss_start, 1),
        "threads_after_warmup": after_warmup[0][2],
        "threads_end": after_warmup[-1][2],
        "threads_peak": max(s[2] for s in samples),
    }
    table([(k, v) for k, v in results.items()], ("figure", "value"))
    print(f"written {save('soak', results)}")


if __name__ == "__main__":
    main()
