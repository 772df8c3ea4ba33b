"""Shared bits of the benchmark scripts: machine description, percentiles, result files, a served app."""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))


def machine() -> dict:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "system": platform.platform()}


def pct(values: list[float], q: float) -> float:
    from assistant.evaluation import percentile

    return round(percentile(values, q), 2)


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3) if values else 0.0


def save(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **data}, indent=2, ensure_ascii=False))
    return path


def table(rows: list[tuple], header: tuple) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    m = machine()
    print(f"\nmachine: {m['cores']} cores, {m['cpu']}, Python {m['python']}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    """`session-assistant serve` as its own process; returns once /api/health says ok."""
    import httpx

    RESULTS.mkdir(parents=True, exist_ok=True)
    log = (RESULTS / f"server-{port}.log").open("w")  # a file, not a pipe nobody reads: that would block
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).json()
            if health["status"] == "ok":
                return proc
            if health["status"] == "error":
                proc.kill()
                raise RuntimeError(health.get("error", "the server could not load its services"))
        except (httpx.HTTPError, KeyError, ValueError):
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited; see {log.name}")
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError("server did not become ready")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def timed(chat, question: str, history: list) -> tuple[float, float, object]:
    """Stream one answer: (first text piece ms, complete response ms, the response)."""
    from assistant.response import Delta

    started = time.perf_counter()
    first = item = None
    for item in chat.stream(question, history):
        if isinstance(item, Delta) and first is None:
            first = time.perf_counter()
    done = time.perf_counter()
    return ((first or done) - started) * 1000, (done - started) * 1000, item
