"""What the composer reads of a chunk, worked out once per chunk rather than per question.

Every question that retrieves a chunk needs the same things of it: its quotable units
(`assistant.answer.quotable`) with each unit's terms, folded text and whether it holds a
number, and the terms of its title and section. `read_chunk` computes them on first use and
keeps them, keyed by the chunk's text, title and section, so only the question is tokenised
per ask. The key is the content itself: a re-ingest that changes a chunk (a new index
generation) brings a new text and so a new reading, and one that changes nothing keeps it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from assistant.answer.evidence import has_digit
from assistant.answer.quotable import quotable_spans
from assistant.text import clear_term_caches, fold, terms
from assistant.types import Chunk

# Chunks whose readings are kept (~10 units each: some 20 KB a chunk, ~40 MB at most), as
# many as the decoded unit vectors (assistant/answer/quotable.py) can hold in step.
_READ_CHUNKS = 2048


@dataclass(frozen=True)
class UnitReading:
    """One quotable unit of a chunk: its span, label (record lines), terms and folded text."""

    start: int
    end: int
    label: str | None
    terms: frozenset[str]
    folded: str
    has_digit: bool


@dataclass(frozen=True)
class ChunkReading:
    """A chunk's quotable units in reading order and the terms of its title and section."""

    units: tuple[UnitReading, ...]
    context: frozenset[str]


def read_chunk(chunk: Chunk) -> ChunkReading:
    """The chunk's reading, computed on the first question that retrieves it."""
    return _read(chunk.text, chunk.title, chunk.section)


@functools.lru_cache(maxsize=_READ_CHUNKS)
def _read(text: str, title: str, section: str) -> ChunkReading:
    units = []
    for start, end, label in quotable_spans(text):
        unit = text[start:end]
        units.append(
            UnitReading(start, end, label, frozenset(terms(unit)), fold(unit), has_digit(unit))
        )
    return ChunkReading(tuple(units), frozenset(terms(f"{title}\n{section}")))


def clear_readings() -> None:
    """Forget every chunk's reading and cached terms (tests compare cold and warm caches)."""
    _read.cache_clear()
    clear_term_caches()


__all__ = ["ChunkReading", "UnitReading", "clear_readings", "read_chunk"]
