"""Concurrent requests' query embeddings run as one batch.

Under load, eight requests embedding one question each on two cores oversubscribe the encoder's threads;
one run over the eight questions costs little more than one over a single question. ONNX Runtime and
LlamaIndex batch only what one caller hands them, so this gathers what concurrent callers ask: the first
caller runs a batch of everything waiting, and those who arrive meanwhile form the next one. A lone
caller runs at once, as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future

MAX_BATCH = 16


class Batcher:
    def __init__(self, encode: Callable[[list[str]], list[list[float]]], max_batch: int = MAX_BATCH) -> None:
        self.encode = encode
        self.max_batch = max_batch
        self._running = threading.Lock()  # held by the caller running a batch
        self._waiting: list[tuple[str, Future[list[float]]]] = []
        self._waiting_lock = threading.Lock()

    def __call__(self, text: str) -> list[float]:
        future: Future[list[float]] = Future()
        with self._waiting_lock:
            self._waiting.append((text, future))
        while not future.done():
            with self._running:
                if not future.done():  # else another caller ran it while this one waited
                    self.run_waiting()
        return future.result()

    def run_waiting(self) -> None:
        with self._waiting_lock:
            batch, self._waiting = self._waiting[: self.max_batch], self._waiting[self.max_batch :]
        if not batch:
            return
        try:
            vectors = self.encode([text for text, _ in batch])
        except BaseException as error:  # every caller in the batch gets the error, none waits forever
            for _, future in batch:
                future.set_exception(error)
            return
        for (_, future), vector in zip(batch, vectors, strict=True):
            future.set_result(vector)
