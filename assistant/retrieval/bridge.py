"""The glossary bridge's query vector, made from cached vectors instead of a second embedding.

A question that names something the glossary knows in the other language ("メリーランド") is
also searched by a bridged vector: the question's own vector moved toward the vectors of the
other-language names ("Maryland", "Baltimore"). Each name is embedded alone once per glossary
version and kept, so a bridged ask costs one embedding (the question), not two (the question
and "question (Maryland, Baltimore)"), at no loss of retrieval quality (see
`HybridConfig.bridge_names_weight` for the measurement).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from assistant.embedders import Embedder


class BridgeVectors:
    """Bridged query vectors from one embedder; call `clear` when the glossary changes."""

    def __init__(self, embedder: Embedder, *, weight: float) -> None:
        self._embedder = embedder
        self.weight = weight
        self._names: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget the name vectors (the glossary they came from has changed)."""
        with self._lock:
            self._names = {}

    def __len__(self) -> int:
        """Names whose vectors are cached."""
        return len(self._names)

    def vector(self, question_vector: np.ndarray, names: Sequence[str]) -> np.ndarray:
        """unit(question vector + weight x unit(sum of the names' vectors))."""
        cache = self._names
        missing = [name for name in dict.fromkeys(names) if name not in cache]
        if missing:  # embedded outside the lock; a race embeds a name twice, harmlessly
            found = self._embedder.embed_queries(missing)
            with self._lock:
                for name, vector in zip(missing, found, strict=True):
                    cache[name] = np.asarray(vector, dtype=np.float32)
        toward = unit(np.sum([cache[name] for name in names], axis=0))
        return unit(np.asarray(question_vector, dtype=np.float32).ravel() + self.weight * toward)


def unit(vector: np.ndarray) -> np.ndarray:
    """The vector scaled to length 1 (a zero vector unchanged)."""
    return vector / (float(np.linalg.norm(vector)) or 1.0)
