"""Typing slips: the development set as typed, and with one slip in each question (two letters swapped in
its longest word, a German noun too; not a product's name or an acronym), answered with and without
mending (assistant.typos). Held-out cases are
reported apart; nothing is tuned here.

    SESSION_ASSISTANT_DATA_DIR=/tmp/series .venv/bin/python bench/typos.py [tests/eval/series.yaml]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from common import ROOT, machine, save, table

from assistant.chat import ChatService
from assistant.components import Components
from assistant.evaluation import Case, CaseResult, breakdown, load_cases, run_case
from assistant.lexical import LexicalIndex
from assistant.logs import quiet_libraries
from assistant.settings import Settings
from assistant.terms import STOPWORDS
from ingest.products import mentioned_products

WORD = re.compile(r"[^\W\d_]{5,}")


def slipped(question: str) -> str:
    """The question with two letters swapped in the middle of its longest word written in lower case or
    capitalised (not a product's name, not an acronym)."""
    words = sorted(
        (m for m in WORD.finditer(question)
         if m.group()[1:].islower() and m.group().lower() not in STOPWORDS and not mentioned_products(m.group())),
        key=lambda m: -len(m.group()),
    )  # fmt: skip
    for found in words:
        word = found.group()
        for middle in range(len(word) // 2, len(word) - 1):
            if word[middle] != word[middle + 1]:
                typo = word[:middle] + word[middle + 1] + word[middle] + word[middle + 2 :]
                return question[: found.start()] + typo + question[found.end() :]
    return question


def run(chat: ChatService, cases: list[Case]) -> list[CaseResult]:
    return [run_case(chat, case) for case in cases]


def figures(results: list[CaseResult]) -> dict[str, dict[str, float]]:
    keys = ("hit_at_1", "fact_recall", "out_of_scope", "in_scope_refusals")
    return {
        name: {k: v for k, v in breakdown(part).items() if k in keys}
        for name, part in (
            ("tuning", [r for r in results if not r.held_out]),
            ("held_out", [r for r in results if r.held_out]),
        )
    }


def main() -> None:
    quiet_libraries()
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "eval" / "series.yaml"
    cases = load_cases(path)
    typed = [c.model_copy(update={"question": slipped(c.question)}) for c in cases]
    changed = sum(t.question != c.question for t, c in zip(typed, cases, strict=True))
    chat = ChatService(Components.build(Settings()))
    chat.warm_up()
    rows = {"as written": figures(run(chat, cases)), "one slip, mended": figures(run(chat, typed))}
    mended = LexicalIndex.mended
    LexicalIndex.mended = lambda self, message, language: message  # type: ignore[method-assign]
    try:
        rows["one slip, not mended"] = figures(run(chat, typed))
    finally:
        LexicalIndex.mended = mended  # type: ignore[method-assign]
    print(f"{changed} of {len(cases)} questions got a slip ({path.name})")
    for part in ("tuning", "held_out"):
        print(f"\n{part}")
        keys = ("hit_at_1", "fact_recall", "out_of_scope", "in_scope_refusals")
        table([(name, *(r[part].get(k, "") for k in keys)) for name, r in rows.items()],
              ("run", "hit@1", "recall", "out of scope", "in-scope refusals"))  # fmt: skip
    save("typos", {"machine": machine(), "cases": path.name, "slipped": changed, "runs": rows})


if __name__ == "__main__":
    main()
