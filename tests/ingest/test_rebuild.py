"""`--rebuild` builds a new collection; readers switch only when it is complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.factory import open_store
from assistant.store.filters import chroma_where
from assistant.types import Audience
from ingest.pipeline import IngestOptions
from ingest.rebuild import rebuild_index
from tests.conftest import make_settings
from tests.ingest.test_restartable import StopAfter, ingest


class ReaderCheck(StopAfter):
    """While the rebuild writes, a reader on the same index must see the complete old one."""

    def __init__(self, reader, expected: int) -> None:
        super().__init__(batches=-1)
        self.reader, self.expected, self.checks = reader, expected, 0

    def chunks_embedded(self, count: int, seconds: float) -> None:
        self.reader.generation()  # what a server does before each question
        assert self.reader.count() == self.expected
        visible = list(self.reader.iter_metadata(where=chroma_where(Audience.PUBLIC)))
        assert len(visible) >= 3
        self.checks += 1


def rebuild(data_dir: Path, embedder, corpus: Path, *, progress=None, dry_run: bool = False):
    settings = make_settings(data_dir)
    return rebuild_index(
        [corpus],
        data_dir=data_dir,
        chroma_url=None,
        collection=settings.collection,
        embedder=embedder,
        options=IngestOptions(batch_size=4, write_batch=8, dry_run=dry_run),
        progress=progress,
    )


def collections(reader) -> set[str]:
    return {getattr(c, "name", c) for c in reader.client.list_collections()}


def test_readers_see_the_old_index_until_the_new_one_is_complete(
    tmp_path: Path, corpus_copy: Path, plumbing_embedder
) -> None:
    data = tmp_path / "idx"
    ingest(data, plumbing_embedder, corpus_copy)
    reader = open_store(make_settings(data), plumbing_embedder)
    old_count, old_generation, old_name = reader.count(), reader.generation(), reader.name
    (corpus_copy / "faq" / "faq.jsonl").unlink()

    check = ReaderCheck(reader, expected=old_count)
    report, switched = rebuild(data, plumbing_embedder, corpus_copy, progress=check)
    assert switched and report.ok and check.checks >= 2
    assert len(report.added) == 5 and report.unchanged == []

    assert reader.generation() > old_generation  # the running reader follows the pointer
    assert reader.name != old_name and old_name not in collections(reader)
    assert reader.count() == report.chunks_written < old_count
    assert not any(c.doc_id.startswith("faq-") for c, _ in reader.iter_chunks())
    reopened = open_store(make_settings(data), plumbing_embedder)
    assert reopened.name == reader.name
    again = ingest(data, plumbing_embedder, corpus_copy)  # incremental runs use the new one
    assert again.chunks_written == 0 and len(again.unchanged) == 5


def test_a_failed_or_interrupted_rebuild_keeps_the_old_index(
    tmp_path: Path, corpus_copy: Path, plumbing_embedder
) -> None:
    data = tmp_path / "idx"
    ingest(data, plumbing_embedder, corpus_copy)
    reader = open_store(make_settings(data), plumbing_embedder)
    before = {c.id for c, _ in reader.iter_chunks()}
    names = collections(reader)

    (corpus_copy / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    report, switched = rebuild(data, plumbing_embedder, corpus_copy)
    assert not switched and [p for p, _ in report.failed] == ["broken.pdf"]
    (corpus_copy / "broken.pdf").unlink()

    with pytest.raises(KeyboardInterrupt):
        rebuild(data, plumbing_embedder, corpus_copy, progress=StopAfter(1))
    _, switched = rebuild(data, plumbing_embedder, corpus_copy, dry_run=True)
    assert not switched

    assert (
        reader.generation() == 1
        and reader.name == open_store(make_settings(data), plumbing_embedder).name
    )
    assert {c.id for c, _ in reader.iter_chunks()} == before
    assert collections(reader) == names  # no half-built collection left behind


def test_rebuild_is_the_way_out_of_an_embedder_mismatch(
    tmp_path: Path, corpus_copy: Path, plumbing_embedder
) -> None:
    from assistant.errors import EmbedderMismatchError
    from tests.ingest.conftest import PlumbingEmbedder

    class OtherEmbedder(PlumbingEmbedder):
        name = "test-plumbing-other"

    data = tmp_path / "idx"
    ingest(data, plumbing_embedder, corpus_copy)
    with pytest.raises(EmbedderMismatchError, match="--rebuild"):
        open_store(make_settings(data), OtherEmbedder())
    _, switched = rebuild(data, OtherEmbedder(), corpus_copy)
    assert switched
    assert open_store(make_settings(data), OtherEmbedder()).count() > 0
