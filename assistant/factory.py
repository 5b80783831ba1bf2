"""Builds the product's parts from Settings: the one place that wires backends together."""

from __future__ import annotations

from assistant.answer import Composer, ExtractiveComposer
from assistant.answer.cues import build_vocabulary
from assistant.config import Settings
from assistant.embedders import Embedder, build_embedder
from assistant.retrieval.config import HybridConfig
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.live import LiveBm25Index
from assistant.store.chroma import ChromaStore
from assistant.text.glossary import Glossary


def open_store(settings: Settings, embedder: Embedder, *, create: bool = False) -> ChromaStore:
    """The configured Chroma collection (embedded or client–server)."""
    return ChromaStore.open(
        data_dir=settings.data_dir,
        chroma_url=settings.chroma_url,
        collection=settings.collection,
        embedder_name=embedder.name,
        dim=embedder.dim,
        create=create,
    )


def embedder_for(settings: Settings) -> Embedder:
    """The configured embedder (built once per process)."""
    return build_embedder(settings.embedder)


def build_composer(settings: Settings) -> Composer:
    """The configured answer composer: extractive, or an LLM one that falls back to it."""
    extractive = ExtractiveComposer(
        threshold=settings.abstain_threshold, cues=build_vocabulary(settings.cue_paths)
    )
    if settings.composer == "extractive":
        return extractive
    from assistant.answer.llm import LLMComposer, build_chat_model

    return LLMComposer(
        build_chat_model(settings), fallback=extractive, timeout_s=settings.llm_timeout_s
    )


def build_retriever(settings: Settings, store: ChromaStore, embedder: Embedder) -> HybridRetriever:
    """The hybrid retriever over `store`, with the configured fusion and extra glossaries."""
    return HybridRetriever(
        store,
        embedder,
        lexical=LiveBm25Index(store, refresh_seconds=settings.lexical_refresh_seconds),
        extra_glossary=Glossary.merge(Glossary.load(p) for p in settings.glossary_paths),
        config=HybridConfig(
            candidates=settings.retrieval_candidates,
            fusion=settings.fusion,
            max_per_doc=settings.max_chunks_per_doc,
            bridge=settings.bridge,
        ),
        cue_groups=build_vocabulary(settings.cue_paths).terms,
    )
