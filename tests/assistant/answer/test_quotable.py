"""Unit vectors: what ingestion stores per chunk and how the composer uses them to pick the
sentence that answers, above all across languages."""

from __future__ import annotations

import numpy as np

from assistant.answer.cues import CueVocabulary
from assistant.answer.evidence import asks_quantity, record_lines
from assistant.answer.extractive import ExtractiveComposer, quote_is_verbatim
from assistant.answer.quotable import (
    SENTENCE_VECTORS_KEY,
    combine_unit_vectors,
    cosines,
    pack_vectors,
    quotable_spans,
    quotable_texts,
    titled_units,
    unit_vectors,
    unpack_vectors,
)
from assistant.config import Settings
from assistant.embedders import Embedder, embed_query
from assistant.store.chroma import ChromaStore

PPQ_JA = (
    "国内製薬企業のモノクローナル抗体について、プロセス性能適格性評価（PPQ）を2022年に実施しました。"
    "PPQの前に、工程特性評価で重要工程パラメータを特定しました。"
    "力価は3.3、3.4、3.2 g/L、凝集体は0.6〜0.8％でした。"
    "米国では2023年に承認を取得し、日本では2024年に承認を取得しました。"
)


def test_packed_vectors_keep_their_cosines() -> None:
    rng = np.random.default_rng(7)
    matrix = rng.normal(size=(5, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    restored = unpack_vectors(pack_vectors(matrix))
    assert restored is not None and restored.shape == (5, 384)
    assert np.allclose(np.sum(restored * matrix, axis=1), 1.0, atol=0.005)
    assert unpack_vectors("not packed") is None and unpack_vectors(None) is None
    assert unpack_vectors("i8:AAAA") is None


def test_vectors_that_do_not_match_the_units_are_ignored() -> None:
    texts = quotable_texts(PPQ_JA)
    assert len(texts) == 4 and texts[2].startswith("力価")
    packed = pack_vectors(np.eye(3, 8, dtype=np.float32))
    assert unit_vectors(PPQ_JA, {SENTENCE_VECTORS_KEY: packed}) is None
    assert cosines(np.ones(8, dtype=np.float32), None) is None


def test_records_are_split_into_labelled_lines() -> None:
    spans = quotable_spans("Location: Baltimore\nStaff: 340\nOpened: 2011")
    assert [label for _, _, label in spans] == ["Location", "Staff", "Opened"]


def test_stored_vectors_pick_the_japanese_sentence_an_english_question_asks_for(
    embedder: Embedder, make_hit
) -> None:
    packed = pack_vectors(embedder.embed_documents(quotable_texts(PPQ_JA)))
    hit = make_hit("cs-ppq#0", PPQ_JA, lang="ja", metadata={SENTENCE_VECTORS_KEY: packed})
    composer = ExtractiveComposer(threshold=0.0)
    question = "When was the product approved in Japan?"
    answer = composer.compose(
        question, lang="en", hits=[hit], query_vector=embed_query(embedder, question)
    )
    assert "日本では2024年に承認を取得しました" in answer.text
    # One source; its sentences may be quoted together, each part verbatim.
    assert len(answer.citations) == 1 and quote_is_verbatim(answer.citations[0].quote, PPQ_JA)
    assert "日本では2024年に承認を取得しました" in answer.citations[0].quote
    assert "from Japanese-language material" in answer.text.split("\n")[0]


def test_cues_bridge_what_is_asked_across_languages() -> None:
    cues = CueVocabulary.default().matcher("what titers did the ppq batches give?")
    assert cues.share("力価は3.3、3.4、3.2 g/L") > 0
    assert cues.share("米国では2023年に承認を取得しました。") == 0


def test_ingest_stores_one_vector_per_quotable_unit(
    fixture_settings: Settings, embedder: Embedder
) -> None:
    store = ChromaStore.open(
        data_dir=fixture_settings.data_dir,
        chroma_url=None,
        collection=fixture_settings.collection,
        embedder_name=embedder.name,
        dim=embedder.dim,
    )
    checked = prose = 0
    gaps: list[float] = []
    for chunk, _ in store.iter_chunks():
        if not quotable_spans(chunk.text):
            continue
        matrix = unit_vectors(chunk.text, chunk.metadata)
        assert matrix is not None, chunk.id
        alone = quotable_texts(chunk.text)
        plain = embedder.embed_documents(alone[:1])
        titled = titled_units(chunk.title, chunk.text)
        if record_lines(chunk.text) is not None:
            # Record lines are embedded alone: they take their title's words lexically.
            assert titled == []
            assert float(matrix[0] @ plain[0]) > 0.99
        else:
            # A prose sentence is read after its document's title too, not alone only.
            assert titled[0] == f"{chunk.title}: {alone[0]}"
            expected = combine_unit_vectors(plain, embedder.embed_documents(titled[:1]))[0]
            assert float(matrix[0] @ expected) > 0.99
            gaps.append(float(matrix[0] @ expected) - float(matrix[0] @ plain[0]))
            prose += 1
        checked += 1
    assert checked > 5 and prose > 0
    assert min(gaps) > 0 and sum(gaps) / len(gaps) > 0.005, gaps


def test_prose_units_are_read_after_their_title_and_record_lines_alone() -> None:
    prose = "Purity by HPLC was 98.9%. Batch size rose to 5 kg."
    assert titled_units("Payload-linker scale-up", prose) == [
        "Payload-linker scale-up: Purity by HPLC was 98.9%.",
        "Payload-linker scale-up: Batch size rose to 5 kg.",
    ]
    assert titled_units("", prose) == []
    assert titled_units("Baltimore site facts", "Staff: 340\nOpened: 2011\n") == []
    alone = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    titled = np.array([[0.0, 1.0], [0.0, 1.0]], dtype=np.float32)
    combined = combine_unit_vectors(alone, titled)
    assert np.allclose(combined, [[0.7071, 0.7071], [0.0, 1.0]], atol=1e-4)
    assert np.allclose(combine_unit_vectors(alone, None), alone)


def test_unknown_terms_the_hits_hold_in_other_words_are_known() -> None:
    hits_text = "the baltimore plant was acquired on 30 june 2023 with 310 employees."
    cues = CueVocabulary.default()
    assert cues.translated_terms(["工場", "bought"], hits_text) == {"工場", "bought"}
    assert cues.translated_terms(["brazil", "ワクチン"], hits_text) == set()


def test_quantity_questions_want_numbers_in_both_languages() -> None:
    assert asks_quantity("how long did the transfer take?")
    assert asks_quantity("adcの提案書はどのくらいの期間で出してもらえますか？")
    assert not asks_quantity("which surrogate compound did you use?")


def test_a_news_dateline_is_not_quotable_but_dated_statements_are() -> None:
    """「2024年3月18日　ハイデラバード」 says when and where a release was issued: it led the
    answer to ハイデラバードのOEBは？. A dated statement or timeline bullet stays quotable."""
    text = (
        "2024年3月18日　ハイデラバード\n"
        "当社は本日、ハイデラバード拠点にOEB5対応のスイートを開設しました。\n"
        "March 18, 2024 — Hyderabad\n"
        "• 2023年6月 LNP第2ライン稼働\n"
        "The suite opened on 18 March 2024."
    )
    assert quotable_texts(text) == [
        "当社は本日、ハイデラバード拠点にOEB5対応のスイートを開設しました。",
        "• 2023年6月 LNP第2ライン稼働",
        "The suite opened on 18 March 2024.",
    ]
