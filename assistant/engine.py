"""The Assistant: the one path from a question to a cited Answer (CLI, API and eval all use it)."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from typing import Any

from assistant.answer import Composer
from assistant.config import Settings
from assistant.embedders import Embedder, build_embedder
from assistant.errors import QuestionError
from assistant.factory import build_composer, build_retriever, open_store
from assistant.gaps import GapLog
from assistant.retrieval.hybrid import HybridRetriever
from assistant.store.chroma import ChromaStore
from assistant.text import CONTROL_CHARS, detect_lang, normalize
from assistant.types import Answer, Audience, SearchFilters

MAX_QUESTION_CHARS = 2000
log = logging.getLogger(__name__)


def clean_question(question: str) -> str:
    """Validate and trim a question; errors say what is wrong and what is allowed."""
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    if CONTROL_CHARS.search(question):
        raise QuestionError("the question contains control characters; send plain text")
    trimmed = question.strip()
    if not trimmed:
        raise QuestionError(
            "the question is empty; ask something like 'What did the Maryland site manufacture?'"
        )
    if len(trimmed) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question has {len(trimmed)} characters; the limit is {MAX_QUESTION_CHARS}"
        )
    return trimmed


@dataclass
class _Index:
    store: ChromaStore
    retriever: HybridRetriever


class Assistant:
    """Answers sponsor questions from the indexed corpus, citing every claim."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        composer: Composer | None = None,
        record_gaps: bool = True,
    ) -> None:
        self.settings = settings
        # Eval runs pass record_gaps=False: their abstentions are not sponsors' questions.
        self.record_gaps = record_gaps
        # Questions embed on a pool of single-threaded instances (one per core by default).
        self.embedder = embedder or build_embedder(
            settings.embedder, pool=settings.resolved_embedder_pool()
        )
        self.composer = composer or build_composer(settings)
        self.gaps = GapLog.in_data_dir(settings.data_dir)
        self._index: _Index | None = None
        self._lock = threading.Lock()

    def _open(self) -> _Index:
        """Open the store on first use; before any ingest this raises IndexNotReadyError."""
        with self._lock:
            if self._index is None:
                store = open_store(self.settings, self.embedder)
                retriever = build_retriever(self.settings, store, self.embedder)
                self._index = _Index(store=store, retriever=retriever)
            return self._index

    def refresh(self) -> None:
        """Re-read the index on the next question (call after this process wrote to it)."""
        with self._lock:
            index = self._index
        if index is not None:
            index.retriever.refresh()

    def store(self) -> ChromaStore:
        """The opened store (raises IndexNotReadyError before ingest), for document reads."""
        return self._open().store

    def info(self) -> dict[str, Any]:
        """Documents, chunks and embedder of the index (raises IndexNotReadyError before ingest)."""
        return self._open().store.info()

    def ask(
        self,
        question: str,
        *,
        audience: Audience | str = Audience.PUBLIC,
        filters: SearchFilters | None = None,
        top_k: int | None = None,
        lang: str | None = None,
    ) -> Answer:
        """Answer `question` for a reader whose ceiling is `audience`, citing every claim.

        `lang` ('ja'/'en') picks the answer language; by default that of the question.
        """
        started = time.perf_counter()
        text = clean_question(question)
        ceiling = Audience(audience)
        normalized = normalize(text)
        lang = lang or detect_lang(normalized)
        index = self._open()
        retrieval = index.retriever.retrieve(
            normalized, audience=ceiling, k=top_k or self.settings.top_k, filters=filters
        )
        # Defence in depth: retrieval filters by audience already; the composer never sees more.
        hits = [h for h in retrieval.hits if ceiling.allows(h.chunk.audience)]
        t0 = time.perf_counter()
        composition = self.composer.compose(
            retrieval.bridged_question or normalized,
            lang=lang,
            hits=hits,
            query_vector=retrieval.query_vector,
            unknown_terms=retrieval.unknown_terms,
            mentions=retrieval.mentions,
        )
        t1 = time.perf_counter()
        timings = {
            **retrieval.timings_ms,
            "compose": (t1 - t0) * 1000,
            "total": (t1 - started) * 1000,
        }
        answer = Answer(
            text=composition.text,
            lang=lang,
            citations=composition.citations,
            abstained=composition.abstained,
            abstain_reason=composition.abstain_reason,
            hits=hits,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
            composer=composition.composer or self.composer.name,
        )
        if answer.abstained and self.record_gaps:
            self._record_gap(answer, text, ceiling, retrieval.query_vector)
        return answer

    def _record_gap(self, answer: Answer, question: str, ceiling: Audience, vector: Any) -> None:
        """Keep an abstained question for a human; a read-only data dir must not fail the ask."""
        try:
            self.gaps.record(
                question,
                lang=answer.lang,
                audience=ceiling.value,
                hits=answer.hits,
                reason=answer.abstain_reason,
                vector=vector,
            )
        except (sqlite3.Error, OSError) as exc:
            log.warning("could not record the unanswered question in %s: %s", self.gaps.path, exc)
