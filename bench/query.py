"""Query benchmark: warm ChatService latency per stage over the development set, then through HTTP.

Run: .venv/bin/python bench/query.py [--repeat 5]  (uses the index in SESSION_ASSISTANT_DATA_DIR, ./data)
"""

from __future__ import annotations

import argparse
import os
import time

import httpx
from common import ROOT, free_port, pct, save, start_server, table

from assistant.chat import ChatService
from assistant.components import Components
from assistant.evaluation import load_cases
from assistant.logs import quiet_libraries
from assistant.schemas import Turn
from assistant.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    quiet_libraries()
    cases = [c for c in load_cases(ROOT / "tests" / "eval" / "corpus.yaml")]
    chat = ChatService(Components.build(Settings()))
    chat.warm_up()
    stages: dict[str, list[float]] = {"embed": [], "retrieve": [], "compose": [], "total": []}
    follow_ups: list[float] = []  # a follow-up answers the previous question again (its session), so costs more
    for _ in range(args.repeat):
        for case in cases:
            history = [Turn(role="user", content=m) for m in case.history]
            timings = chat.answer(case.question, history).timings_ms
            for stage in stages:
                stages[stage].append(getattr(timings, stage))
            if history:
                follow_ups.append(timings.total)
    port = free_port()
    server = start_server(dict(os.environ), port)
    http: list[float] = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for case in cases[:5]:  # warm the server's code paths
                client.post("/api/chat", json={"message": case.question})
            for _ in range(args.repeat):
                for case in cases:
                    history = [{"role": "user", "content": m} for m in case.history]
                    started = time.perf_counter()
                    client.post("/api/chat", json={"message": case.question, "history": history}).raise_for_status()
                    http.append((time.perf_counter() - started) * 1000)
    finally:
        server.terminate()
        server.wait(timeout=30)
    stages["total, messages with history"] = follow_ups
    results = {name: {"p50_ms": pct(v, 0.5), "p95_ms": pct(v, 0.95), "n": len(v)} for name, v in stages.items()}
    results["http_api_chat"] = {"p50_ms": pct(http, 0.5), "p95_ms": pct(http, 0.95), "n": len(http)}
    rows = [(f"ChatService {k}" if k != "http_api_chat" else "HTTP POST /api/chat", v["p50_ms"], v["p95_ms"], v["n"])
            for k, v in results.items()]  # fmt: skip
    table(rows, ("stage", "p50 ms", "p95 ms", "samples"))
    print(f"written {save('query', results)}")


if __name__ == "__main__":
    main()
