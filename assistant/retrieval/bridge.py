"""The glossary bridge's query vector, made from cached vectors instead of a second embedding.

A question that names something the glossary knows in the other language ("メリーランド") is
also searched by a bridged vector: the question's own vector moved toward the vectors of the
other-language names ("Maryland", "Baltimore"). Each name is embedded alone once per glossary
version and kept, so a bridged ask costs one embedding (the question), not two (the question
and "question (Maryland, Baltimore)").

Measured on corpus/questions.jsonl (bench/bridge_vectors.py), answerable hit@1/hit@5: the
embedded bridge 0.751/0.977; names at weight 0.5 0.757/0.977, **0.75** 0.763/0.977, 1.0
0.746/0.971 (crosslingual hit@1 0.529 embedded, 0.559 at 0.75). But the composer's thresholds
were calibrated on the embedded bridge's cosines, so with names `assistant eval` loses answer
accuracy 0.867 -> 0.832, citation precision 0.853 -> 0.829 and abstention recall 0.850 ->
0.825: `HybridConfig.bridge` (ASSISTANT_BRIDGE) stays "embedded" until the composer is
recalibrated on "names".
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

    def embed(
        self, question: str, names: Sequence[str], *, mode: str
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """The question's vector and the bridge leg's (None without bridged names): with mode
        "embedded" the bridged question is embedded as a second text; "names" uses `vector`."""
        if names and mode == "embedded":
            both = self._embedder.embed_queries([question, bridged_text(question, names)])
            return np.asarray(both[0], dtype=np.float32), np.asarray(both[1], dtype=np.float32)
        asked = np.asarray(self._embedder.embed_queries([question])[0], dtype=np.float32)
        return asked, (self.vector(asked, names) if names else None)

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


def bridged_text(question: str, names: Sequence[str]) -> str:
    """The question followed by the bridged names: "メリーランド拠点では… (Maryland, Baltimore)"."""
    return f"{question} ({', '.join(names)})"


def unit(vector: np.ndarray) -> np.ndarray:
    """The vector scaled to length 1 (a zero vector unchanged)."""
    return vector / (float(np.linalg.norm(vector)) or 1.0)
