"""Incremental ingest and --rebuild against a real `chroma run` server (client–server mode,
where several processes may write: no data-dir lock is involved)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.factory import open_store
from ingest.pipeline import IngestOptions, ingest_paths
from ingest.rebuild import rebuild_index
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


@pytest.fixture
def chroma_url(tmp_path: Path):
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    if not Path(chroma).exists():
        pytest.skip("the `chroma` server command is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            chroma,
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_incremental_ingest_and_rebuild_through_a_chroma_server(
    tmp_path: Path, chroma_url: str, corpus_copy: Path, plumbing_embedder
) -> None:
    settings = make_settings(tmp_path / "unused", chroma_url=chroma_url)
    options = IngestOptions(batch_size=4, write_batch=8)
    store = open_store(settings, plumbing_embedder, create=True)
    first = ingest_paths([corpus_copy], store=store, embedder=plumbing_embedder, options=options)
    assert first.ok and len(first.added) == 6
    again = ingest_paths([corpus_copy], store=store, embedder=plumbing_embedder, options=options)
    assert again.chunks_written == 0 and len(again.unchanged) == 6

    reader = open_store(settings, plumbing_embedder)
    (corpus_copy / "faq" / "faq.jsonl").unlink()
    report, switched = rebuild_index(
        [corpus_copy],
        data_dir=settings.data_dir,
        chroma_url=chroma_url,
        collection=settings.collection,
        embedder=plumbing_embedder,
        options=options,
    )
    assert switched and len(report.added) == 5
    reader.generation()
    assert reader.count() == report.chunks_written
    assert not any(c.doc_id.startswith("faq-") for c, _ in reader.iter_chunks())
    assert not (tmp_path / "unused").exists()  # nothing written locally in client–server mode
