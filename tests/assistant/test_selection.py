"""Sentence selection across chunks and languages: a document is one source, and an
other-language sentence's similarity lead over the question's language is capped."""

from __future__ import annotations

import numpy as np

from assistant.compose import ExtractiveComposer, quote_is_verbatim
from assistant.embedders import Embedder, embed_query
from assistant.selection import select_units
from assistant.sentences import SENTENCE_VECTORS_KEY, pack_vectors, quotable_texts
from assistant.types import Chunk, Hit

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


def _hit(chunk_id: str, text: str, *, lang: str, dense: float, vectors: np.ndarray) -> Hit:
    doc_id = chunk_id.split("#")[0]
    chunk = Chunk(
        id=chunk_id,
        doc_id=doc_id,
        text=text,
        lang=lang,
        metadata={
            "title": doc_id,
            "audience": "public",
            "source": f"{doc_id}.md",
            SENTENCE_VECTORS_KEY: pack_vectors(vectors),
        },
    )
    return Hit(chunk=chunk, score=dense, scores={"dense": dense}, ranks={"dense": 1})


def test_a_later_chunk_of_the_top_document_adds_the_asked_sentence(embedder: Embedder) -> None:
    def embedded(chunk_id: str, text: str, lang: str, dense: float) -> Hit:
        vectors = embedder.embed_documents(quotable_texts(text))
        return _hit(chunk_id, text, lang=lang, dense=dense, vectors=vectors)

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


def test_an_english_question_caps_the_lead_of_the_best_japanese_sentence() -> None:
    # The Japanese sentence is the closest of its language but 0.1 below the best English
    # one: for an English question it earns no similarity bonus and cannot win on it.
    english = "The EMA inspected the site in May 2023 and issued an EU GMP certificate."
    japanese = "ボルチモア拠点は2024年5月に移行を完了しています。"
    hits = [
        _hit("insp#0", english, lang="en", dense=0.85, vectors=np.stack([_unit_vector(0.8, 1)])),
        _hit("di#0", japanese, lang="ja", dense=0.85, vectors=np.stack([_unit_vector(0.7, 2)])),
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
