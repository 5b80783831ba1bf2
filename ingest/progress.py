"""Ingestion progress: a `rich` display on a terminal, and a line every few seconds for logs
(files done/total, chunks, rate, ETA) when stderr is not a terminal."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO

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
        self._queued = 0
        self._embed_seconds = 0.0

    def start(self, total_files: int) -> None:
        """Set the number of files to look at."""
        self._progress.update(self._files, total=total_files)

    def file_done(self, source: str, status: str) -> None:
        """Advance the file bar; show the last file and what happened to it."""
        if status != "removed":
            self._progress.advance(self._files)
        self._progress.update(self._files, detail=f"{status}: {source}"[:60])

    def chunks_queued(self, count: int) -> None:
        """Grow the chunk bar's total by a loaded file's chunks."""
        self._queued += count
        self._progress.update(self._chunks, total=self._queued)

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


# How often a log line is written when no terminal draws a bar (seconds).
LOG_EVERY_S = 5.0


class LogProgress:
    """Implements ingest.pipeline.Progress as plain lines for a log: one every few seconds."""

    def __init__(
        self,
        stream: IO[str] | None = None,
        *,
        every_s: float = LOG_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._every = every_s
        self._clock = clock
        self._started = clock()
        self._last = self._started
        self._total = 0
        self._files = 0
        self._chunks = 0
        self._queued = 0

    def start(self, total_files: int) -> None:
        """Note the number of files and say that the run began."""
        self._total = total_files
        self._started = self._last = self._clock()
        self._write(f"ingest: {total_files} files to look at")

    def file_done(self, source: str, status: str) -> None:
        """Count a file; write a line when the last one is a few seconds old."""
        if status != "removed":
            self._files += 1
        self._maybe_write()

    def chunks_queued(self, count: int) -> None:
        """Count the chunks a loaded file added."""
        self._queued += count

    def chunks_embedded(self, count: int, seconds: float) -> None:
        """Count embedded chunks; write a line when the last one is a few seconds old."""
        self._chunks += count
        self._maybe_write()

    def line(self) -> str:
        """The current state: files done/total, chunks embedded/queued, rate, ETA."""
        elapsed = max(self._clock() - self._started, 1e-9)
        rate = self._chunks / elapsed
        # Chunks still to embed; while files load, their chunks are extrapolated.
        expected = self._queued
        if 0 < self._files < self._total:
            expected = round(self._queued * self._total / self._files)
        left = max(expected - self._chunks, 0)
        if self._files >= self._total and not left:
            eta = "done"
        elif rate > 0:
            eta = f"ETA {left / rate:.0f} s"
        else:
            eta = "ETA -"
        return (
            f"ingest: {self._files}/{self._total} files, {self._chunks}/{self._queued} chunks "
            f"embedded, {rate:.1f} chunks/s, {elapsed:.0f} s elapsed, {eta}"
        )

    def _maybe_write(self) -> None:
        now = self._clock()
        if now - self._last >= self._every:
            self._last = now
            self._write(self.line())

    def _write(self, text: str) -> None:
        print(text, file=self._stream, flush=True)

    def __enter__(self) -> LogProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None and self._total:
            self._write(self.line())
