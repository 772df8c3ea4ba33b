"""Load benchmark: bounded concurrent load on loopback against `session-assistant serve`, every request a
different question (sv/de/it/en/fr/es), so no cache can serve repeats.

Run: .venv/bin/python bench/load.py [--concurrency 8] [--requests 1000] [--cap 180] [--url http://host:port]
Without --url a server is started on a free port over the index in SESSION_ASSISTANT_DATA_DIR (./data).
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from common import free_port, pct, rss_mb, save, start_server, table
from questions import distinct_questions


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=1000, help="every request asks a different question")
    parser.add_argument("--cap", type=float, default=180.0, help="stop sending after this many seconds")
    parser.add_argument("--url")
    args = parser.parse_args()
    questions = distinct_questions(args.requests)  # none repeated: no cache can inflate the figures
    server = None
    url = args.url
    if not url:
        port = free_port()
        server = start_server(dict(os.environ), port)
        url = f"http://127.0.0.1:{port}"
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.time() + args.cap
    peak_rss = [rss_mb(server.pid) if server else 0.0]

    def one(i: int) -> None:
        if time.time() > deadline:
            return
        started = time.perf_counter()
        try:
            r = client.post("/api/chat", json={"message": questions[i]})
            ok = r.status_code == 200
            detail = f"{r.status_code}"
        except httpx.HTTPError as exc:
            ok, detail = False, type(exc).__name__
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            (latencies if ok else errors).append(elapsed if ok else detail)  # type: ignore[arg-type]
            if server and i % 50 == 0:
                peak_rss[0] = max(peak_rss[0], rss_mb(server.pid))

    try:
        limits = httpx.Limits(max_connections=args.concurrency)
        with httpx.Client(base_url=url, timeout=60, limits=limits) as client:
            started = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                list(pool.map(one, range(args.requests)))
            wall = time.perf_counter() - started
    finally:
        if server:
            peak_rss[0] = max(peak_rss[0], rss_mb(server.pid))
            server.terminate()
            server.wait(timeout=30)
    done = len(latencies)
    results = {
        "concurrency": args.concurrency,
        "distinct_questions": len(set(questions)),
        "requests_sent": done + len(errors),
        "ok": done,
        "errors": len(errors),
        "error_kinds": sorted(set(map(str, errors))),
        "seconds": round(wall, 2),
        "throughput_rps": round(done / wall, 1) if wall else 0.0,
        "p50_ms": pct(latencies, 0.5),
        "p95_ms": pct(latencies, 0.95),
        "p99_ms": pct(latencies, 0.99),
        "server_rss_mb": peak_rss[0],
    }
    table([(k, v) for k, v in results.items()], ("figure", "value"))
    print(f"written {save('load', results)}")


if __name__ == "__main__":
    main()
