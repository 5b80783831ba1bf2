"""An interrupted run (Ctrl-C, or a hard kill) leaves the index usable and the next run
completes the work; the per-source manifest is written after a file's chunks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.factory import open_store
from ingest.manifest import SourceManifest
from ingest.pipeline import IngestOptions, IngestReport, ingest_paths
from tests.conftest import REPO, make_settings

SENTENCE = (
    "Sentence {n} of version {v}: the Bengaluru site ran a {n}-batch monoclonal antibody "
    "campaign in 2,000 L single-use bioreactors and released every lot against specification "
    "after a full review of the executed batch records by the quality unit."
)


def long_document(doc_id: str, version: int, sentences: int = 24) -> str:
    body = " ".join(SENTENCE.format(n=n, v=version) for n in range(sentences))
    return f"---\nid: {doc_id}\ntitle: Long case {doc_id}\n---\n# Long case\n\n{body}\n"


class StopAfter:
    """A Progress that interrupts the run after `batches` written embedding batches."""

    def __init__(self, batches: int) -> None:
        self.left = batches

    def start(self, total_files: int) -> None:
        pass

    def file_done(self, source: str, status: str) -> None:
        pass

    def chunks_queued(self, count: int) -> None:
        pass

    def chunks_embedded(self, count: int, seconds: float) -> None:
        self.left -= 1
        if self.left == 0:
            raise KeyboardInterrupt


def ingest(data_dir: Path, embedder, corpus: Path, *, progress=None) -> IngestReport:
    store = open_store(make_settings(data_dir), embedder, create=True)
    options = IngestOptions(batch_size=4, write_batch=8)
    return ingest_paths(
        [corpus], store=store, embedder=embedder, options=options, progress=progress
    )


def snapshot(data_dir: Path, embedder) -> dict[str, tuple[str, str]]:
    store = open_store(make_settings(data_dir), embedder)
    return {c.id: (c.content_hash, c.text) for c, _ in store.iter_chunks()}


def manifest_hash(data_dir: Path, embedder, source: str) -> str:
    store = open_store(make_settings(data_dir), embedder)
    [record] = [r for r in SourceManifest(store).load().values() if r.source == source]
    return record.source_hash


def test_ctrl_c_mid_file_is_redone_by_the_next_run(
    tmp_path: Path, corpus_copy: Path, plumbing_embedder
) -> None:
    long = corpus_copy / "case-studies" / "long.md"
    long.write_text(long_document("cs-long", 1), encoding="utf-8")
    data = tmp_path / "idx"
    first = ingest(data, plumbing_embedder, corpus_copy)
    assert first.ok and first.chunks_written > 12  # several batches of 4 for long.md

    long.write_text(long_document("cs-long", 2), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        ingest(data, plumbing_embedder, corpus_copy, progress=StopAfter(3))
    # Some of the new chunks are written, but the file is not marked as done.
    assert manifest_hash(data, plumbing_embedder, "case-studies/long.md") == ""
    texts = [text for _, text in snapshot(data, plumbing_embedder).values()]
    assert any("version 2" in t for t in texts) and any("version 1" in t for t in texts)

    second = ingest(data, plumbing_embedder, corpus_copy)
    assert second.updated == ["case-studies/long.md"] and second.ok
    fresh = tmp_path / "fresh"
    ingest(fresh, plumbing_embedder, corpus_copy)
    assert snapshot(data, plumbing_embedder) == snapshot(fresh, plumbing_embedder)
    third = ingest(data, plumbing_embedder, corpus_copy)
    assert third.chunks_written == 0 and third.updated == [] and len(third.unchanged) == 7


def test_chunks_of_an_interrupted_new_file_go_when_the_file_is_deleted(
    tmp_path: Path, corpus_copy: Path, plumbing_embedder
) -> None:
    data = tmp_path / "idx"
    ingest(data, plumbing_embedder, corpus_copy)
    new = corpus_copy / "case-studies" / "new.md"
    new.write_text(long_document("cs-new", 1), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        ingest(data, plumbing_embedder, corpus_copy, progress=StopAfter(3))
    assert any(i.startswith("cs-new#") for i in snapshot(data, plumbing_embedder))
    new.unlink()
    report = ingest(data, plumbing_embedder, corpus_copy)
    assert report.removed == ["case-studies/new.md"] and report.chunks_removed >= 8
    fresh = tmp_path / "fresh"
    ingest(fresh, plumbing_embedder, corpus_copy)
    assert snapshot(data, plumbing_embedder) == snapshot(fresh, plumbing_embedder)


KILLER = """
import os, signal, sys
from pathlib import Path
from assistant.factory import open_store
from ingest.pipeline import IngestOptions, ingest_paths
from tests.conftest import make_settings
from tests.ingest.conftest import PlumbingEmbedder

class KillAfter:
    def __init__(self): self.batches = 0
    def start(self, total_files): pass
    def file_done(self, source, status): pass
    def chunks_queued(self, count): pass
    def chunks_embedded(self, count, seconds):
        self.batches += 1
        if self.batches == 5:
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no finally blocks

embedder = PlumbingEmbedder()
store = open_store(make_settings(Path(sys.argv[1])), embedder, create=True)
ingest_paths([Path(sys.argv[2])], store=store, embedder=embedder,
             options=IngestOptions(batch_size=4, write_batch=8), progress=KillAfter())
"""


@pytest.mark.slow
def test_a_killed_process_leaves_a_usable_index_and_the_next_run_completes(
    tmp_path: Path, corpus_copy: Path, plumbing_embedder
) -> None:
    data = tmp_path / "idx"
    ingest(data, plumbing_embedder, corpus_copy)
    before = snapshot(data, plumbing_embedder)
    for name in ("long-a.md", "long-b.md"):
        (corpus_copy / "case-studies" / name).write_text(
            long_document(name[:-3], 1), encoding="utf-8"
        )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(data), str(corpus_copy)], cwd=REPO, env=env
    )
    assert killed.returncode == -9
    after_kill = snapshot(data, plumbing_embedder)  # the index still opens and reads
    assert set(before) <= set(after_kill) and len(after_kill) > len(before)
    report = ingest(data, plumbing_embedder, corpus_copy)
    assert sorted(report.added + report.updated) == [
        "case-studies/long-a.md",
        "case-studies/long-b.md",
    ]
    fresh = tmp_path / "fresh"
    ingest(fresh, plumbing_embedder, corpus_copy)
    assert snapshot(data, plumbing_embedder) == snapshot(fresh, plumbing_embedder)
