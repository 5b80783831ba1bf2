"""`--rebuild`: ingest everything into a new collection and switch readers to it only when the
run completed without failures; the previous index stays active until then."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.embedders import Embedder
from assistant.store.chroma import ChromaStore
from ingest.pipeline import IngestOptions, IngestReport, Progress, ingest_paths


def rebuild_index(
    paths: Sequence[Path],
    *,
    data_dir: Path,
    chroma_url: str | None,
    collection: str,
    embedder: Embedder,
    options: IngestOptions,
    progress: Progress | None = None,
) -> tuple[IngestReport, bool]:
    """(report, switched): build a fresh collection from `paths`; activate it when complete.

    A dry run, a failed file or an interruption discards the new collection and leaves the
    active one untouched, so readers never see a half-built or empty index."""
    store = ChromaStore.create_build(
        data_dir=data_dir,
        chroma_url=chroma_url,
        collection=collection,
        embedder_name=embedder.name,
        dim=embedder.dim,
    )
    try:
        report = ingest_paths(
            paths, store=store, embedder=embedder, options=options, progress=progress
        )
    except BaseException:
        store.discard()
        raise
    if options.dry_run or not report.ok:
        store.discard()
        return report, False
    store.activate()
    return report, True
