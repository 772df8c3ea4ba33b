"""Concurrent query embeddings are batched, and every caller gets its own vector (or the batch's error)."""

import threading
import time

import pytest

from assistant.batching import Batcher


class Encoder:
    """Vectors that name their text; the first run can be held open to let other callers queue up."""

    def __init__(self, hold_first: bool = False, fail_on: str | None = None) -> None:
        self.calls: list[list[str]] = []
        self.release = threading.Event()
        self.started = threading.Event()
        self.hold_first = hold_first
        self.fail_on = fail_on

    def __call__(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        if self.hold_first and len(self.calls) == 1:
            self.started.set()
            assert self.release.wait(5)
        if self.fail_on in texts:
            raise RuntimeError("encoder failed")
        return [[float(len(text)), float(ord(text[0]))] for text in texts]


def ask_all(batcher: Batcher, texts: list[str]) -> tuple[dict[str, object], list[threading.Thread]]:
    results: dict[str, object] = {}

    def ask(text: str) -> None:
        try:
            results[text] = batcher(text)
        except RuntimeError as error:
            results[text] = error

    threads = [threading.Thread(target=ask, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    return results, threads


def ask_while_the_first_runs(batcher: Batcher, encoder: Encoder, texts: list[str]) -> dict[str, object]:
    """`a` starts a batch and is held there while `texts` are asked; then everyone finishes."""
    results, threads = ask_all(batcher, ["a"])
    assert encoder.started.wait(5)
    later, more = ask_all(batcher, texts)
    deadline = time.time() + 5
    while len(batcher._waiting) < len(texts) and time.time() < deadline:
        time.sleep(0.01)
    encoder.release.set()
    for thread in threads + more:
        thread.join(5)
    return results | later


def test_a_lone_question_runs_at_once():
    encoder = Encoder()
    assert Batcher(encoder)("roles") == [5.0, float(ord("r"))]
    assert encoder.calls == [["roles"]]


def test_questions_that_wait_run_together_and_each_gets_its_own_vector():
    encoder = Encoder(hold_first=True)
    waiting = ["bb", "ccc", "dddd", "eeeee"]
    results = ask_while_the_first_runs(Batcher(encoder), encoder, waiting)
    assert encoder.calls[0] == ["a"] and sorted(encoder.calls[1]) == waiting and len(encoder.calls) == 2
    assert all(results[t] == [float(len(t)), float(ord(t[0]))] for t in ["a", *waiting])


def test_batches_hold_at_most_max_batch_questions():
    encoder = Encoder(hold_first=True)
    results = ask_while_the_first_runs(Batcher(encoder, max_batch=2), encoder, ["b", "c", "d"])
    assert [len(call) for call in encoder.calls] == [1, 2, 1] and len(results) == 4


def test_an_error_reaches_every_caller_of_the_batch_and_the_next_batch_still_runs():
    encoder = Encoder(hold_first=True, fail_on="boom")
    batcher = Batcher(encoder)
    results = ask_while_the_first_runs(batcher, encoder, ["boom", "other"])
    assert all(isinstance(results[t], RuntimeError) for t in ("boom", "other"))
    assert batcher("after") == [5.0, float(ord("a"))]
    with pytest.raises(RuntimeError):
        batcher("boom")
