"""Retrieval: from a question to ranked, audience-filtered Hits.

`hybrid` runs the legs and fuses them (`fusion`); `lexical` is the BM25 leg over stored fugashi
terms, built through `bm25` (the only module that touches bm25s internals); `vectors` is the
in-memory dense leg over the same snapshot; `langchain` adapts the retriever to LangChain.
Both legs filter through the one filter spec in `assistant.store.filters` before scoring.
"""

from assistant.retrieval.config import HybridConfig
from assistant.retrieval.hybrid import HybridRetriever, Retrieval

__all__ = ["HybridConfig", "HybridRetriever", "Retrieval"]
