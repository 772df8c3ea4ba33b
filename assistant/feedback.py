"""Like/dislike feedback, kept in SQLite under the data dir (one short connection per write).

Bounded on every side: each field by the request schema, the database by a size cap, and each client
by a rate limit, so neither a script nor a careless page can grow the store without end."""

from __future__ import annotations

import json
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
# Added later: databases made before them get the columns on first connect.
COLUMNS = {"language": "TEXT", "history": "TEXT NOT NULL DEFAULT '[]'"}
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
        present = {row[1] for row in connection.execute("PRAGMA table_info(feedback)")}
        for column, kind in COLUMNS.items():
            if column not in present:
                connection.execute(f"ALTER TABLE feedback ADD COLUMN {column} {kind}")
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
                "INSERT INTO feedback (created_at, message, answer, rating, comment, language, history)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    feedback.message,
                    feedback.answer,
                    feedback.rating,
                    feedback.comment,
                    feedback.language,
                    json.dumps([t.model_dump() for t in feedback.history], ensure_ascii=False),
                ),
            )
            return int(cursor.lastrowid or 0)

    def rows(self) -> list[dict]:
        with closing(self.connect()) as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute("SELECT * FROM feedback ORDER BY id")]


def as_eval_cases(rows: list[dict], rating: str | None) -> str:
    """Rated answers as development-set cases (tests/eval format): question, language and history are
    filled in; what the answer should have been (session, facts) is left for a person, marked TODO."""
    from ingest.language import detect_language

    lines = ["# Exported from user feedback. Fill `jira` (null when out of scope) and `facts`, then add to a set."]
    for row in rows:
        if rating and row["rating"] != rating:
            continue
        history = [t["content"] for t in json.loads(row.get("history") or "[]") if t["role"] == "user"]
        case = {
            "id": f"feedback-{row['id']}",
            "question": row["message"],
            "language": row.get("language") or detect_language(row["message"]),
            "history": history,
            "jira": "TODO",
            "facts": [],
        }
        answered = " ".join(row["answer"].split())[:160]
        lines.append(f"\n# rated {row['rating']} on {row['created_at']}: {answered}")
        lines.append("- " + json.dumps(case, ensure_ascii=False))
    return "\n".join(lines) + "\n"
