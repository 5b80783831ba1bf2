"""A `rich` progress display for ingestion: files, chunks and embedding throughput."""

from __future__ import annotations

import os
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def wants_progress(console: Console) -> bool:
    """Draw progress only on an interactive terminal, never in CI or when piped."""
    return console.is_terminal and not os.environ.get("CI")


class RichProgress:
    """Implements ingest.pipeline.Progress with two rich bars (files; chunks and chunks/s)."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._files = self._progress.add_task("files", total=None, detail="")
        self._chunks = self._progress.add_task("chunks embedded", total=None, detail="")
        self._embedded = 0
        self._embed_seconds = 0.0

    def start(self, total_files: int) -> None:
        """Set the number of files to look at."""
        self._progress.update(self._files, total=total_files)

    def file_done(self, source: str, status: str) -> None:
        """Advance the file bar; show the last file and what happened to it."""
        if status != "removed":
            self._progress.advance(self._files)
        self._progress.update(self._files, detail=f"{status}: {source}"[:60])

    def chunks_embedded(self, count: int, seconds: float) -> None:
        """Advance the chunk counter and the embedding throughput."""
        self._embedded += count
        self._embed_seconds += seconds
        rate = self._embedded / self._embed_seconds if self._embed_seconds else 0.0
        self._progress.update(self._chunks, completed=self._embedded, detail=f"{rate:.1f} chunks/s")

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()
