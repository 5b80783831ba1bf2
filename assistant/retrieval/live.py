"""The BM25 snapshot kept in step with the store: `LiveBm25Index` rebuilds a
`Bm25Index` when the collection's generation moves, checking at most every few seconds."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

from assistant.retrieval.lexical import DEFAULT_B, DEFAULT_K1, Bm25Index, LexicalMatch
from assistant.store.chroma import ChromaStore
from assistant.types import Audience, SearchFilters


class LiveBm25Index:
    """A Bm25Index kept in step with the store: rebuilt when the collection's generation moves."""

    def __init__(
        self,
        store: ChromaStore,
        *,
        refresh_seconds: float = 2.0,
        k1: float = DEFAULT_K1,
        b: float = DEFAULT_B,
    ) -> None:
        self._store = store
        self.refresh_seconds = refresh_seconds
        self._k1 = k1
        self._b = b
        self._index: Bm25Index | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self.rebuilds = 0

    def invalidate(self) -> None:
        """Check the store's generation on the next search (after a write by this process)."""
        self._checked = 0.0

    def current(self) -> Bm25Index:
        """The index for the store as it is now (checks the generation at most every N s)."""
        now = time.monotonic()
        index = self._index
        if index is not None and now - self._checked < self.refresh_seconds:
            return index
        with self._lock:
            index = self._index
            generation = self._store.generation()
            key = (self._store.name, generation)
            if index is None or key != (index.collection, index.generation):
                index = Bm25Index.from_store(self._store, k1=self._k1, b=self._b)
                self._index = index
                self.rebuilds += 1
            self._checked = time.monotonic()
            return index

    def search(
        self,
        weighted_terms: Sequence[tuple[str, float]],
        *,
        k: int,
        audience: Audience,
        filters: SearchFilters | None = None,
    ) -> list[LexicalMatch]:
        """Search the current index."""
        return self.current().search(weighted_terms, k=k, audience=audience, filters=filters)

    def vocabulary(self, audience: Audience) -> frozenset[str]:
        """Every term of the chunks this audience may read, in the current index."""
        return self.current().vocabulary(audience)

    def visible_text(self, audience: Audience) -> str:
        """The texts of the chunks this audience may read, in the current index."""
        return self.current().visible_text(audience)

    def __len__(self) -> int:
        """Number of chunks in the current index."""
        return len(self.current())
