"""SQLite log of asked questions (one row per trace id) and the feedback given on them.

The file lives in the data directory (`traces.sqlite`); WAL mode lets several uvicorn
workers on one host write to it at once.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path

from assistant.errors import StoreError
from assistant.types import Answer

TRACES_FILE = "traces.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS traces (
    trace_id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    caller TEXT NOT NULL,
    audience TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    lang TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    abstain_reason TEXT,
    citations TEXT NOT NULL,
    timings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    trace_id TEXT NOT NULL REFERENCES traces(trace_id),
    created REAL NOT NULL,
    caller TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    question TEXT NOT NULL,
    answer TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS traces_abstained ON traces(abstained, created);
"""
# Columns added after the first release; a log written by an older version gains them on open.
_ADDED_COLUMNS = {"traces": "resolved_question TEXT", "feedback": "resolved_question TEXT"}


def new_trace_id() -> str:
    """A fresh, unguessable trace id."""
    return uuid.uuid4().hex


class TraceLog:
    """Questions, answers and feedback in one SQLite file; safe to share across threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, timeout=10.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            for table, column in _ADDED_COLUMNS.items():
                present = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
                if column.split()[0] not in present:
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open the trace log {path}: {exc}; check that the data directory "
                "is writable (ASSISTANT_DATA_DIR)"
            ) from exc
        self._lock = threading.Lock()

    def record(
        self, trace_id: str, question: str, answer: Answer, *, caller: str, audience: str
    ) -> None:
        """Keep the question and answer of `trace_id` so feedback can refer to them."""
        citations = [
            {"n": c.n, "doc_id": c.doc_id, "chunk_id": c.chunk_id} for c in answer.citations
        ]
        row = (
            trace_id,
            time.time(),
            caller,
            audience,
            question,
            answer.text,
            answer.lang,
            int(answer.abstained),
            answer.abstain_reason,
            json.dumps(citations),
            json.dumps(answer.timings_ms),
            answer.resolved_question,
        )
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO traces (trace_id, created, caller, audience, question, answer, lang, "
                "abstained, abstain_reason, citations, timings, resolved_question) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                row,
            )

    def add_feedback(
        self, trace_id: str, *, rating: str, comment: str | None, caller: str
    ) -> dict[str, str]:
        """Store a rating of `trace_id` with its question and answer (KeyError: unknown id)."""
        with self._lock, self._db:
            found = self._db.execute(
                "SELECT question, answer, resolved_question FROM traces WHERE trace_id = ?",
                (trace_id,),
            ).fetchone()
            if found is None:
                raise KeyError(trace_id)
            self._db.execute(
                "INSERT INTO feedback (trace_id, created, caller, rating, comment, question, "
                "answer, resolved_question) VALUES (?,?,?,?,?,?,?,?)",
                (trace_id, time.time(), caller, rating, comment, found[0], found[1], found[2]),
            )
        return {"question": found[0], "answer": found[1]}

    def feedback_rows(self) -> list[dict[str, object]]:
        """Every feedback row, oldest first (for reports and tests)."""
        with self._lock:
            cursor = self._db.execute(
                "SELECT trace_id, rating, comment, question, answer, caller, resolved_question "
                "FROM feedback "
                "ORDER BY id"
            )
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
