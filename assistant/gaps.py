"""The gap log: questions the assistant abstained on, kept for content owners to follow up.

One SQLite file under the data directory. `record` is called by `Assistant.ask` on every
abstained answer; `assistant gaps` lists the questions grouped by similarity (greedy
clustering of the stored question embeddings, falling back to content-term overlap), so the
owners see which topics sponsors ask about that the corpus cannot answer.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assistant.text import terms
from assistant.types import Hit

GAPS_FILE = "gaps.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS gaps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    asked_at TEXT NOT NULL,
    lang TEXT NOT NULL,
    audience TEXT NOT NULL,
    question TEXT NOT NULL,
    reason TEXT,
    nearest TEXT NOT NULL,
    vector BLOB
)
"""


@dataclass(frozen=True)
class Gap:
    """One abstained question with the nearest hits the assistant had."""

    id: int
    asked_at: str
    lang: str
    audience: str
    question: str
    reason: str | None
    nearest: list[dict[str, object]]
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class GapGroup:
    """Questions that ask about the same thing (the first is the group's representative)."""

    gaps: list[Gap]

    @property
    def representative(self) -> Gap:
        """The earliest question of the group."""
        return self.gaps[0]


class GapLog:
    """Abstained questions in SQLite at `<data_dir>/gaps.sqlite3`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> GapLog:
        """The gap log of a data directory."""
        return cls(Path(data_dir) / GAPS_FILE)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=5)
        connection.execute(_SCHEMA)
        return connection

    def record(
        self,
        question: str,
        *,
        lang: str,
        audience: str,
        hits: Sequence[Hit],
        reason: str | None = None,
        vector: np.ndarray | None = None,
        nearest: int = 3,
    ) -> None:
        """Store one abstained question (raises sqlite3.Error / OSError when unwritable)."""
        near = [
            {
                "doc_id": h.chunk.doc_id,
                "chunk_id": h.chunk.id,
                "title": h.chunk.title,
                "score": round(float(h.score), 4),
                "dense": h.scores.get("dense"),
            }
            for h in hits[:nearest]
        ]
        blob = None if vector is None else np.asarray(vector, dtype=np.float32).tobytes()
        with self._connect() as connection:
            connection.execute(
                "INSERT INTO gaps (asked_at, lang, audience, question, reason, nearest, vector)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    lang,
                    audience,
                    question,
                    reason,
                    json.dumps(near, ensure_ascii=False),
                    blob,
                ),
            )
        connection.close()

    def all(self) -> list[Gap]:
        """Every recorded gap, oldest first (empty when nothing was recorded yet)."""
        if not self.path.exists():
            return []
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT id, asked_at, lang, audience, question, reason, nearest, vector"
                " FROM gaps ORDER BY id"
            ).fetchall()
        connection.close()
        return [
            Gap(
                id=row[0],
                asked_at=row[1],
                lang=row[2],
                audience=row[3],
                question=row[4],
                reason=row[5],
                nearest=json.loads(row[6]),
                vector=None if row[7] is None else np.frombuffer(row[7], dtype=np.float32),
            )
            for row in rows
        ]


def group_gaps(
    gaps: Sequence[Gap], *, min_cosine: float = 0.9, min_overlap: float = 0.5
) -> list[GapGroup]:
    """Greedy clustering: each gap joins the first group whose representative it resembles.

    Two questions resemble each other when their embeddings' cosine is at least `min_cosine`
    (this groups a Japanese and an English phrasing of one question), or, without vectors,
    when their content terms overlap by at least `min_overlap` (Jaccard). Largest groups first.
    """
    groups: list[list[Gap]] = []
    term_sets: list[frozenset[str]] = []
    for gap in gaps:
        gap_terms = frozenset(terms(gap.question))
        for members, rep_terms in zip(groups, term_sets, strict=True):
            if _similar(gap, members[0], gap_terms, rep_terms, min_cosine, min_overlap):
                members.append(gap)
                break
        else:
            groups.append([gap])
            term_sets.append(gap_terms)
    groups.sort(key=lambda members: (-len(members), members[0].id))
    return [GapGroup(gaps=members) for members in groups]


def _similar(
    a: Gap,
    b: Gap,
    a_terms: frozenset[str],
    b_terms: frozenset[str],
    min_cosine: float,
    min_overlap: float,
) -> bool:
    if a.vector is not None and b.vector is not None and a.vector.shape == b.vector.shape:
        norm = float(np.linalg.norm(a.vector) * np.linalg.norm(b.vector))
        if norm > 0 and float(a.vector @ b.vector) / norm >= min_cosine:
            return True
    if a_terms and b_terms:
        return len(a_terms & b_terms) / len(a_terms | b_terms) >= min_overlap
    return False
