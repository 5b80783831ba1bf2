"""The BM25 leg over the real fixture index: audience indexes, metadata masks, live refresh."""

import bm25s
import numpy as np
import pytest

from assistant.errors import StoreError
from assistant.factory import open_store
from assistant.retrieval.lexical import Bm25Index
from assistant.retrieval.live import LiveBm25Index
from assistant.text import stem, terms
from assistant.types import Audience, SearchFilters
from tests.conftest import make_settings, run_ingest


def _weighted(question: str) -> list[tuple[str, float]]:
    return [(t, 1.0) for t in terms(question)]


@pytest.fixture(scope="module")
def index(fixture_settings, embedder) -> Bm25Index:
    return Bm25Index.from_store(open_store(fixture_settings, embedder))


def _docs(matches) -> list[str]:
    return [m.doc_id for m in matches]


def test_confidential_best_match_never_reaches_a_public_reader(index: Bm25Index) -> None:
    query = _weighted("Project TANCHO-9 Baltimore Maryland bispecific batches")
    confidential = index.search(query, k=5, audience=Audience.CONFIDENTIAL)
    assert confidential[0].doc_id == "conf-kirin"  # the best lexical match by far
    for ceiling in (Audience.PUBLIC, Audience.INTERNAL):
        assert "conf-kirin" not in _docs(index.search(query, k=50, audience=ceiling))
    assert index.search(_weighted("TANCHO-9"), k=5, audience=Audience.PUBLIC) == []


def test_internal_text_needs_an_internal_ceiling(index: Bm25Index) -> None:
    query = _weighted("BD pricing floor 2,000 L mAb batches")
    assert "faq-pricing" not in _docs(index.search(query, k=50, audience=Audience.PUBLIC))
    assert _docs(index.search(query, k=3, audience=Audience.INTERNAL))[0] == "faq-pricing"


def test_japanese_question_matches_japanese_chunk_by_content_words(index: Bm25Index) -> None:
    matches = index.search(
        _weighted("OEB5の封じ込め設備はありますか？"), k=3, audience=Audience.PUBLIC
    )
    assert matches[0].doc_id == "site-hyderabad-ja"
    assert [m.rank for m in matches] == list(range(1, len(matches) + 1))
    assert all(a.score >= b.score for a, b in zip(matches, matches[1:], strict=False))


@pytest.mark.parametrize(
    ("filters", "allowed"),
    [
        (SearchFilters(site="hyderabad"), {"site-hyderabad-ja", "cs-adc-transfer"}),
        (SearchFilters(modalities=("adc",)), {"site-hyderabad-ja", "cs-adc-transfer"}),
        (
            SearchFilters(modalities=("mab", "small_molecule")),
            {"site-baltimore", "cs-ppq-bengaluru"},
        ),
        (SearchFilters(doc_type="case_study"), {"cs-adc-transfer", "cs-ppq-bengaluru"}),
        (SearchFilters(lang="ja"), {"site-hyderabad-ja", "cs-adc-transfer"}),
        (SearchFilters(date_from="2024-01-01"), {"site-baltimore", "site-hyderabad-ja"}),
        (SearchFilters(date_to="2022-12-31"), {"cs-ppq-bengaluru"}),
    ],
)
def test_metadata_filters_apply_before_ranking(index, filters, allowed) -> None:
    # A query that matches every document; the filter alone decides who may appear.
    query = _weighted(
        "site Baltimore Bengaluru PPQ ADC ハイデラバード 拠点 技術移転 Tokyo sponsors"
    )
    found = set(_docs(index.search(query, k=50, audience=Audience.PUBLIC, filters=filters)))
    assert found and found <= allowed


def test_scores_equal_bm25s_built_from_the_visible_chunks_alone(
    index: Bm25Index, fixture_settings, embedder
) -> None:
    # Each ceiling's statistics (IDF, average length) come from the chunks it may read only.
    records = list(open_store(fixture_settings, embedder).iter_metadata())
    question = terms("OEB5 封じ込め 設備 Baltimore PPQ batches ADC 拠点 TANCHO-9 pricing")
    for ceiling in Audience:
        visible = [r for r in records if Audience(r["audience"]).rank <= ceiling.rank]
        reference = bm25s.BM25(k1=index.k1, b=index.b, method="lucene")
        reference.index([str(r["terms"]).split() for r in visible], show_progress=False)
        expected = reference.get_scores(list(dict.fromkeys(question)))
        want = {r["id"]: float(s) for r, s in zip(visible, expected, strict=True) if s > 0}
        got = {
            m.chunk_id: m.score
            for m in index.search(_weighted(" ".join(question)), k=1000, audience=ceiling)
        }
        assert got.keys() == want.keys() and len(got) > 3
        ids = sorted(got)
        assert np.allclose([got[i] for i in ids], [want[i] for i in ids], rtol=1e-5)


def test_unknown_terms_and_empty_queries_find_nothing(index: Bm25Index) -> None:
    assert index.search(_weighted("zzzz qqqq"), k=5, audience=Audience.PUBLIC) == []
    assert index.search([], k=5, audience=Audience.PUBLIC) == []


def test_live_index_picks_up_a_reingest_without_restart(tmp_path, corpus_copy, embedder) -> None:
    settings = make_settings(tmp_path / "data")
    run_ingest(settings, embedder, corpus_copy)
    store = open_store(settings, embedder)
    live = LiveBm25Index(store, refresh_seconds=0)
    query = _weighted("Osaka fill-finish line")
    assert live.search(query, k=3, audience=Audience.PUBLIC) == []
    before = live.rebuilds

    (corpus_copy / "sites" / "osaka.md").write_text(
        "---\nid: site-osaka\ntitle: Osaka fill-finish site\naudience: public\n---\n"
        "The Osaka site runs one aseptic fill-finish line for vials.\n",
        encoding="utf-8",
    )
    run_ingest(settings, embedder, corpus_copy)
    assert _docs(live.search(query, k=3, audience=Audience.PUBLIC)) == ["site-osaka"]
    assert live.rebuilds == before + 1
    live.search(query, k=3, audience=Audience.PUBLIC)
    assert live.rebuilds == before + 1  # unchanged generation: no rebuild

    (corpus_copy / "sites" / "osaka.md").unlink()
    run_ingest(settings, embedder, corpus_copy)
    assert live.search(query, k=3, audience=Audience.PUBLIC) == []


def test_live_index_checks_the_generation_at_most_every_n_seconds(
    fixture_settings, embedder
) -> None:
    live = LiveBm25Index(open_store(fixture_settings, embedder), refresh_seconds=3600)
    first = live.current()
    assert live.current() is first and live.rebuilds == 1


def test_vocabulary_holds_only_terms_the_ceiling_may_read(index: Bm25Index) -> None:
    assert stem("baltimore") in index.vocabulary(Audience.PUBLIC)
    assert "tancho-9" not in index.vocabulary(Audience.PUBLIC)  # only in a confidential chunk
    assert "tancho-9" in index.vocabulary(Audience.CONFIDENTIAL)
    assert "brazil" not in index.vocabulary(Audience.CONFIDENTIAL)


def test_the_snapshot_holds_every_chunk_as_the_store_has_it(fixture_settings, embedder) -> None:
    store = open_store(fixture_settings, embedder)
    snapshot = Bm25Index.from_store(store)
    assert snapshot.holds_chunks
    ids = [snapshot.chunk_id(row) for row in range(len(snapshot))]
    stored = {c.id: c for c in store.get_chunks(ids)}
    for row, chunk_id in enumerate(ids):
        assert snapshot.chunk(row) == stored[chunk_id]  # text, metadata, position, page
    assert snapshot.chunk(0) is snapshot.chunk(0)  # built once, shared by every question
    assert "terms" not in snapshot.chunk(0).metadata


def test_an_index_built_from_records_alone_says_it_holds_no_chunk_texts() -> None:
    index = Bm25Index([("d#0", "alpha beta", {"doc_id": "d", "audience_rank": 0})])
    assert not index.holds_chunks
    with pytest.raises(StoreError, match="from_store"):
        index.chunk(0)
