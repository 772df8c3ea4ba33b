"""Like/dislike feedback, kept in SQLite under the data dir (one short connection per write).

Bounded on every side: each field by the request schema, the database by a size cap, and each client
by a rate limit, so neither a script nor a careless page can grow the store without end."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict, deque
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from assistant.schemas import FeedbackRequest

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    message TEXT NOT NULL,
    answer TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT ''
)
"""
WINDOW_SECONDS = 60.0
TRACKED_CLIENTS = 10_000  # the rate limiter's own memory is bounded too


class FeedbackRefused(Exception):
    """Feedback not stored; `status` is the HTTP status that says why (429 too fast, 507 store full)."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class RateLimit:
    """At most `limit` events per client in any sliding minute."""

    def __init__(self, limit: int, window: float = WINDOW_SECONDS) -> None:
        self.limit = limit
        self.window = window
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait_needed(self, client: str, now: float | None = None) -> float:
        """Seconds until this client may send again; 0 records the event."""
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._events.setdefault(client, deque())
            self._events.move_to_end(client)
            while events and now - events[0] >= self.window:
                events.popleft()
            if len(events) >= self.limit:
                return self.window - (now - events[0])
            events.append(now)
            while len(self._events) > TRACKED_CLIENTS:
                self._events.popitem(last=False)
            return 0.0


class FeedbackStore:
    def __init__(self, path: Path, max_bytes: int = 100_000_000, per_minute: int = 20) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.rate = RateLimit(per_minute)

    def connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        connection.execute(SCHEMA)
        return connection

    def size(self) -> int:
        files = [self.path, *(self.path.with_name(self.path.name + suffix) for suffix in ("-wal", "-journal"))]
        total = 0
        for file in files:
            try:
                total += file.stat().st_size
            except FileNotFoundError:  # a journal comes and goes with each write
                continue
        return total

    def record(self, feedback: FeedbackRequest, client: str = "local") -> int:
        """Store validated feedback, or raise FeedbackRefused."""
        wait = self.rate.wait_needed(client)
        if wait > 0:
            raise FeedbackRefused(429, "too much feedback from this client; try again in a minute", int(wait) + 1)
        if self.size() >= self.max_bytes:
            raise FeedbackRefused(507, "the feedback store is full; an operator must archive it")
        with closing(self.connect()) as db, db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, message, answer, rating, comment) VALUES (?, ?, ?, ?, ?)",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    feedback.message,
                    feedback.answer,
                    feedback.rating,
                    feedback.comment,
                ),
            )
            return int(cursor.lastrowid or 0)

    def rows(self) -> list[dict]:
        with closing(self.connect()) as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute("SELECT * FROM feedback ORDER BY id")]
