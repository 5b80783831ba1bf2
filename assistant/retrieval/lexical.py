"""The lexical leg: BM25 (bm25s) over the fugashi terms that ingestion stores with each chunk.

Chroma is the single source of truth; this index is derived from it in memory. Two kinds of
filtering happen before anything is ranked:

- the **audience ceiling** picks one of up to three separate BM25 indexes (public, internal,
  confidential), each built only from the chunks that ceiling may read. Text above the ceiling
  is not merely masked: it is absent, so it shapes neither a score nor the IDF/length statistics
  a reader's query sees. Indexes are built lazily from term counts shared by all ceilings
  (assistant/retrieval/bm25.py), and shared when two ceilings see the same chunks (a public-only
  corpus builds one). One index masked per ceiling would be cheaper still, but its IDF would
  count the confidential chunks, so a public reader's scores would depend on them.
- the optional **metadata filters** (site, modalities, doc type, language, date range) become a
  0/1 weight mask over that index (bm25s `weight_mask` semantics), computed with numpy from
  columns held next to the index and cached per filter.

The same snapshot carries the chunk vectors for the dense leg (assistant/retrieval/vectors.py),
so both legs see one row order, one audience split and one filter mask, and each chunk's text
and metadata, so hits are built from memory (`chunks`) rather than read from Chroma per question.

`LiveBm25Index` rebuilds the index when the collection's generation (bumped by every ingest)
changes, checking at most once every `refresh_seconds`, so a running server picks up a
re-ingest without a restart.
"""

from __future__ import annotations

import itertools
import threading
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.errors import StoreError
from assistant.retrieval.bm25 import build_bm25, term_counts
from assistant.retrieval.vectors import VectorIndex
from assistant.store.chroma import DOCUMENT_KEY, ChromaStore
from assistant.store.filters import Clause, FilterColumns, filter_clauses
from assistant.store.records import chunk_from_record
from assistant.types import Audience, Chunk, SearchFilters

# Lucene BM25 with k1/b chosen on the dev sets (bench/retrieval_quality.py --sweep-bm25).
DEFAULT_K1 = 1.2
DEFAULT_B = 0.75


@dataclass(frozen=True)
class LexicalMatch:
    """One chunk the lexical leg found, with its BM25 score and 1-based rank."""

    chunk_id: str
    doc_id: str
    score: float
    rank: int


class Bm25Index:
    """BM25 over stored chunk terms: one bm25s index per audience ceiling, filters as masks."""

    def __init__(
        self,
        records: Iterable[tuple[str, str, dict[str, Any]]],
        *,
        k1: float = DEFAULT_K1,
        b: float = DEFAULT_B,
        generation: int = 0,
    ) -> None:
        """Index (chunk id, space-joined terms, metadata) records."""
        self.k1 = k1
        self.b = b
        self.generation = generation
        # Term numbers are handed out on first sight, in C (defaultdict + count), not per term
        # in Python: this loop runs over every term of every chunk on each rebuild.
        numbers: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        number_of = numbers.__getitem__
        flat = array("i")
        lengths = array("q")
        ids: list[str] = []
        doc_ids: list[str] = []
        metas: list[dict[str, Any]] = []
        texts: list[str | None] = []
        for chunk_id, joined, meta in records:
            before = len(flat)
            flat.extend(map(number_of, joined.split()))
            lengths.append(len(flat) - before)
            ids.append(chunk_id)
            doc_ids.append(str(meta.get("doc_id", chunk_id.split("#")[0])))
            texts.append(meta.pop(DOCUMENT_KEY, None))
            metas.append(meta)
        number_of("")  # bm25s scores a query of no known term against the empty token
        self._vocab = dict(numbers)
        self._counts = term_counts(
            np.frombuffer(flat, dtype=np.int32),
            np.frombuffer(lengths, dtype=np.int64),
            n_terms=len(self._vocab),
        )
        self._ids = np.asarray(ids, dtype=object)
        self._doc_ids = np.asarray(doc_ids, dtype=object)
        # Filters go through the one filter spec (assistant/store/filters.py), like Chroma's.
        self._filters = FilterColumns.from_metadata(metas)
        # Each chunk's text and metadata (its terms and id dropped: the counts and ids hold them),
        # when the records carried the text; Chunks are built on first use, once per snapshot.
        self._sources: list[tuple[str, dict[str, Any]]] | None = None
        if texts and all(text is not None for text in texts):
            self._sources = [
                (str(text), {k: v for k, v in meta.items() if k not in ("terms", "id")})
                for text, meta in zip(texts, metas, strict=True)
            ]
        self._chunks: dict[int, Chunk] = {}
        self.collection = ""
        self.row_of = {chunk_id: row for row, chunk_id in enumerate(ids)}
        self.vectors: VectorIndex | None = None
        self._levels: dict[int, tuple[Any, np.ndarray]] = {}
        self._masks: dict[tuple[int, str], np.ndarray] = {}
        self._members: dict[int, np.ndarray] = {}
        self._by_lang: dict[int, dict[str, np.ndarray]] = {}
        self._vocabularies: dict[int, frozenset[str]] = {}
        self._texts: dict[int, str] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_store(
        cls,
        store: ChromaStore,
        *,
        k1: float = DEFAULT_K1,
        b: float = DEFAULT_B,
        with_vectors: bool = True,
    ) -> Bm25Index:
        """Build from every chunk's stored terms (generation read first, so a race rebuilds);
        `with_vectors` also loads the chunk vectors for the dense leg (`VectorIndex`)."""
        generation = store.generation()  # follows a rebuild's pointer switch
        pages: list[np.ndarray] = []

        def records() -> Iterator[tuple[str, str, dict[str, Any]]]:
            pages_read = store.iter_metadata_pages(with_vectors=with_vectors, with_documents=True)
            for metas, vectors in pages_read:
                if vectors is not None and len(metas):
                    pages.append(vectors)
                for meta in metas:
                    yield str(meta["id"]), str(meta.get("terms", "")), meta

        index = cls(records(), k1=k1, b=b, generation=generation)
        index.collection = store.name
        if with_vectors:  # rows in the order read, which is the index's row order
            index.vectors = VectorIndex(
                np.concatenate(pages) if pages else np.zeros((len(index), 1), np.float32)
            )
        return index

    def chunk_id(self, row: int) -> str:
        """The chunk id at a row."""
        return str(self._ids[row])

    def doc_id(self, row: int) -> str:
        """The document id of the chunk at a row."""
        return str(self._doc_ids[row])

    @property
    def holds_chunks(self) -> bool:
        """Whether the snapshot holds every chunk's text (built by `from_store`)."""
        return self._sources is not None

    def chunk(self, row: int) -> Chunk:
        """The chunk at a row, built from the snapshot once and shared by every question."""
        cached = self._chunks.get(row)
        if cached is not None:
            return cached
        if self._sources is None:
            raise StoreError(
                f"this index of {len(self)} chunks was built without their texts; "
                "build it with Bm25Index.from_store to read hits from memory"
            )
        text, meta = self._sources[row]
        chunk = chunk_from_record(str(self._ids[row]), text, meta)
        self._chunks[row] = chunk  # a race builds an equal chunk twice, harmlessly
        return chunk

    def rows_by_lang(
        self, audience: Audience, filters: SearchFilters | None = None
    ) -> dict[str, np.ndarray]:
        """`allowed_rows` grouped by document language ("ja", "en", "" when unknown), sorted
        by language; cached per ceiling when there are no filters."""
        unfiltered = filters is None or filters.is_empty()
        cached = self._by_lang.get(audience.rank) if unfiltered else None
        if cached is not None:
            return cached
        rows = self.allowed_rows(audience, filters)
        langs = self._filters.text["lang"][rows]
        groups = {lang: rows[langs == lang] for lang in sorted(set(langs.tolist()))}
        if unfiltered:
            self._by_lang[audience.rank] = groups
        return groups

    def allowed_rows(self, audience: Audience, filters: SearchFilters | None = None) -> np.ndarray:
        """Rows a reader with this ceiling may see that pass the filters (before any scoring)."""
        _, members = self._level_members(audience.rank)
        if filters is None or filters.is_empty():
            return members
        return members[self._mask(audience.rank, filters, members) > 0]

    def __len__(self) -> int:
        """Number of chunks indexed."""
        return len(self._ids)

    def warm(self, audience: Audience) -> None:
        """Build the index for this ceiling now rather than on its first query."""
        self._level(audience.rank)

    def search(
        self,
        weighted_terms: Sequence[tuple[str, float]],
        *,
        k: int,
        audience: Audience,
        filters: SearchFilters | None = None,
    ) -> list[LexicalMatch]:
        """The k best chunks for (term, weight) pairs, among those this audience may read."""
        known = [(self._vocab[t], w) for t, w in weighted_terms if t in self._vocab and w > 0]
        if not known or k <= 0:
            return []
        bm25, members = self._level(audience.rank)
        if bm25 is None:
            return []
        scores = _weighted_scores(bm25, known)
        if filters is not None and not filters.is_empty():
            scores *= self._mask(audience.rank, filters, members)
        positive = np.flatnonzero(scores > 0)
        if positive.size > k:
            top = positive[np.argpartition(-scores[positive], k - 1)[:k]]
        else:
            top = positive
        top = top[np.lexsort((top, -scores[top]))]
        return [
            LexicalMatch(
                chunk_id=str(self._ids[members[i]]),
                doc_id=str(self._doc_ids[members[i]]),
                score=float(scores[i]),
                rank=rank,
            )
            for rank, i in enumerate(top, start=1)
        ]

    def vocabulary(self, audience: Audience) -> frozenset[str]:
        """Every term of the chunks this audience may read (cached per ceiling): a question
        term outside it occurs nowhere the reader can see, a strong sign of no answer."""
        key, members = self._level_members(audience.rank)
        with self._lock:
            cached = self._vocabularies.get(key)
        if cached is not None:
            return cached
        ids = np.unique(self._counts.matrix[members].indices)
        names = np.empty(len(self._vocab), dtype=object)
        for term, number in self._vocab.items():
            names[number] = term
        words = frozenset(names[ids].tolist())
        with self._lock:
            self._vocabularies[key] = words
        return words

    def visible_text(self, audience: Audience) -> str:
        """The texts of the chunks this audience may read, one per line (cached per ceiling):
        how the reader's corpus spells what a question may have mistyped ("焼律工場" is
        written 焼津工場 there). Empty when the snapshot was built without texts."""
        key, members = self._level_members(audience.rank)
        with self._lock:
            cached = self._texts.get(key)
        if cached is not None:
            return cached
        sources = self._sources
        text = "\n".join(sources[int(row)][0] for row in members) if sources is not None else ""
        with self._lock:
            self._texts[key] = text
        return text

    def holding(self, terms: Iterable[str], *, audience: Audience) -> np.ndarray:
        """Per chunk this audience may read (in `allowed_rows` order): holds it one of `terms`?"""
        held = self._counts.matrix[:, sorted({self._vocab[t] for t in terms if t in self._vocab})]
        return (np.asarray(held.sum(axis=1)).ravel() > 0)[self._level_members(audience.rank)[1]]

    def column(self, name: str, rows: np.ndarray) -> list[Any]:
        """The values of one column ("ids", "doc_ids", "site", "doc_type", "lang",
        "modalities") at the given rows: the facets of what a reader may see."""
        columns: dict[str, Any] = {
            "ids": self._ids,
            "doc_ids": self._doc_ids,
            "modalities": self._filters.modalities,
            **self._filters.text,
        }
        if name not in columns:
            raise ValueError(f"no column {name!r}; use one of {sorted(columns)}")
        values = columns[name]
        return [values[int(r)] for r in rows]

    # -- internals ----------------------------------------------------------------------

    def _level_members(self, rank: int) -> tuple[int, np.ndarray]:
        members = self._members.get(rank)
        if members is None:
            ceiling = Clause("audience_rank", "$lte", rank)
            members = np.flatnonzero(self._filters.mask([ceiling]))
            self._members[rank] = members
        # Ceilings that see exactly the same chunks share one index.
        ranks = self._filters.numeric["audience_rank"]
        key = int(ranks[members].max()) if members.size else -1
        return key, members

    def _level(self, rank: int) -> tuple[Any, np.ndarray]:
        """The bm25s index of chunks with audience rank <= `rank`, and their row numbers."""
        key, members = self._level_members(rank)
        with self._lock:
            if key not in self._levels:
                self._levels[key] = (self._build(members), members)
            return self._levels[key]

    def _build(self, members: np.ndarray) -> Any:
        if members.size == 0:
            return None
        return build_bm25(self._counts, members, vocab=self._vocab, k1=self.k1, b=self.b)

    def _mask(self, rank: int, filters: SearchFilters, members: np.ndarray) -> np.ndarray:
        key = (rank, repr(filters))
        with self._lock:
            cached = self._masks.get(key)
        if cached is not None:
            return cached
        clauses = filter_clauses(Audience.CONFIDENTIAL, filters)[1:]  # the ceiling is `members`
        mask = self._filters.mask(clauses)[members].astype(np.float32)
        with self._lock:
            if len(self._masks) > 256:
                self._masks.clear()
            self._masks[key] = mask
        return mask


def _weighted_scores(bm25: Any, known: list[tuple[int, float]]) -> np.ndarray:
    """Sum of BM25 term scores, each term scaled by its weight (duplicates counted once)."""
    by_weight: dict[float, list[int]] = {}
    seen: set[int] = set()
    for token_id, weight in known:
        if token_id not in seen:
            seen.add(token_id)
            by_weight.setdefault(weight, []).append(token_id)
    scores: np.ndarray | None = None
    for weight, ids in by_weight.items():
        part = bm25.get_scores_from_ids(ids)
        part = part if weight == 1.0 else part * np.float32(weight)
        scores = part if scores is None else scores + part
    assert scores is not None
    return scores
