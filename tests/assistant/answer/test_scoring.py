"""Sentence selection across chunks and languages: a document is one source, an
other-language sentence's similarity lead over the question's language is capped, English
word forms meet, and a record line speaks for its titled record."""

from __future__ import annotations

import numpy as np

from assistant.answer.extractive import ExtractiveComposer, quote_is_verbatim
from assistant.answer.quotable import SENTENCE_VECTORS_KEY, pack_vectors, quotable_texts
from assistant.answer.scoring import match_terms, select_units
from assistant.embedders import Embedder, embed_query
from assistant.text import stem, terms
from assistant.types import Hit

PPQ_INTRO_JA = (
    "国内製薬企業のモノクローナル抗体について、プロセス性能適格性評価（PPQ）を2022年に実施しました。"
    "この抗体は2021年に依頼者のパイロットプラントから当社拠点へ技術移転したものです。"
)
PPQ_RESULTS_JA = (
    "力価は3.3、3.4、3.2 g/L、凝集体は0.6〜0.8％でした。"
    "米国では2023年に承認を取得し、日本では2024年に承認を取得しました。"
)
SITE_EN = (
    "The Bengaluru campus runs two 2,000 L single-use bioreactors. "
    "Weekly calls with sponsors are held in Japan morning hours."
)


def _embedded(make_hit, embedder: Embedder, chunk_id: str, text: str, **fields: object) -> Hit:
    """A hit whose chunk carries its units' vectors, as ingestion stores them."""
    packed = pack_vectors(embedder.embed_documents(quotable_texts(text)))
    return make_hit(chunk_id, text, metadata={SENTENCE_VECTORS_KEY: packed}, **fields)


def _quoted(embedder: Embedder, question: str, hits: list[Hit]) -> list[str]:
    """The units `select_units` quotes for an English question, best first, as text."""
    chosen = select_units(
        question,
        terms(question),
        hits,
        lang="en",
        query_vector=embed_query(embedder, question),
    )
    return [hits[u.hit_index].chunk.text[u.start : u.end] for u in chosen]


def test_a_later_chunk_of_the_top_document_adds_the_asked_sentence(
    embedder: Embedder, make_hit
) -> None:
    def embedded(chunk_id: str, text: str, lang: str, dense: float) -> Hit:
        return _embedded(make_hit, embedder, chunk_id, text, lang=lang, dense=dense)

    hits = [
        embedded("cs-ppq#0", PPQ_INTRO_JA, "ja", 0.86),
        embedded("site-bengaluru#0", SITE_EN, "en", 0.84),
        embedded("cs-ppq#1", PPQ_RESULTS_JA, "ja", 0.83),
    ]
    question = "When was the antibody from the PPQ approved in Japan?"
    answer = ExtractiveComposer(threshold=0.0).compose(
        question, lang="en", hits=hits, query_vector=embed_query(embedder, question)
    )
    assert "日本では2024年に承認を取得しました" in answer.text
    # Both chunks are one source: nothing from the English site page is needed.
    assert {c.doc_id for c in answer.citations} == {"cs-ppq"}
    for citation in answer.citations:
        chunk_text = next(h.chunk.text for h in hits if h.chunk.id == citation.chunk_id)
        assert quote_is_verbatim(citation.quote, chunk_text)


def _unit_vector(cosine: float, axis: int) -> np.ndarray:
    """A unit vector whose cosine with e0 is `cosine` (the rest on another axis)."""
    vector = np.zeros(8, dtype=np.float32)
    vector[0] = cosine
    vector[axis] = np.sqrt(1.0 - cosine**2)
    return vector


def _stored(vector: np.ndarray) -> dict[str, object]:
    """Chunk metadata holding one unit vector."""
    return {SENTENCE_VECTORS_KEY: pack_vectors(np.stack([vector]))}


def test_an_english_question_caps_the_lead_of_the_best_japanese_sentence(make_hit) -> None:
    # The Japanese sentence is the closest of its language but 0.1 below the best English
    # one: for an English question it earns no similarity bonus and cannot win on it.
    english = "The EMA inspected the site in May 2023 and issued an EU GMP certificate."
    japanese = "ボルチモア拠点は2024年5月に移行を完了しています。"
    hits = [
        make_hit("insp#0", english, lang="en", dense=0.85, metadata=_stored(_unit_vector(0.8, 1))),
        make_hit("di#0", japanese, lang="ja", dense=0.85, metadata=_stored(_unit_vector(0.7, 2))),
    ]
    query = np.zeros(8, dtype=np.float32)
    query[0] = 1.0
    units = select_units(
        "Which authority inspected the plant, and with what result?",
        ["authority", "inspected", "plant", "result"],
        hits,
        lang="en",
        query_vector=query,
    )
    assert [hits[u.hit_index].chunk.doc_id for u in units] == ["insp"]


def test_english_word_forms_share_one_stem() -> None:
    forms = {stem(w) for w in ("manufacture", "manufactured", "manufacturing")}
    assert len(forms) == 1
    assert stem("抗体") == "抗体"  # Japanese terms stay as they are
    assert stem("oeb5") == "oeb5"  # codes stay whole


def test_match_terms_of_a_record_line() -> None:
    assert stem("manufacture") in match_terms("Manufactured: Monoclonal antibodies")


SITE_PAGE = (
    "The Baltimore, Maryland facility was built in 2011 by the manufacturing subsidiary of a "
    "US biotechnology company. Tamarind Peak acquired it on 30 June 2023."
)
SITE_RECORD = (
    "Location: Baltimore, Maryland, USA\n"
    "Built: 2011\n"
    "Manufactured: Monoclonal antibodies (IgG1) for clinical and commercial supply\n"
    "Staff: 340"
)


def test_a_record_line_speaks_for_the_record_its_title_names(embedder: Embedder, make_hit) -> None:
    """The asked field of the named site's record beats the page sentence that merely
    shares the site's name and a word form of the question's verb."""

    def embedded(chunk_id: str, title: str, text: str, dense: float) -> Hit:
        return _embedded(make_hit, embedder, chunk_id, text, title=title, dense=dense)

    hits = [
        embedded("site-page-baltimore#0", "Baltimore, Maryland: biologics site", SITE_PAGE, 0.86),
        embedded("site-baltimore#0", "Baltimore, Maryland site facts", SITE_RECORD, 0.84),
    ]
    question = "What did the Maryland site manufacture?"
    assert _quoted(embedder, question, hits)[0].startswith("Manufactured:")


JA_RECORD = (
    "所在地: 米国メリーランド州ボルチモア\n"
    "製造実績: 臨床用および商用のモノクローナル抗体（IgG1）\n"
    "従業員数: 340名"
)
EN_RECORD = "Location: Baltimore, Maryland, USA\nStaff at acquisition: 310\nStaff: 340"


def test_the_same_field_in_the_questions_language_leads(embedder: Embedder, make_hit) -> None:
    """When both languages hold the asked field, the English question's answer leads with
    the English field, and of two English staff fields with the one that says the same."""

    def embedded(chunk_id: str, title: str, text: str, lang: str, dense: float) -> Hit:
        return _embedded(make_hit, embedder, chunk_id, text, title=title, lang=lang, dense=dense)

    hits = [
        embedded("ja-baltimore#0", "ボルチモア拠点の記録", JA_RECORD, "ja", 0.88),
        embedded("site-baltimore#0", "Baltimore site facts", EN_RECORD, "en", 0.84),
    ]
    question = "How many staff does the Baltimore site have? (ボルチモア, 従業員)"
    assert _quoted(embedder, question, hits)[0] == "Staff: 340"


SUPPLY_PAGE_EN = "In 2024 we shipped to 28 countries from our plants."
SUPPLY_RECORD_EN = "Year: 2024\nLots released: 503\nOn time delivery: 97.4%\nBatch failures: 1"


def test_a_record_field_the_question_names_in_its_own_words_leads(
    embedder: Embedder, make_hit
) -> None:
    """A label no cue group knows ("On time delivery") is still what a question that names
    it asks for ("on-time delivery rate"): its field leads over the page sentence that
    shares the year (without the label's own lift the page sentence led, 0.351 to 0.291)."""

    def embedded(chunk_id: str, title: str, text: str, dense: float) -> Hit:
        return _embedded(make_hit, embedder, chunk_id, text, title=title, dense=dense)

    hits = [
        embedded("faq#0", "FAQ", SUPPLY_PAGE_EN, 0.87),
        embedded("supply-2024#0", "Supply record 2024", SUPPLY_RECORD_EN, 0.85),
    ]
    question = "What was your on-time delivery rate in 2024?"
    assert _quoted(embedder, question, hits)[0] == "On time delivery: 97.4%"


QUALITY_TABLE_JA = (
    "事項: 重大な逸脱の第一報\n期限: 確認から1営業日以内\n"
    "事項: 変更管理の事前通知\n期限: 実施の90日前まで\n"
    "事項: GMP記録の保管\n期限: 出荷後10年以上\n"
    "事項: 参考品の保管\n期限: 有効期間またはリテスト日の後1年"
)


def test_a_number_question_takes_the_number_of_the_named_table_row(
    embedder: Embedder, make_hit
) -> None:
    """A table of several rows in one chunk: the row the question names ("GMP records") gives
    its field holding a number (期限: 出荷後10年以上), not another row's."""
    hits = [
        _embedded(make_hit, embedder, "qa#2", QUALITY_TABLE_JA, title="品質契約の概要", lang="ja")
    ]
    question = "How long do you keep GMP records?"
    quoted = _quoted(embedder, question, hits)
    assert "期限: 出荷後10年以上" in quoted, quoted
