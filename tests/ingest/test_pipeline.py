from pathlib import Path

from assistant.factory import open_store
from tests.conftest import make_settings, run_ingest


def _snapshot(settings, embedder) -> dict[str, str]:
    store = open_store(settings, embedder)
    return {m["id"]: m["content_hash"] for m in store.iter_metadata()}


def test_reingesting_unchanged_files_changes_nothing(tmp_path, embedder, corpus_copy) -> None:
    settings = make_settings(tmp_path / "idx")
    first = run_ingest(settings, embedder, corpus_copy)
    assert first.ok and len(first.added) == 6 and first.chunks_written > 0
    before = _snapshot(settings, embedder)
    second = run_ingest(settings, embedder, corpus_copy)
    assert second.added == [] and second.updated == [] and second.removed == []
    assert len(second.unchanged) == 6
    assert second.chunks_written == 0 and second.embed_seconds == 0
    assert _snapshot(settings, embedder) == before


def test_changed_and_deleted_files_are_updated_and_removed(
    tmp_path, embedder, corpus_copy: Path
) -> None:
    settings = make_settings(tmp_path / "idx")
    run_ingest(settings, embedder, corpus_copy)
    ppq = corpus_copy / "case-studies" / "ppq-bengaluru.md"
    ppq.write_text(ppq.read_text(encoding="utf-8").replace("three", "four"), encoding="utf-8")
    (corpus_copy / "faq" / "faq.jsonl").unlink()
    report = run_ingest(settings, embedder, corpus_copy)
    assert report.updated == ["case-studies/ppq-bengaluru.md"]
    assert report.removed == ["faq/faq.jsonl"]
    ids = set(_snapshot(settings, embedder))
    assert not any(i.startswith("faq-") for i in ids)
    chunks = open_store(settings, embedder).get_chunks(["cs-ppq-bengaluru#0"])
    assert "four process performance qualification" in chunks[0].text


def test_one_bad_file_is_reported_and_the_rest_ingested(
    tmp_path, embedder, corpus_copy: Path
) -> None:
    (corpus_copy / "case-studies" / "broken.md").write_text(
        "---\nid: broken\naudience: secret\n---\nSome text.\n", encoding="utf-8"
    )
    (corpus_copy / "case-studies" / "empty.md").write_text("", encoding="utf-8")
    settings = make_settings(tmp_path / "idx")
    report = run_ingest(settings, embedder, corpus_copy)
    failed = dict(report.failed)
    assert "'audience' is 'secret'" in failed["case-studies/broken.md"]
    assert "public, internal, confidential" in failed["case-studies/broken.md"]
    assert "empty" in failed["case-studies/empty.md"]
    assert len(report.added) == 6 and not report.ok


def test_duplicate_document_ids_fail_the_second_file(tmp_path, embedder, corpus_copy) -> None:
    dup = corpus_copy / "sites" / "zz-copy.md"
    dup.write_text(
        (corpus_copy / "sites" / "baltimore.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = run_ingest(make_settings(tmp_path / "idx"), embedder, corpus_copy)
    assert dict(report.failed) == {
        "sites/zz-copy.md": "document id 'site-baltimore' is already used by sites/baltimore.md; "
        "ids must be unique across the corpus"
    }
