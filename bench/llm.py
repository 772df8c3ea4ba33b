"""LLM path overhead: what generative answering adds around the model, with a model that answers at once.

A loopback server (assistant/fake_llm_servers.py) speaks the OpenAI or Ollama protocol and replies instantly, so
the figures are our own cost (engine, prompt, HTTP client, condensing round trip), not a model's.

Run: .venv/bin/python bench/llm.py [--repeat 3]  (uses the index in SESSION_ASSISTANT_DATA_DIR, ./data)
"""

from __future__ import annotations

import argparse

from common import ROOT, pct, save, table, timed

from assistant.chat import ChatService
from assistant.components import Components
from assistant.evaluation import load_cases
from assistant.fake_llm_servers import FakeModelServer
from assistant.logs import quiet_libraries
from assistant.schemas import Turn
from assistant.settings import Settings


def measure(chat: ChatService, cases: list, repeat: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"first_ms": [], "total_ms": [], "follow_up_total_ms": []}
    for _ in range(repeat):
        for case in cases:
            first, total, _ = timed(chat, case.question, [])
            out["first_ms"].append(first)
            out["total_ms"].append(total)
            history = [Turn(role="user", content=case.question), Turn(role="assistant", content="…")]
            out["follow_up_total_ms"].append(timed(chat, "Och vem av dem ansvarar för det?", history)[1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    quiet_libraries()
    cases = [c for c in load_cases(ROOT / "tests" / "eval" / "corpus.yaml") if c.jira][:30]
    base = Settings()
    extractive = ChatService(Components.build(base))
    extractive.warm_up()
    results = {"extractive": measure(extractive, cases, args.repeat)}
    for flavour in ("openai", "ollama"):
        with FakeModelServer(flavour) as fake:
            settings = base.model_copy(update={"llm": flavour, "llm_base_url": fake.url, "llm_model": fake.model})
            components = Components(settings, embedding=extractive.components.embedding)
            chat = ChatService(components)
            timed(chat, cases[0].question, [])  # first request pays for imports and connections
            results[f"llm:{flavour}"] = measure(chat, cases, args.repeat)
    summary = {
        name: {metric: {"p50": pct(v, 0.5), "p95": pct(v, 0.95), "n": len(v)} for metric, v in metrics.items()}
        for name, metrics in results.items()
    }
    base_p50 = summary["extractive"]["total_ms"]["p50"]
    rows = [
        (name, s["first_ms"]["p50"], s["total_ms"]["p50"], s["total_ms"]["p95"], s["follow_up_total_ms"]["p50"],
         f"{s['total_ms']['p50'] / base_p50:.2f}x")
        for name, s in summary.items()
    ]  # fmt: skip
    table(rows, ("answerer", "first piece p50 ms", "total p50 ms", "total p95 ms", "follow-up p50 ms", "vs extractive"))
    print(f"written {save('llm', summary)}")


if __name__ == "__main__":
    main()
