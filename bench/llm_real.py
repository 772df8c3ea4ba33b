"""Generative answers with a real model server: llama.cpp's server and Gemma 3 270M (`make llm-install`).

Measures the model itself (tokens per second, time to first token) and answers through ChatService with
the default limits (max_tokens 512, deadline 60 s): answer time, and how often the output guard or the
deadline replaced the model's text with the extractive answer. Gemma 3 270M is a base model: most of what
it writes is not an answer, so a high fallback rate is expected and is the guard doing its job.

Run: .venv/bin/python bench/llm_real.py [--questions 12]  (uses the index in SESSION_ASSISTANT_DATA_DIR, ./data)
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import time

import httpx
from common import ROOT, free_port, pct, save, start_server, table, timed

from assistant.chat import ChatService
from assistant.components import Components
from assistant.evaluation import load_cases
from assistant.logs import quiet_libraries
from assistant.settings import Settings

MODEL = "gemma-3-270m"


class Reasons(logging.Handler):
    """Collects the chat service's warnings: why a model answer was not used."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def start(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        ["make", "-s", "llm-server", f"LLM_PORT={port}"], cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.5)
    raise RuntimeError("the model server did not start (run `make llm-install` first)")


def model_speed(url: str) -> dict:
    """Tokens per second and time to first token, straight from the server (no Session Assistant)."""
    body = {"model": MODEL, "max_tokens": 128, "stream": True,
            "messages": [{"role": "user", "content": "Describe a marketing team's weekly meeting."}]}  # fmt: skip
    started, first, pieces = time.perf_counter(), None, 0
    with httpx.stream("POST", f"{url}/chat/completions", json=body, timeout=120) as response:
        for line in response.iter_lines():
            if line.startswith("data:") and '"content"' in line:
                first = first or time.perf_counter()
                pieces += 1
    done = time.perf_counter()
    return {"ttft_ms": round(((first or done) - started) * 1000, 1),
            "tokens_per_s": round(pieces / (done - (first or started)), 1), "tokens": pieces}  # fmt: skip


def route_times(url: str, model_url: str, questions: list[str]) -> dict[str, list[float]]:
    """Seconds per answer on each HTTP route, served by `session-assistant serve` with the model."""
    env = dict(os.environ, SESSION_ASSISTANT_LLM="openai", SESSION_ASSISTANT_LLM_BASE_URL=model_url,
               SESSION_ASSISTANT_LLM_MODEL=MODEL)  # fmt: skip
    port = int(url.rsplit(":", 1)[1])
    server = start_server(env, port)
    bodies = {
        "/api/chat": lambda q: {"message": q},
        "/api/chat/stream": lambda q: {"message": q},
        "/v1/chat/completions": lambda q: {"model": "x", "stream": True, "messages": [{"role": "user", "content": q}]},
    }
    times: dict[str, list[float]] = {route: [] for route in bodies}
    try:
        for question in questions:
            for route, body in bodies.items():
                started = time.perf_counter()
                with httpx.stream("POST", f"{url}{route}", json=body(question), timeout=120) as response:
                    for _ in response.iter_lines():
                        pass
                times[route].append(time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=12)
    args = parser.parse_args()
    quiet_libraries()
    port = free_port()
    server = start(port)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        speed = model_speed(url)
        settings = Settings(llm="openai", llm_base_url=url, llm_model=MODEL)
        chat = ChatService(Components.build(settings))
        reasons = Reasons()
        logging.getLogger("assistant.chat").addHandler(reasons)
        cases = [c for c in load_cases(ROOT / "tests" / "eval" / "corpus.yaml") if c.jira and not c.history]
        firsts, totals, answerers = [], [], []
        for case in cases[: args.questions]:
            chat._llm_failed_at = -float("inf")  # every question asks the model (no rest after a deadline)
            first, total, response = timed(chat, case.question, [])
            firsts.append(first)
            totals.append(total)
            answerers.append(response.answerer)  # type: ignore[attr-defined]  # the stream ends with the response
        routes = route_times(f"http://127.0.0.1:{free_port()}", url, [c.question for c in cases[-4:]])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
    fallback = sum(a == "extractive" for a in answerers) / len(answerers)
    summary = {
        "model": speed, "questions": len(totals), "first_piece_ms": {"p50": pct(firsts, 0.5)},
        "answer_ms": {"p50": pct(totals, 0.5), "p95": pct(totals, 0.95), "max": max(totals)},
        "fallback_rate": round(fallback, 3), "reasons": reasons.messages,
        "limits": {"max_tokens": settings.llm_max_tokens, "deadline_s": settings.llm_deadline},
        "routes_s": {route: {"p50": pct(t, 0.5), "max": max(t), "n": len(t)} for route, t in routes.items()},
    }  # fmt: skip
    rows = [
        ("model: tokens/s, time to first token", f"{speed['tokens_per_s']} tok/s", f"{speed['ttft_ms']} ms"),
        ("answer: first piece p50, total p50 / p95 / max", f"{pct(firsts, 0.5):.0f} ms",
         f"{pct(totals, 0.5):.0f} / {pct(totals, 0.95):.0f} / {max(totals):.0f} ms"),
        ("extractive fallback (guard or deadline)", f"{fallback:.0%}", f"{len(totals)} questions"),
        *((f"HTTP {route}: p50 / max", f"{pct(t, 0.5):.1f} / {max(t):.1f} s", f"{len(t)} questions")
          for route, t in routes.items()),
    ]  # fmt: skip
    table(rows, ("figure", "value", ""))
    for reason in sorted(set(reasons.messages)):
        print(" ", reason)
    print(f"written {save('llm_real', summary)}")


if __name__ == "__main__":
    main()
