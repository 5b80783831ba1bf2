"""A small LRU of answers to identical requests, dropped whenever the index changes.

The key holds everything that shapes an answer — the trimmed question, the audience
ceiling it was asked at, filters, top_k and language — so an answer given at one
ceiling is never served at another. The index's change counter (`generation`, bumped by
every ingest) is read at most every `check_every_s` seconds; after an ingest, cached
answers may be that many seconds stale.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from assistant.types import Answer


class AnswerCache:
    """Thread-safe LRU of Answers, invalidated when `generation()` changes."""

    def __init__(
        self, *, size: int, generation: Callable[[], int], check_every_s: float = 2.0
    ) -> None:
        self.size = size
        self._generation = generation
        self._check_every_s = check_every_s
        self._items: OrderedDict[Hashable, Answer] = OrderedDict()
        self._lock = threading.Lock()
        self._seen_generation: int | None = None
        self._checked_at = float("-inf")

    def _validate(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < self._check_every_s:
            return
        self._checked_at = now
        current = self._generation()
        if current != self._seen_generation:
            self._items.clear()
            self._seen_generation = current

    def get_or_compute(self, key: Hashable, compute: Callable[[], Answer]) -> tuple[Answer, bool]:
        """The cached answer for `key` (and True), or `compute()`'s, stored (and False)."""
        if self.size <= 0:
            return compute(), False
        with self._lock:
            self._validate()
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found, True
            generation = self._seen_generation
        answer = compute()
        with self._lock:
            if generation == self._seen_generation:
                self._items[key] = answer
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return answer, False

    def clear(self) -> None:
        """Forget every answer (after an ingest in this process)."""
        with self._lock:
            self._items.clear()
            self._checked_at = float("-inf")
