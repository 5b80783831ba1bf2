"""The rich progress display: drawn on a terminal, silent in CI or when piped."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from ingest.progress import RichProgress, wants_progress
from tests.ingest.test_restartable import ingest


def test_progress_shows_files_and_chunk_throughput(
    tmp_path: Path, corpus_copy: Path, plumbing_embedder
) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    with RichProgress(console) as progress:
        report = ingest(tmp_path / "idx", plumbing_embedder, corpus_copy, progress=progress)
    drawn = screen.getvalue()
    assert report.ok
    assert "files" in drawn and "6/6" in drawn
    assert "chunks embedded" in drawn and "chunks/s" in drawn
    written = report.chunks_written
    assert f"{written}/{written}" in drawn  # the chunk bar knows its total


def test_progress_only_on_an_interactive_terminal_outside_ci(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert wants_progress(Console(file=io.StringIO(), force_terminal=True))
    assert not wants_progress(Console(file=io.StringIO()))  # piped
    monkeypatch.setenv("CI", "true")
    assert not wants_progress(Console(file=io.StringIO(), force_terminal=True))


def test_log_progress_writes_a_line_every_few_seconds(
    tmp_path: Path, corpus_copy: Path, plumbing_embedder
) -> None:
    from ingest.progress import LogProgress

    log = io.StringIO()
    ticks = iter(range(0, 10_000, 3))  # every event is 3 s after the previous one
    with LogProgress(log, every_s=5.0, clock=lambda: float(next(ticks))) as progress:
        report = ingest(tmp_path / "idx", plumbing_embedder, corpus_copy, progress=progress)
    lines = log.getvalue().splitlines()
    assert report.ok
    assert lines[0] == "ingest: 6 files to look at"
    assert 3 <= len(lines) <= 12, lines  # one line per ~5 s of (fake) time, not one per event
    assert any("files," in line and "chunks embedded" in line and "ETA " in line for line in lines)
    assert lines[-1].startswith("ingest: 6/6 files, ") and lines[-1].endswith("done")
    written = report.chunks_written
    assert f"{written}/{written} chunks embedded" in lines[-1]
    # Every progress line ends with how long is left (seconds, unknown yet, or done).
    assert all(re.search(r"(ETA (\d+ s|-)|done)$", line) for line in lines[1:]), lines
