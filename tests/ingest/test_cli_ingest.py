"""`assistant ingest` from the command line: lock refusal, dry run, JSON report, rebuild."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.store.locking import LOCK_FILE, DataDirLock, holder
from cli import app
from tests.conftest import REPO

runner = CliRunner()


def test_ingest_refuses_while_a_server_holds_the_index(tmp_path: Path, corpus_copy: Path) -> None:
    data = tmp_path / "data"
    with DataDirLock(data, role="serve", address="http://127.0.0.1:8123"):
        result = runner.invoke(app, ["ingest", str(corpus_copy), "--data-dir", str(data)])
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "in use by `assistant serve`" in output and "stop the server" in output
    assert "POST http://127.0.0.1:8123/v1/admin/ingest" in output
    assert "ASSISTANT_CHROMA_URL" in output
    assert not (data / "chroma").exists()  # nothing was opened or written


def test_dry_run_loads_every_file_of_the_sample_corpus_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = runner.invoke(
        app, ["ingest", str(REPO / "corpus"), "--data-dir", str(data), "--dry-run", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["failed"] == [] and report["chunks_written"] == 0
    assert "brochure/company-brochure.pdf" in report["added"]
    assert "regulatory/quality-agreement-summary.docx" in report["added"]
    assert "news/baltimore-acquisition-2023.html" in report["added"]
    assert "regulatory/inspections.csv" in report["added"]
    assert report["files"] == len(report["added"]) and report["documents"] > report["files"]


def test_dry_run_table_lists_what_would_change(tmp_path: Path, corpus_copy: Path) -> None:
    data = tmp_path / "data"
    assert runner.invoke(app, ["ingest", str(corpus_copy), "--data-dir", str(data)]).exit_code == 0
    (corpus_copy / "faq" / "faq.jsonl").unlink()
    (corpus_copy / "sites" / "new.md").write_text("---\nid: n\n---\nNew text.\n", "utf-8")
    result = runner.invoke(app, ["ingest", str(corpus_copy), "--data-dir", str(data), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would add sites/new.md" in result.output
    assert "would remove faq/faq.jsonl" in result.output
    assert "dry run" in result.output

    result = runner.invoke(
        app, ["ingest", str(corpus_copy), "--data-dir", str(data), "--rebuild", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["rebuild_activated"] is True and len(report["added"]) == 6
    assert report["removed"] == []  # a rebuild starts from an empty collection


def test_serve_refuses_to_start_while_an_ingest_writes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with DataDirLock(data, role="ingest"):
        result = runner.invoke(app, ["serve", "--data-dir", str(data), "--port", "8999"])
    assert result.exit_code == 1
    assert "in use by `assistant ingest`" in " ".join(result.output.split())


@pytest.mark.slow
def test_a_running_server_holds_the_lock_and_ingest_says_what_to_do(
    fixture_settings, corpus_copy: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = fixture_settings.data_dir
    server = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--data-dir", str(data), "--port", str(port)],
        cwd=REPO,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while holder(data / LOCK_FILE).get("role") != "serve" or not _listening(port):
            assert server.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        result = runner.invoke(app, ["ingest", str(corpus_copy), "--data-dir", str(data)])
        assert result.exit_code == 1
        assert f"POST http://127.0.0.1:{port}/v1/admin/ingest" in " ".join(result.output.split())
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Stopped, the server's lock is gone (the OS drops a flock with its process).
    DataDirLock(data, role="ingest").acquire().release()


def _listening(port: int) -> bool:
    with socket.socket() as client:
        return client.connect_ex(("127.0.0.1", port)) == 0


def test_dry_run_of_a_customer_corpus_counts_documents_and_says_what_is_invisible(
    tmp_path: Path,
) -> None:
    from tests.ingest.customer_corpus import write_customer_corpus

    corpus = write_customer_corpus(tmp_path / "corpus")
    result = runner.invoke(
        app, ["ingest", str(corpus), "--data-dir", str(tmp_path / "data"), "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    # Not a terminal: progress is plain log lines, and the summary counts files and documents.
    assert "ingest: 6 files to look at" in output
    assert "ingest: 6/6 files, 0/0 chunks embedded" in output and "done" in output
    assert "┃ files ┃ docum" in output  # the table's first two columns: files, documents
    assert "│ 6 │ 7 │" in output
    assert (
        "3 documents had no audience and defaulted to internal: public/anonymous readers cannot "
        "see them — add `audience:` to the file or a `_defaults.yaml` in its folder"
    ) in output
