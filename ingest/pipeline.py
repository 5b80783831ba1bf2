"""The ingestion pipeline: discover files, load, chunk, embed changed ones, upsert, prune.

Files stream through one at a time; chunks of several files share embedding batches. The
per-source manifest (ingest/manifest.py) makes every step restartable: a file counts as done
only once its record is written, after its chunks."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from assistant.answer.quotable import SENTENCE_VECTORS_VERSION
from assistant.config import Settings
from assistant.embedders import Embedder
from assistant.errors import ConfigError, IngestError
from assistant.store.chroma import ChromaStore
from assistant.text import TERMS_VERSION
from assistant.text.glossary import GLOSSARY_FILE, Glossary
from assistant.text.labels import DOC_TYPE_MAP_FILE, DocTypeMap
from assistant.types import Audience, Document
from ingest.chunking import chunk_document
from ingest.defaults import FolderDefaults, doc_type_map_from_file
from ingest.loaders import LOADERS_VERSION, discover, load_file
from ingest.manifest import SourceManifest, SourceRecord
from ingest.report import IngestReport
from ingest.writer import ChunkWriter, FileJob


class Progress(Protocol):
    """Receives progress events (the CLI draws a `rich` display from them)."""

    def start(self, total_files: int) -> None:
        """The run will look at this many files."""
        ...

    def file_done(self, source: str, status: str) -> None:
        """A file was added, updated, unchanged, failed or removed."""
        ...

    def chunks_queued(self, count: int) -> None:
        """A loaded file added this many chunks to embed (the chunk total grows with them)."""
        ...

    def chunks_embedded(self, count: int, seconds: float) -> None:
        """A batch of chunks was embedded (they are written `write_batch` at a time)."""
        ...


@dataclass(frozen=True)
class IngestOptions:
    """Chunking and defaults for one run."""

    max_tokens: int = 220
    overlap: int = 1
    default_audience: Audience = Audience.INTERNAL
    batch_size: int = 32
    write_batch: int = 256
    dry_run: bool = False
    doc_types: DocTypeMap = field(default_factory=DocTypeMap)

    @classmethod
    def from_settings(cls, settings: Settings, *, dry_run: bool = False) -> IngestOptions:
        """The chunking, default audience and batch size the settings name."""
        return cls(
            max_tokens=settings.chunk_tokens,
            overlap=settings.chunk_overlap_sentences,
            default_audience=settings.default_audience,
            batch_size=settings.embed_batch_size,
            dry_run=dry_run,
            doc_types=doc_type_map_from_file(settings.doc_type_map),
        )


def ingest_paths(
    paths: Sequence[Path],
    *,
    store: ChromaStore,
    embedder: Embedder,
    options: IngestOptions,
    progress: Progress | None = None,
) -> IngestReport:
    """Bring the store in line with the files under `paths`; only changed files are embedded."""
    started = time.perf_counter()
    report = IngestReport(default_audience=options.default_audience.value)
    manifest = SourceManifest(store)
    run = _Run(
        store=store,
        embedder=embedder,
        options=options,
        manifest=manifest,
        existing=manifest.load(),
        report=report,
        progress=progress,
    )
    roots = []
    for root in map(Path, paths):
        if not root.exists():
            report.failed.append((str(root), "no such file or folder"))
            continue
        base = root if root.is_dir() else root.parent
        roots.append((root, base, list(discover(root))))
    report.files = sum(len(files) for _, _, files in roots)
    if progress:
        progress.start(report.files)
    for root, base, files in roots:
        run.ingest_root(root, base, files)
    run.finish()
    report.seconds = time.perf_counter() - started
    return report


def config_fingerprint(embedder: Embedder, options: IngestOptions) -> str:
    """What besides the file decides its chunks: a change re-ingests every file."""
    parts = [embedder.name, options.max_tokens, options.overlap, options.default_audience.value]
    parts.append(TERMS_VERSION)  # stored lexical terms change with the term extraction
    parts.append(SENTENCE_VECTORS_VERSION)  # the composer's stored unit vectors
    parts.append(sorted(options.doc_types.mapping.items()))  # mapped doc types
    parts.append(LOADERS_VERSION)  # Markdown as plain text, tables as rows, partial dates
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _defaulted(docs: list[Document]) -> list[str]:
    """How the summary names the documents that took the default audience."""
    return [
        d.source if len(docs) == 1 else f"{d.source} ({d.id})" for d in docs if d.audience_defaulted
    ]


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Run:
    """State of one ingestion run (kept out of the public API)."""

    def __init__(
        self,
        *,
        store: ChromaStore,
        embedder: Embedder,
        options: IngestOptions,
        manifest: SourceManifest,
        existing: dict[tuple[str, str], SourceRecord],
        report: IngestReport,
        progress: Progress | None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.options = options
        self.existing = existing
        self.report = report
        self.progress = progress
        self.config = config_fingerprint(embedder, options)
        self.seen_ids: dict[str, str] = {}
        self.glossary_changed = False
        self.writer = ChunkWriter(
            store=store,
            embedder=embedder,
            manifest=manifest,
            batch_size=options.batch_size,
            write_batch=options.write_batch,
            on_batch=self._on_batch,
        )

    def _on_batch(self, count: int, seconds: float) -> None:
        self.report.chunks_written += count
        self.report.embed_seconds += seconds
        if self.progress:
            self.progress.chunks_embedded(count, seconds)

    def _done(self, source: str, status: str) -> None:
        if self.progress:
            self.progress.file_done(source, status)

    def ingest_root(self, root: Path, base: Path, files: list[Path]) -> None:
        """Ingest the files of one root, then remove what disappeared from it."""
        root_key = str(base.resolve())
        seen: set[str] = set()
        try:
            folders = FolderDefaults(
                base,
                default_audience=self.options.default_audience,
                doc_types=self.options.doc_types,
            )
        except ConfigError as exc:
            self.report.failed.append((DOC_TYPE_MAP_FILE, str(exc)))
            folders = FolderDefaults(
                base,
                default_audience=self.options.default_audience,
                doc_types=self.options.doc_types,
                read_map=False,
            )
        if root.is_dir():
            self._sync_glossary(root / GLOSSARY_FILE, root_key)
        for path in files:
            if path == root / GLOSSARY_FILE:
                continue  # the corpus's glossary is stored by _sync_glossary, not as a document
            source = path.relative_to(base).as_posix()
            seen.add(source)
            self._ingest_file(path, base=base, root_key=root_key, source=source, folders=folders)
        if root.is_dir():
            gone = [
                r for key, r in self.existing.items() if key[0] == root_key and key[1] not in seen
            ]
            for record in sorted(gone, key=lambda r: r.source):
                self.report.removed.append(record.source)
                if self.options.dry_run:
                    self.report.chunks_removed += len(record.chunk_ids)
                else:
                    self.writer.remove(record)
                self._done(record.source, "removed")

    def _sync_glossary(self, path: Path, root_key: str) -> None:
        """Store the corpus root's glossary.yaml (or forget a removed one) for the retriever."""
        text: str | None = None
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
                Glossary.from_yaml(text, source=GLOSSARY_FILE)
            except (ConfigError, OSError, UnicodeDecodeError) as exc:
                self.report.failed.append((GLOSSARY_FILE, str(exc)))
                return
        if not self.options.dry_run and self.store.save_glossary(root_key, text):
            self.glossary_changed = True

    def _ingest_file(
        self, path: Path, *, base: Path, root_key: str, source: str, folders: FolderDefaults
    ) -> None:
        previous = self.existing.get((root_key, source))
        try:
            defaults = folders.for_file(path)
            digest = file_digest(path)
            if defaults.fingerprint:  # a change of folder defaults re-reads the file
                digest = hashlib.sha256(f"{digest}:{defaults.fingerprint}".encode()).hexdigest()
            if (
                previous is not None
                and previous.source_hash == digest
                and previous.config in (self.config, "")
            ):
                self._claim_ids(previous.doc_ids, source)
                self.report.documents += len(previous.doc_ids)
                self.report.audience_defaulted.extend(previous.defaulted)
                self.report.unchanged.append(source)
                self.writer.keep(previous)
                self._done(source, "unchanged")
                return
            docs = load_file(path, root=base, defaults=defaults)
            self._claim_ids([d.id for d in docs], source)
        except (IngestError, OSError) as exc:
            self.report.failed.append((source, getattr(exc, "reason", None) or str(exc)))
            if previous is not None:
                self.writer.keep(previous)  # the last good version stays searchable
            self._done(source, "failed")
            return
        self.report.documents += len(docs)
        self.report.audience_defaulted.extend(_defaulted(docs))
        status = "updated" if previous is not None else "added"
        (self.report.updated if previous is not None else self.report.added).append(source)
        if not self.options.dry_run:
            job = self._job(
                docs, root_key=root_key, source=source, previous=previous, digest=digest
            )
            if self.progress:
                self.progress.chunks_queued(len(job.chunks))
            self.writer.add(job)
        self._done(source, status)

    def _claim_ids(self, doc_ids: Sequence[str], source: str) -> None:
        for doc_id in doc_ids:
            if doc_id in self.seen_ids:
                raise IngestError(
                    f"document id {doc_id!r} is already used by {self.seen_ids[doc_id]}; ids "
                    "must be unique across the corpus",
                    path=source,
                )
        for doc_id in doc_ids:
            self.seen_ids[doc_id] = source

    def _job(
        self,
        docs: list[Document],
        *,
        root_key: str,
        source: str,
        previous: SourceRecord | None,
        digest: str,
    ) -> FileJob:
        chunks = [
            chunk
            for doc in docs
            for chunk in chunk_document(
                doc,
                max_tokens=self.options.max_tokens,
                overlap=self.options.overlap,
                count_tokens=self.embedder.count_tokens,
            )
        ]
        return FileJob(
            record=SourceRecord(
                root=root_key,
                source=source,
                source_hash=digest,
                config=self.config,
                doc_ids=tuple(d.id for d in docs),
                chunk_ids=tuple(c.id for c in chunks),
                defaulted=tuple(_defaulted(docs)),
            ),
            chunks=chunks,
            titles={d.id: d.title for d in docs},
            previous=previous,
        )

    def finish(self) -> None:
        """Write what is buffered, delete stale chunks, and tell readers the index changed."""
        if self.options.dry_run:
            return
        self.writer.close()
        self.report.chunks_removed += self.writer.chunks_removed
        self.report.units_total = self.writer.units_total
        self.report.units_embedded = self.writer.units_embedded
        self.report.unit_seconds = self.writer.unit_seconds
        changed = self.report.added or self.report.updated or self.report.removed
        if changed or self.glossary_changed:
            self.store.bump_generation()
