"""The one entry to ingestion: `Ingestor.from_settings(settings).run(paths)`.

The CLI, the admin route, the eval runner, the benchmarks and the tests all ingest through it,
so chunking, defaults, the embedder and the store are wired in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.embedders import Embedder, build_embedder
from assistant.factory import open_store
from ingest.pipeline import IngestOptions, IngestReport, Progress, ingest_paths
from ingest.rebuild import rebuild_index


@dataclass(frozen=True)
class Ingestor:
    """Brings the configured index in line with files: incrementally, or as a rebuild."""

    settings: Settings
    embedder: Embedder
    options: IngestOptions

    @classmethod
    def from_settings(
        cls, settings: Settings, *, embedder: Embedder | None = None, **options: Any
    ) -> Ingestor:
        """The ingestor the settings describe; `options` override IngestOptions fields
        (dry_run, batch_size, ...), and `embedder` reuses one already loaded."""
        return cls(
            settings=settings,
            embedder=embedder or build_embedder(settings.embedder),
            options=replace(IngestOptions.from_settings(settings), **options),
        )

    def run(
        self,
        paths: Sequence[Path],
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest `paths`; with `rebuild`, into a new collection that readers switch to only
        when it is complete (`report.activated` says whether they did)."""
        paths = [Path(p) for p in paths]
        if rebuild:
            report, switched = rebuild_index(
                paths,
                data_dir=self.settings.data_dir,
                chroma_url=self.settings.chroma_url,
                collection=self.settings.collection,
                embedder=self.embedder,
                options=self.options,
                progress=progress,
            )
            report.activated = switched
            return report
        store = open_store(self.settings, self.embedder, create=True)
        return ingest_paths(
            paths, store=store, embedder=self.embedder, options=self.options, progress=progress
        )
