"""Batched, restartable writes: chunks of several files share an embedding batch; a file's
manifest record is written only after its last chunk, its stale chunks deleted just before."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.answer.quotable import (
    SENTENCE_VECTORS_KEY,
    combine_unit_vectors,
    pack_vectors,
    quotable_texts,
    titled_units,
)
from assistant.embedders import Embedder
from assistant.store.chroma import ChromaStore
from assistant.text import document_index_terms
from assistant.types import Chunk
from ingest.chunking import embedding_text
from ingest.manifest import SourceManifest, SourceRecord

# Distinct unit texts kept per run (~1.5 KB each at 384 dimensions: ~75 MB at most).
_UNIT_CACHE_MAX = 50_000


@dataclass(eq=False)
class FileJob:
    """The new chunks of one added or changed file, and what the index held for it before."""

    record: SourceRecord
    chunks: list[Chunk]
    titles: dict[str, str]
    previous: SourceRecord | None = None
    remaining: int = field(default=-1)
    pending_written: bool = False

    def pending(self) -> SourceRecord:
        """The record saved before the first chunk: no hash, old and new chunk ids."""
        old = self.previous.chunk_ids if self.previous else ()
        ids = tuple(dict.fromkeys([*old, *self.record.chunk_ids]))
        return replace(self.record, source_hash="", chunk_ids=ids)


class ChunkWriter:
    """Embeds and upserts chunks in batches and keeps the manifest one step behind."""

    def __init__(
        self,
        *,
        store: ChromaStore,
        embedder: Embedder,
        manifest: SourceManifest,
        batch_size: int,
        write_batch: int,
        on_batch: Callable[[int, float], None],
    ) -> None:
        self._store = store
        self._embedder = embedder
        self._manifest = manifest
        self._batch_size = batch_size
        # Each Chroma write has a fixed cost (~0.1 s: a commit and an index flush), so chunks
        # are embedded `batch_size` at a time but written `write_batch` at a time.
        self._write_batch = max(write_batch, batch_size)
        self._on_batch = on_batch
        self._buffer: list[tuple[FileJob, Chunk]] = []
        self._live: set[str] = set()
        self._removed: list[SourceRecord] = []
        self.chunks_removed = 0
        # Quotable units repeat verbatim (the chunk overlap, shared boilerplate): each distinct
        # text is embedded once per run. Bounded so a huge corpus cannot grow it without end.
        self._unit_cache: dict[str, np.ndarray] = {}
        self.units_total = 0
        self.units_embedded = 0
        self.unit_seconds = 0.0

    def keep(self, record: SourceRecord) -> None:
        """A file that stays as it is: its chunks must survive every deletion of this run."""
        self._live.update(record.chunk_ids)

    def add(self, job: FileJob) -> None:
        """Queue a file's chunks; full batches are embedded and written at once."""
        self._live.update(job.record.chunk_ids)
        job.remaining = len(job.chunks)
        if not job.chunks:
            self._complete([job])
            return
        self._buffer.extend((job, chunk) for chunk in job.chunks)
        while len(self._buffer) >= self._write_batch:
            size = self._write_batch
            batch, self._buffer = self._buffer[:size], self._buffer[size:]
            self._write(batch)

    def remove(self, record: SourceRecord) -> None:
        """A file that disappeared: its chunks go at `close()`, once every live id is known."""
        self._removed.append(record)

    def close(self) -> None:
        """Write the last partial batch, then remove the chunks of disappeared files."""
        if self._buffer:
            batch, self._buffer = self._buffer, []
            self._write(batch)
        if self._removed:
            stale = [i for r in self._removed for i in r.chunk_ids if i not in self._live]
            self._store.delete(stale)
            self.chunks_removed += len(stale)
            self._manifest.delete(r.key for r in self._removed)
            self._removed = []

    def _write(self, batch: list[tuple[FileJob, Chunk]]) -> None:
        jobs = list(dict.fromkeys(job for job, _ in batch))
        fresh = [job for job in jobs if not job.pending_written]
        if fresh:
            self._manifest.put([job.pending() for job in fresh])
            for job in fresh:
                job.pending_written = True
        texts = [embedding_text(job.titles[c.doc_id], c.section, c.text) for job, c in batch]
        started = time.perf_counter()
        units = self._unit_vectors([chunk for _, chunk in batch])
        # The units' embedding time is reported with the batch's first chunks.
        extra = time.perf_counter() - started
        self.unit_seconds += extra
        vectors = []
        for start in range(0, len(texts), self._batch_size):
            part = texts[start : start + self._batch_size]
            started = time.perf_counter()
            vectors.append(np.asarray(self._embedder.embed_documents(part), dtype=np.float32))
            self._on_batch(len(part), time.perf_counter() - started + extra)
            extra = 0.0
        tagged = [
            replace(
                chunk,
                metadata={
                    **chunk.metadata,
                    "ingest_root": job.record.root,
                    "source_hash": job.record.source_hash,
                    **({SENTENCE_VECTORS_KEY: packed} if packed else {}),
                },
            )
            for (job, chunk), packed in zip(batch, units, strict=True)
        ]
        self._store.upsert(
            tagged,
            np.concatenate(vectors),
            terms=[" ".join(document_index_terms(text)) for text in texts],
        )
        for job, _ in batch:
            job.remaining -= 1
        self._complete([job for job in jobs if job.remaining == 0])

    def _unit_vectors(self, chunks: list[Chunk]) -> list[str]:
        """Per chunk, its quotable units embedded and packed for the composer (see
        assistant/answer/quotable.py); "" for a chunk with none."""
        alone = [quotable_texts(chunk.text) for chunk in chunks]
        titled = [titled_units(chunk.title, chunk.text) for chunk in chunks]
        alone_matrix = self._embed_all([text for texts in alone for text in texts])
        titled_matrix = self._embed_all([text for texts in titled for text in texts])
        packed = []
        offset = titled_offset = 0
        for texts, titled_texts in zip(alone, titled, strict=True):
            count, titled_count = len(texts), len(titled_texts)
            if not count:
                packed.append("")
                continue
            matrix = combine_unit_vectors(
                alone_matrix[offset : offset + count],
                titled_matrix[titled_offset : titled_offset + titled_count]
                if titled_count
                else None,
            )
            packed.append(pack_vectors(matrix))
            offset += count
            titled_offset += titled_count
        return packed

    def _embed_all(self, texts: list[str]) -> np.ndarray:
        """Passage embeddings of `texts`, each distinct text embedded once per run."""
        if not texts:
            return np.zeros((0, self._embedder.dim), dtype=np.float32)
        self.units_total += len(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in self._unit_cache]
        if len(self._unit_cache) + len(todo) > _UNIT_CACHE_MAX:
            self._unit_cache.clear()
            todo = list(dict.fromkeys(texts))
        for i in range(0, len(todo), self._batch_size):
            part = todo[i : i + self._batch_size]
            vectors = np.asarray(self._embedder.embed_documents(part), dtype=np.float32)
            self._unit_cache.update(zip(part, vectors, strict=True))
        self.units_embedded += len(todo)
        return np.stack([self._unit_cache[t] for t in texts])

    def _complete(self, jobs: list[FileJob]) -> None:
        """Delete each finished file's stale chunks, then write its final record."""
        if not jobs:
            return
        stale = [
            chunk_id
            for job in jobs
            if job.previous is not None
            for chunk_id in job.previous.chunk_ids
            if chunk_id not in self._live
        ]
        self._store.delete(stale)
        self.chunks_removed += len(stale)
        self._manifest.put([job.record for job in jobs])
