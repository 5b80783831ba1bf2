"""Our hybrid retriever as a LangChain `BaseRetriever`, so LangChain applications can use it.

    from assistant.retrieval.langchain import AssistantRetriever
    retriever = AssistantRetriever.from_settings(Settings(), audience="public", k=5)
    docs = retriever.invoke("メリーランド拠点では何を製造しましたか？")

Each LangChain `Document` holds the chunk text as `page_content` and, in `metadata`, the
chunk's own metadata plus `chunk_id`, `doc_id`, `score` (fused), `scores` and `ranks` per leg.
The audience ceiling and filters are fixed per retriever instance, so a public-facing chain
can never widen them.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.config import Settings
from assistant.embedders import Embedder
from assistant.retrieval.hybrid import HybridRetriever
from assistant.types import Audience, Hit, SearchFilters


class AssistantRetriever(BaseRetriever):
    """Hybrid (dense + BM25, glossary-bridged) retrieval with a fixed audience ceiling."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: HybridRetriever
    audience: Audience = Audience.PUBLIC
    k: int = Field(5, ge=1, le=100)
    filters: SearchFilters | None = None

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        audience: Audience | str = Audience.PUBLIC,
        k: int = 5,
        filters: SearchFilters | None = None,
        embedder: Embedder | None = None,
    ) -> AssistantRetriever:
        """Open the configured index and wrap its hybrid retriever."""
        from assistant.embedders import build_embedder
        from assistant.factory import build_retriever, open_store

        embedder = embedder or build_embedder(settings.embedder)
        store = open_store(settings, embedder)
        return cls(
            retriever=build_retriever(settings, store, embedder),
            audience=Audience(audience),
            k=k,
            filters=filters,
        )

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        retrieval = self.retriever.retrieve(
            query, audience=self.audience, k=self.k, filters=self.filters
        )
        return [hit_to_document(hit) for hit in retrieval.hits]


def hit_to_document(hit: Hit) -> Document:
    """A Hit as a LangChain Document (chunk text plus metadata, scores and ranks)."""
    chunk = hit.chunk
    metadata: dict[str, Any] = {
        **chunk.metadata,
        "chunk_id": chunk.id,
        "doc_id": chunk.doc_id,
        "section": chunk.section,
        "lang": chunk.lang,
        "score": hit.score,
        "scores": dict(hit.scores),
        "ranks": dict(hit.ranks),
    }
    if chunk.page is not None:
        metadata["page"] = chunk.page
    return Document(page_content=chunk.text, metadata=metadata, id=chunk.id)
