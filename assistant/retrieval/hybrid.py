"""Retrieval: from a question to ranked, audience-filtered Hits.

`HybridRetriever` runs two legs, each filtered by the audience ceiling and metadata before
anything is scored: exact cosine search over the chunk vectors (read from Chroma into memory
with the BM25 index, see assistant/retrieval/vectors.py) with the embedder's query role
(dense), and BM25 over fugashi terms widened by the bilingual glossary (lexical). When the
glossary bridges the question into the other language, a bridged vector is searched as a third
leg (assistant/retrieval/bridge.py). Each dense leg ranks every document language separately
and lifts each language's cosines by the gap between its level and the highest one
(fusion.level_groups): e5 scores same-language pairs higher than cross-language ones. Results
are fused by a convex combination of min-max normalized scores (chosen over reciprocal-rank
fusion by measurement: bench/retrieval_quality.py --sweep), then near-duplicate chunks are
collapsed and each document is capped, so one long document cannot crowd out the others.

Every Hit carries `scores["dense"]`, the cosine similarity of the chunk to the question (also
for chunks only the lexical leg found), because the composer's abstention reads it;
`scores["bm25"]` where the lexical leg scored it; `ranks` per leg and `ranks["fused"]`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.embedders import Embedder
from assistant.question.words import (
    QUERY_FILLERS,
    QUESTION_FILLERS,
    known_term,
    mention_names,
    subject_words,
)
from assistant.retrieval.bridge import BridgeVectors, bridged_text
from assistant.retrieval.config import HybridConfig
from assistant.retrieval.expansion import CueTranslations
from assistant.retrieval.fusion import Fused, LegResult, diversify, fuse, level_groups
from assistant.retrieval.lexical import Bm25Index
from assistant.retrieval.live import LiveBm25Index
from assistant.retrieval.typos import correct_question
from assistant.retrieval.vectors import VectorIndex
from assistant.store.chroma import ChromaStore
from assistant.text import detect_lang, term_pairs, terms
from assistant.text.glossary import Glossary
from assistant.types import Audience, Hit, SearchFilters


@dataclass(frozen=True)
class Retrieval:
    """Hits for one question plus what each stage cost."""

    hits: list[Hit]
    query_vector: np.ndarray
    timings_ms: dict[str, float]
    # The question with the glossary's other-language names appended, when it mentions any
    # ("メリーランド拠点では… (Maryland, Baltimore)"): lets a lexical composer match evidence
    # in the other language. None when the glossary had nothing to add.
    bridged_question: str | None = None
    # Content terms of the question (none of its glossary names counted) that occur in no
    # chunk the reader may see; the composer's abstention reads their share.
    unknown_terms: tuple[str, ...] = ()
    # The folded names (both languages) of each glossary entry the question mentions: the
    # composer reads which site a question asks about from them (`assistant.answer.scope`).
    mentions: tuple[frozenset[str], ...] = ()
    # The question with its typos read as the visible vocabulary's terms ("Marylnd" ->
    # maryland, see assistant/retrieval/typos.py); None when it had none. Retrieval used this form.
    corrected_question: str | None = None
    # The share of the chunks the reader may see in each language ("ja": 0.85, "en": 0.15):
    # how far a word absent from them says its subject is missing (`unknown_share`).
    lang_shares: dict[str, float] = field(default_factory=dict)


class HybridRetriever:
    """Dense + BM25 (glossary-expanded), both filtered before scoring, fused into Hits."""

    def __init__(
        self,
        store: ChromaStore,
        embedder: Embedder,
        *,
        lexical: LiveBm25Index | None = None,
        extra_glossary: Glossary | None = None,
        config: HybridConfig | None = None,
        cue_groups: Sequence[Sequence[str]] = (),
    ) -> None:
        self._store = store
        self._cues = CueTranslations(cue_groups)
        self._embedder = embedder
        self._lexical = lexical or LiveBm25Index(store)
        self._extra_glossary = extra_glossary or Glossary()
        self.config = config or HybridConfig()
        self._glossary = self._extra_glossary
        self._glossary_generation: int | None = None
        self._bridge = BridgeVectors(embedder, weight=self.config.bridge_names_weight)
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Pick up a write made by this process now, not after the refresh interval."""
        self._lexical.invalidate()

    @property
    def lexical(self) -> LiveBm25Index:
        """The live BM25 index (rebuilt when the store's generation moves)."""
        return self._lexical

    def glossary(self) -> Glossary:
        """The glossary in force: the index's stored glossaries plus configured files."""
        generation = self._lexical.current().generation
        if generation != self._glossary_generation:
            with self._lock:
                if generation != self._glossary_generation:
                    stored = [
                        Glossary.from_yaml(text, source=f"glossary of {root}")
                        for root, text in self._store.glossary_texts()
                    ]
                    self._glossary = Glossary.merge([*stored, self._extra_glossary])
                    self._bridge.clear()
                    self._glossary_generation = generation
        return self._glossary

    def query_terms(self, question: str) -> list[tuple[str, float]]:
        """The weighted lexical terms of a question: its own, then glossary expansions."""
        words = terms(question)
        extra = self.glossary().expand(question, words)
        pair_weight = self.config.pair_weight_by_lang.get(detect_lang(question), 1.0)
        weighted = [(t, 1.0) for t in dict.fromkeys(words) if t not in QUERY_FILLERS]
        pairs = [
            pair
            for pair, a, b in zip(term_pairs(words), words, words[1:], strict=False)
            if a not in QUERY_FILLERS and b not in QUERY_FILLERS
        ]
        weighted += [(pair, pair_weight) for pair in dict.fromkeys(pairs)]
        weighted += [(t, self.config.expansion_weight) for t in extra]
        if self.config.cue_expansion_weight > 0:
            seen = {t for t, _ in weighted}
            cued = [t for t in self._cues.translate(question) if t not in seen]
            weighted += [(t, self.config.cue_expansion_weight) for t in dict.fromkeys(cued)]
        return weighted

    def bridge_names(self, question: str) -> list[str]:
        """The other-language glossary names of what the question mentions (may be empty)."""
        return self.glossary().bridge(question, terms(question), lang=detect_lang(question))

    def bridged_question(self, question: str) -> str | None:
        """The question followed by the other-language glossary names of what it mentions
        ("メリーランド拠点では… (Maryland, Baltimore)"), or None when the glossary has none."""
        names = self.bridge_names(question)
        return bridged_text(question, names) if names else None

    def lang_shares(self, audience: Audience) -> dict[str, float]:
        """The share of the chunks visible at `audience` in each document language."""
        groups = self._lexical.current().rows_by_lang(audience)
        total = sum(rows.size for rows in groups.values())
        return {lang: rows.size / total for lang, rows in groups.items() if lang} if total else {}

    def unknown_terms(self, question: str, *, audience: Audience) -> tuple[str, ...]:
        """Content terms of the question that no chunk visible at `audience` contains.

        Only words that can name a subject count (nouns; English words other than -ed/-ing
        verb forms): an unfamiliar verb ("bought", "働く") rarely means the topic is absent.
        A term the glossary translates into a visible term is known (メリーランド ~ maryland).
        """
        vocabulary = self._lexical.vocabulary(audience)
        glossary = self.glossary()
        names = subject_words(question)
        unknown = []
        for term in dict.fromkeys(terms(question)):
            if term in QUESTION_FILLERS or term not in names or known_term(term, vocabulary):
                continue
            if any(t in vocabulary for t in glossary.expand(term, [term])):
                continue
            unknown.append(term)
        return tuple(unknown)

    def spelled(self, question: str, *, audience: Audience) -> str:
        """The question with its typos read as the reader's visible vocabulary spells them
        ("whats the staf count at baltimor" -> "what the staff count at baltimore";
        assistant/retrieval/typos.py), for understanding to find its subjects in."""
        return self._corrected(question, audience)[0]

    def _corrected(self, question: str, audience: Audience) -> tuple[str, dict[str, str]]:
        lexical = self._lexical
        return correct_question(
            question, lexical.vocabulary(audience), text=lexical.visible_text(audience)
        )

    def retrieve(
        self, question: str, *, audience: Audience, k: int, filters: SearchFilters | None = None
    ) -> Retrieval:
        """The k best chunks for `question` that a reader at `audience` may see."""
        t0 = time.perf_counter()
        corrected, fixes = self._corrected(question, audience)
        question = corrected
        names = self.bridge_names(question)  # clears the name vectors of an older glossary
        vector, bridge_vector = self._bridge.embed(question, names, mode=self.config.bridge)
        embed_ms = (time.perf_counter() - t0) * 1000
        retrieval = self.retrieve_by_vector(
            question,
            vector,
            bridge_vector=bridge_vector,
            audience=audience,
            k=k,
            filters=filters,
        )
        return Retrieval(
            hits=retrieval.hits,
            query_vector=vector,
            timings_ms={"embed": embed_ms, **retrieval.timings_ms},
            bridged_question=bridged_text(question, names) if names else None,
            unknown_terms=self.unknown_terms(question, audience=audience),
            mentions=mention_names(
                [e.phrases for e in self.glossary().matches(question, terms(question))]
            ),
            corrected_question=corrected if fixes else None,
            lang_shares=self.lang_shares(audience),
        )

    def retrieve_by_vector(
        self,
        question: str,
        vector: np.ndarray,
        *,
        audience: Audience,
        k: int,
        filters: SearchFilters | None = None,
        bridge_vector: np.ndarray | None = None,
        legs: tuple[str, ...] = ("dense", "bm25"),
    ) -> Retrieval:
        """Like `retrieve`, with the question (and its bridged form) already embedded, which is
        what the latency benchmark times. `legs` restricts retrieval to one leg, to measure it."""
        cfg = self.config
        t0 = time.perf_counter()
        snapshot = self._lexical.current()
        results: dict[str, LegResult] = {}
        raw_bm25: dict[str, float] = {}
        by_lang = snapshot.rows_by_lang(audience, filters) if cfg.lang_balance else {}
        if "bm25" in legs:
            results["bm25"], raw_bm25 = self._lexical_search(
                snapshot, question, audience, filters, by_lang
            )
        t1 = time.perf_counter()
        queries = {"dense": vector}
        if bridge_vector is not None:
            queries["dense_bridge"] = bridge_vector
        vectors = snapshot.vectors
        if "dense" in legs and vectors is not None:
            groups = (
                list(by_lang.values())
                if len(by_lang) > 1
                else [snapshot.allowed_rows(audience, filters)]
            )
            for name, query in queries.items():
                found = self._dense_search(vectors, query, groups)
                results[name] = LegResult(
                    [snapshot.chunk_id(row) for row, _ in found], [sim for _, sim in found]
                )
        t2 = time.perf_counter()
        weights = self._weights(question, queries)
        fused = fuse(results, method=cfg.fusion, rrf_k=cfg.rrf_k, weights=weights)
        hits = self._materialize(fused, snapshot, queries, k=k, raw_bm25=raw_bm25)
        t3 = time.perf_counter()
        return Retrieval(
            hits=hits,
            query_vector=vector,
            timings_ms={
                "bm25": (t1 - t0) * 1000,
                "dense": (t2 - t1) * 1000,
                "fuse": (t3 - t2) * 1000,
                "retrieve": (t3 - t0) * 1000,
            },
        )

    def _lexical_search(
        self,
        snapshot: Bm25Index,
        question: str,
        audience: Audience,
        filters: SearchFilters | None,
        by_lang: dict[str, np.ndarray],
    ) -> tuple[LegResult, dict[str, float]]:
        """The BM25 leg: one ranking, or with several document languages, the best
        `candidates` of each language leveled by `level_groups` at `bm25_lang_level_depth`;
        with the raw BM25 score of each leveled chunk (empty when nothing was leveled)."""
        cfg = self.config
        weighted = self.query_terms(question)
        if len(by_lang) < 2 or "" in by_lang:  # no language filter can pick the unknown ones
            matches = snapshot.search(
                weighted, k=cfg.candidates, audience=audience, filters=filters
            )
            return LegResult([m.chunk_id for m in matches], [m.score for m in matches]), {}
        base = filters or SearchFilters()
        groups = [
            [
                (m.chunk_id, m.score)
                for m in snapshot.search(
                    weighted, k=cfg.candidates, audience=audience, filters=replace(base, lang=lang)
                )
            ]
            for lang in by_lang
        ]
        merged = level_groups(groups, strength=cfg.lang_balance, depth=cfg.bm25_lang_level_depth)
        raw = {chunk_id: score for group in groups for chunk_id, score in group}
        return LegResult([c for c, _ in merged], [score for _, score in merged]), raw

    def _dense_search(
        self, vectors: VectorIndex, query: np.ndarray, groups: list[np.ndarray]
    ) -> list[tuple[int, float]]:
        """The dense leg's candidates with their fusion scores: the best `candidates` of each
        language group, each group's cosines shifted toward the highest group level by
        `lang_balance` of the gap (the raw cosines are restored on the Hits)."""
        cfg = self.config
        found = vectors.search_groups(query, k=cfg.candidates, groups=groups)
        if len(found) < 2:
            return found[0]
        return level_groups(
            found,
            strength=cfg.lang_balance,
            depth=cfg.lang_level_depth,
        )

    def _weights(self, question: str, queries: dict[str, np.ndarray]) -> dict[str, float]:
        """Leg weights for this question: BM25 by the question's language; with a glossary
        bridge, the dense weight is shared between the asked and the bridged question."""
        cfg = self.config
        weights = dict(cfg.weights)
        lang = detect_lang(question)
        weights["bm25"] = cfg.bm25_weight_by_lang.get(lang, weights.get("bm25", 1.0))
        if "dense_bridge" in queries:
            dense = weights.get("dense", 1.0)
            weights["dense"] = weights["dense_bridge"] = dense / 2
        return weights

    def _materialize(
        self,
        fused: list[Fused],
        snapshot: Bm25Index,
        queries: dict[str, np.ndarray],
        *,
        k: int,
        raw_bm25: dict[str, float] | None = None,
    ) -> list[Hit]:
        """Hits for the best fused candidates: chunks come from the snapshot, every hit gets
        its cosine to each query form, then near-duplicates are collapsed and each document
        capped."""
        # Apply the per-document cap from the index's columns before reading any chunk, and
        # read only a few more than k (slack for near-duplicates the shingles will collapse).
        window: list[Fused] = []
        per_doc: dict[str, int] = {}
        cap = self.config.max_per_doc
        for item in fused:
            if len(window) >= k + max(4, k // 2):
                break
            row = snapshot.row_of.get(item.chunk_id)
            doc = snapshot.doc_id(row) if row is not None else item.chunk_id
            if cap and per_doc.get(doc, 0) >= cap:
                continue
            per_doc[doc] = per_doc.get(doc, 0) + 1
            window.append(item)
        rows = [snapshot.row_of.get(f.chunk_id, -1) for f in window]
        if snapshot.holds_chunks:  # no store read on the hot path
            found = zip(window, rows, strict=True)
            chunks = {f.chunk_id: snapshot.chunk(r) for f, r in found if r >= 0}
        else:
            chunks = {c.id: c for c in self._store.get_chunks([f.chunk_id for f in window])}
        cosines: dict[str, np.ndarray] = {}
        if snapshot.vectors is not None:
            known = [max(r, 0) for r in rows]
            cosines = {name: snapshot.vectors.cosines(q, known) for name, q in queries.items()}
        hits: list[Hit] = []
        for i, item in enumerate(window):
            chunk = chunks.get(item.chunk_id)
            if chunk is None or rows[i] < 0:  # deleted since the index was built
                continue
            scores = dict(item.scores)
            if raw_bm25 and item.chunk_id in raw_bm25:  # the BM25 score before leveling
                scores["bm25"] = raw_bm25[item.chunk_id]
            for name, values in cosines.items():
                # The true cosine, also where the leg's fusion score was language-balanced.
                scores[name] = float(values[i])
            if "dense_bridge" in scores:
                # The composer's abstention reads "dense": the best cosine of the chunk to
                # the question as asked or as bridged by the glossary.
                scores["dense_asked"] = scores["dense"]
                scores["dense"] = max(scores["dense"], scores["dense_bridge"])
            hits.append(Hit(chunk=chunk, score=item.score, scores=scores, ranks=dict(item.ranks)))
        kept = diversify(
            hits,
            k=k,
            doc_of=lambda h: h.chunk.doc_id,
            text_of=lambda h: h.chunk.text,
            max_per_doc=self.config.max_per_doc,
            duplicate_threshold=self.config.duplicate_threshold,
        )
        return [replace(h, ranks={**h.ranks, "fused": n}) for n, h in enumerate(kept, start=1)]
