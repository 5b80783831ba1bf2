"""Retrieval: from a question to ranked, audience-filtered Hits."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from assistant.embedders import Embedder, embed_query
from assistant.store import ChromaStore
from assistant.types import Audience, Hit, SearchFilters


@dataclass(frozen=True)
class Retrieval:
    """Hits for one question plus what each stage cost."""

    hits: list[Hit]
    query_vector: np.ndarray
    timings_ms: dict[str, float]


class DenseRetriever:
    """Chroma similarity search with the embedder's query role, filtered before scoring."""

    def __init__(self, store: ChromaStore, embedder: Embedder) -> None:
        self._store = store
        self._embedder = embedder

    def retrieve(
        self, question: str, *, audience: Audience, k: int, filters: SearchFilters | None = None
    ) -> Retrieval:
        """The k best chunks for `question` that a reader at `audience` may see."""
        t0 = time.perf_counter()
        vector = embed_query(self._embedder, question)
        t1 = time.perf_counter()
        results = self._store.query(vector, k=k, audience=audience, filters=filters)
        t2 = time.perf_counter()
        hits = [
            Hit(chunk=chunk, score=sim, scores={"dense": sim}, ranks={"dense": rank})
            for rank, (chunk, sim) in enumerate(results, start=1)
        ]
        return Retrieval(
            hits=hits,
            query_vector=vector,
            timings_ms={"embed": (t1 - t0) * 1000, "retrieve": (t2 - t1) * 1000},
        )
