"""The Assistant: the one path from a question to a cited Answer (CLI, API and eval all use it)."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.answer import Composer
from assistant.answer.strategies import Strategist
from assistant.config import Settings
from assistant.embedders import Embedder, build_embedder
from assistant.errors import QuestionError
from assistant.factory import build_composer, build_retriever, open_store
from assistant.gaps import GapLog
from assistant.question.followup import check_history, resolve_turn
from assistant.question.subjects import SubjectContext, SubjectKinds
from assistant.question.understanding import Question, build_intents, understand
from assistant.retrieval.corpus_terms import AudienceTerms
from assistant.retrieval.hybrid import HybridRetriever
from assistant.store.chroma import ChromaStore
from assistant.text import CONTROL_CHARS
from assistant.types import Answer, Audience, SearchFilters, Turn

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
    strategist: Strategist
    # (store generation, audience) -> the glossary and site and modality ids subjects are
    # told by.
    contexts: dict[tuple[int, Audience], SubjectContext] = field(default_factory=dict)


def clean_history(history: Sequence[Turn]) -> list[Turn]:
    """Validate earlier turns like questions; errors name the turn (1 = oldest)."""
    check_history(history)
    turns = []
    for number, turn in enumerate(history, start=1):
        try:
            question = clean_question(turn.question)
            resolved = clean_question(turn.resolved) if turn.resolved else None
        except QuestionError as exc:
            raise QuestionError(f"history turn {number}: {exc}") from exc
        turns.append(Turn(question=question, resolved=resolved))
    return turns


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
        self.intents = build_intents(settings.intent_paths)
        self.gaps = GapLog.in_data_dir(settings.data_dir)
        self._index: _Index | None = None
        self._lock = threading.Lock()

    def _open(self) -> _Index:
        """Open the store on first use; before any ingest this raises IndexNotReadyError."""
        with self._lock:
            if self._index is None:
                store = open_store(self.settings, self.embedder)
                retriever = build_retriever(self.settings, store, self.embedder)
                strategist = Strategist(
                    composer=self.composer, retriever=retriever, store=store, intents=self.intents
                )
                self._index = _Index(store=store, retriever=retriever, strategist=strategist)
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
        history: Sequence[Turn] = (),
    ) -> Answer:
        """Answer `question` for a reader whose ceiling is `audience`, citing every claim.

        `lang` ('ja'/'en') picks the answer language; by default that of the question.
        `history` holds up to six earlier turns, oldest first: a follow-up ("And Baltimore?")
        is resolved against them into a complete question (`Answer.resolved_question`). Only
        their question texts are read; the audience is this request's alone.
        """
        started = time.perf_counter()
        text = clean_question(question)
        turns = clean_history(history)
        ceiling = Audience(audience)
        index = self._open()
        context = self._subject_context(index, ceiling)
        # Typos are read as the index spells its words before the question is understood:
        # "staf count at baltimor" names Baltimore, which its follow-up then inherits.
        spelled = index.retriever.spelled(text, audience=ceiling)
        turns = [
            replace(t, question=index.retriever.spelled(t.question, audience=ceiling))
            for t in turns
        ]
        understood, resolved = resolve_turn(
            spelled, turns, context=context, vocabulary=self.intents
        )
        if resolved is not None and len(resolved) > MAX_QUESTION_CHARS:
            resolved = None
        if resolved is not None:
            understood = understand(resolved, vocabulary=self.intents, context=context)
        asked = resolved or text
        if understood.is_multi_part:
            understood = self._resolve_parts(understood, context)
        # A resolved follow-up is written in the typed turn's language.
        lang = lang or understood.lang
        outcome = index.strategist.answer(
            understood,
            lang=lang,
            audience=ceiling,
            k=top_k or self.settings.top_k,
            filters=filters,
            context=context,
            continued=bool(turns),
        )
        composition = outcome.composition
        hits = outcome.hits
        retrieval = outcome.retrieval
        timings = {
            **(retrieval.timings_ms if retrieval is not None else {}),
            "compose": outcome.compose_ms,
            "total": (time.perf_counter() - started) * 1000,
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
            resolved_question=resolved,
        )
        if answer.abstained and self.record_gaps and retrieval is not None:
            self._record_gap(answer, asked, ceiling, retrieval.query_vector)
        return answer

    def _resolve_parts(self, question: Question, context: SubjectContext) -> Question:
        """Each part after the first read against the part before it (already read so), as a
        follow-up is read against the earlier turn: "how many people work there" after "When
        was the Tokyo office opened" asks about the Tokyo office."""
        parts = list(question.parts)
        for i in range(1, len(parts)):
            _, found = resolve_turn(
                parts[i], [Turn(question=parts[i - 1])], context=context, vocabulary=self.intents
            )
            if found is not None and len(found) <= MAX_QUESTION_CHARS:
                parts[i] = found
        return replace(question, parts=tuple(parts))

    def _subject_context(self, index: _Index, ceiling: Audience) -> SubjectContext:
        """The glossary and the site and modality ids visible at `ceiling` that tell a
        question's subjects, read once per index generation."""
        generation = index.retriever.lexical.current().generation
        key = (generation, ceiling)
        context = index.contexts.get(key)
        if context is None:
            # The in-memory snapshot's facets, the same the chitchat examples use: no store read.
            context = SubjectContext(
                glossary=index.retriever.glossary(),
                kinds=SubjectKinds.of(*index.strategist.facets(ceiling)),
                corpus=AudienceTerms(index.retriever.lexical.current(), ceiling),
            )
            with self._lock:
                for stale in [k for k in index.contexts if k[0] != generation]:
                    del index.contexts[stale]
                index.contexts[key] = context
        return context

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
