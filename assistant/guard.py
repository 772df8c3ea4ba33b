"""The output guard and the deadline: what a model wrote is passed off as a grounded answer only when it
reads like one, and only when it came in time.

Small or misconfigured models (a base model, a wrong chat template) write things that are not answers:
the prompt repeated back, passages copied with their headers, no citation at all. The extractive answer
is always at hand, so such text is replaced by it rather than shown as the model's answer."""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.citations import cited_numbers

# How passages are laid out in the prompt (assistant.generation.passage_text): "[1] Title › Section (sv)".
PASSAGE_HEADER = re.compile(r"^\s*\[\d+\] .+ › .+ \([\w-]+\)\s*$", re.MULTILINE)
SHINGLE_WORDS = 6  # runs of this many words shared with the instructions count as repeating them
ECHO_SHARE = 0.25  # …when this share of the answer's runs are the instructions'


@dataclass(frozen=True)
class Verdict:
    grounded: bool
    reason: str = ""


def judge(answer: str, passages: int, instructions: str) -> Verdict:
    """Whether a model's answer may stand as grounded, and if not, why (one reason, for the log)."""
    if PASSAGE_HEADER.search(answer):
        return Verdict(False, "it repeats the passages as the prompt lists them")
    if echoes(answer, instructions):
        return Verdict(False, "it repeats the prompt's instructions")
    cited = cited_numbers(answer)
    if not cited:
        return Verdict(False, "it cites no listed source")
    unlisted = sorted({n for n in cited if not 1 <= n <= passages})
    if unlisted:
        return Verdict(False, f"it cites [{unlisted[0]}], but only [1]–[{passages}] were listed")
    return Verdict(True)


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def echoes(answer: str, instructions: str) -> bool:
    own = shingles(answer)
    if not own:
        return False
    return len(own & shingles(instructions)) / len(own) >= ECHO_SHARE


class DeadlineExceeded(Exception):
    """The model did not finish its answer in time."""


def before_deadline(produce: Callable[[], Iterator[str]], deadline: float) -> Iterator[str]:
    """The producer's pieces as they come, until it ends or `deadline` (time.perf_counter) passes.

    The producer runs in a thread so a wait for the next token can be cut: the HTTP client's timeout
    bounds one wait, not the whole answer, and a model that keeps writing slowly never hits it. The
    thread stops at its next token (closing the stream) or, at worst, when the client's timeout ends."""
    pieces: queue.Queue[tuple[str, object]] = queue.Queue()
    stop = threading.Event()

    def run() -> None:
        try:
            stream = produce()
            for piece in stream:
                if stop.is_set():
                    close = getattr(stream, "close", None)
                    if close:
                        close()
                    return
                pieces.put(("piece", piece))
            pieces.put(("end", None))
        except BaseException as exc:  # relayed to the caller, who decides what a failure means
            pieces.put(("error", exc))

    threading.Thread(target=run, name="llm-answer", daemon=True).start()
    try:
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise DeadlineExceeded
            try:
                kind, value = pieces.get(timeout=remaining)
            except queue.Empty:
                raise DeadlineExceeded from None
            if kind == "end":
                return
            if kind == "error":
                raise value  # type: ignore[misc]
            yield value  # type: ignore[misc]
    finally:
        stop.set()
