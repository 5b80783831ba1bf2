"""The ingestion pipeline: discover files, load, chunk, embed changed ones, upsert, prune."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.embedders import Embedder
from assistant.errors import ConfigError, IngestError
from assistant.glossary import GLOSSARY_FILE, Glossary
from assistant.store import ChromaStore
from assistant.text import index_terms
from assistant.types import Audience, Chunk, Document
from ingest.chunking import chunk_document, embedding_text
from ingest.loaders import discover, load_file


@dataclass
class IngestReport:
    """What one ingestion run changed, and what failed."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0
    chunks_written: int = 0
    chunks_removed: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failed

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready summary."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": len(self.unchanged),
            "removed": self.removed,
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "documents": self.documents,
            "chunks_written": self.chunks_written,
            "chunks_removed": self.chunks_removed,
            "seconds": round(self.seconds, 3),
            "embed_seconds": round(self.embed_seconds, 3),
        }


@dataclass(frozen=True)
class IngestOptions:
    """Chunking and defaults for one run."""

    max_tokens: int = 220
    overlap: int = 1
    default_audience: Audience = Audience.INTERNAL
    batch_size: int = 32
    dry_run: bool = False


def ingest_paths(
    paths: Sequence[Path],
    *,
    store: ChromaStore,
    embedder: Embedder,
    options: IngestOptions,
    on_file: Callable[[str], None] | None = None,
) -> IngestReport:
    """Bring the store in line with the files under `paths`; only changed files are embedded."""
    started = time.perf_counter()
    report = IngestReport()
    existing = _existing_sources(store)
    seen_ids: dict[str, str] = {}
    glossary_changed = False
    for root in paths:
        root = Path(root)
        if not root.exists():
            report.failed.append((str(root), "no such file or folder"))
            continue
        base = root if root.is_dir() else root.parent
        root_key = str(base.resolve())
        seen_sources: set[str] = set()
        if root.is_dir():
            glossary_changed |= _sync_glossary(
                root, root_key, store=store, options=options, report=report
            )
        for path in discover(root):
            if path == root / GLOSSARY_FILE:
                continue  # the corpus's glossary is stored by _sync_glossary, not as a document
            source = path.relative_to(base).as_posix()
            seen_sources.add(source)
            if on_file:
                on_file(source)
            _ingest_file(
                path,
                base=base,
                root_key=root_key,
                source=source,
                store=store,
                embedder=embedder,
                options=options,
                existing=existing,
                seen_ids=seen_ids,
                report=report,
            )
        for (key, source), (_, chunk_ids) in existing.items():
            if key == root_key and source not in seen_sources:
                report.removed.append(source)
                report.chunks_removed += len(chunk_ids)
                if not options.dry_run:
                    store.delete(chunk_ids)
    changed = report.added or report.updated or report.removed or glossary_changed
    if not options.dry_run and changed:
        store.bump_generation()
    report.seconds = time.perf_counter() - started
    return report


def _sync_glossary(
    root: Path, root_key: str, *, store: ChromaStore, options: IngestOptions, report: IngestReport
) -> bool:
    """Store the corpus root's glossary.yaml (or forget a removed one); True when it changed."""
    path = root / GLOSSARY_FILE
    text: str | None = None
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
            Glossary.from_yaml(text, source=GLOSSARY_FILE)
        except (ConfigError, OSError, UnicodeDecodeError) as exc:
            report.failed.append((GLOSSARY_FILE, str(exc)))
            return False
    return False if options.dry_run else store.save_glossary(root_key, text)


def _ingest_file(
    path: Path,
    *,
    base: Path,
    root_key: str,
    source: str,
    store: ChromaStore,
    embedder: Embedder,
    options: IngestOptions,
    existing: dict[tuple[str, str], tuple[str, list[str]]],
    seen_ids: dict[str, str],
    report: IngestReport,
) -> None:
    try:
        docs = load_file(path, root=base, default_audience=options.default_audience)
        for doc in docs:
            if doc.id in seen_ids:
                raise IngestError(
                    f"document id {doc.id!r} is already used by {seen_ids[doc.id]}; ids must be "
                    "unique across the corpus",
                    path=source,
                )
        for doc in docs:
            seen_ids[doc.id] = source
    except (IngestError, OSError) as exc:
        report.failed.append((source, getattr(exc, "reason", str(exc))))
        return
    report.documents += len(docs)
    previous = existing.get((root_key, source))
    digest = docs[0].source_hash if docs else ""
    if previous is not None and previous[0] == digest:
        report.unchanged.append(source)
        return
    (report.updated if previous else report.added).append(source)
    if options.dry_run:
        return
    chunks = [
        chunk
        for doc in docs
        for chunk in chunk_document(
            doc,
            max_tokens=options.max_tokens,
            overlap=options.overlap,
            count_tokens=embedder.count_tokens,
        )
    ]
    written = _write(
        chunks,
        docs,
        root_key=root_key,
        store=store,
        embedder=embedder,
        options=options,
        report=report,
    )
    if previous:
        stale = sorted(set(previous[1]) - written)
        store.delete(stale)
        report.chunks_removed += len(stale)


def _write(
    chunks: list[Chunk],
    docs: list[Document],
    *,
    root_key: str,
    store: ChromaStore,
    embedder: Embedder,
    options: IngestOptions,
    report: IngestReport,
) -> set[str]:
    titles = {doc.id: doc.title for doc in docs}
    digest = docs[0].source_hash
    for start in range(0, len(chunks), options.batch_size):
        batch = chunks[start : start + options.batch_size]
        texts = [embedding_text(titles[c.doc_id], c.section, c.text) for c in batch]
        t0 = time.perf_counter()
        vectors = embedder.embed_documents(texts) if texts else np.zeros((0, embedder.dim))
        report.embed_seconds += time.perf_counter() - t0
        tagged = [_tag(c, root_key=root_key, source_hash=digest) for c in batch]
        store.upsert(tagged, vectors, terms=[" ".join(index_terms(t)) for t in texts])
        report.chunks_written += len(batch)
    return {c.id for c in chunks}


def _tag(chunk: Chunk, *, root_key: str, source_hash: str) -> Chunk:
    from dataclasses import replace

    return replace(
        chunk, metadata={**chunk.metadata, "ingest_root": root_key, "source_hash": source_hash}
    )


def _existing_sources(store: ChromaStore) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(root, source) -> (content hash, chunk ids) of everything already in the store."""
    out: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for meta in store.iter_metadata():
        key = (str(meta.get("ingest_root", "")), str(meta.get("source", "")))
        digest, ids = out.get(key, (str(meta.get("source_hash", "")), []))
        ids.append(str(meta["id"]))
        out[key] = (digest, ids)
    return out
