"""Any sentence-transformers model by name or local path; never downloads (local files only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.errors import EmbedderError


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or local path (optional extra `st`)."""

    def __init__(self, model: str, *, query_prefix: str = "", document_prefix: str = "") -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "the sentence-transformers backend needs the optional extra: "
                "`pip install 'sponsor-qa-assistant[st]'`"
            ) from exc
        try:
            self._model: Any = SentenceTransformer(model, device="cpu", local_files_only=True)
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
