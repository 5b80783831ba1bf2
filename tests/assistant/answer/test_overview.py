"""The overview strategy: a subject's document opening, found by the name as written or,
for the company itself, by a company document's title."""

from __future__ import annotations

import pytest

from assistant.answer.overview import overview_answer
from assistant.question.understanding import asks_about_company, understand


def test_an_overview_finds_its_subject_by_the_name_as_written(make_hit):
    """Without a glossary, the question's own site name (焼津, a place name) finds the site
    document whose title names it, and its opening is quoted."""
    site = make_hit(
        "az-site-yaizu#0",
        "焼津工場は2012年に稼働した無菌製剤の専用工場です。従業員数は368名です。",
        lang="ja",
        title="焼津工場：無菌注射剤・凍結乾燥・LNP製剤",
    )
    profile = make_hit("az-company-profile#1", "拠点: 焼津工場\n所在地: 静岡県焼津市", lang="ja")
    hits = [profile, site]
    assert overview_answer(hits, store=None, mentions=(), lang="ja") is None  # type: ignore[arg-type]
    found = overview_answer(hits, store=None, mentions=(frozenset({"焼津"}),), lang="ja")  # type: ignore[arg-type]
    assert found is not None
    assert "焼津工場は2012年に稼働した無菌製剤の専用工場です。" in found.composition.text
    assert [c.doc_id for c in found.composition.citations] == ["az-site-yaizu"]


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Give me an overview of your company.", True),
        ("会社概要を教えてください", True),
        ("御社について教えてください", True),
        ("What can the company do?", True),
        # the company owns the subject here; the subject is the quality system
        ("御社の品質システムについて教えて", False),
        ("Tell me about your company's ADC work", False),
        ("Tell me about the Baltimore site", False),
    ],
)
def test_the_company_itself_is_the_subject(text, company):
    assert asks_about_company(understand(text)) is company


@pytest.mark.slow
@pytest.mark.parametrize(
    "text", ["Give me an overview of your company.", "会社概要を教えてください"]
)
def test_a_company_overview_quotes_the_company_brochure(sample, text):
    answer = sample.ask(text)
    assert [c.doc_id for c in answer.citations] == ["brochure/company-brochure"]
    assert "Founded in Bengaluru, India in 2009" in answer.text


def test_the_subject_document_is_sought_among_documents_not_chunks(make_hit):
    """A case study retrieved as two chunks counts once: the site page, sixth hit but fifth
    document, is the subject whose title starts with the asked site."""
    case = "抗体医薬のPPQ：ベンガルール拠点での2,000Lスケール3ロット連続プロセスバリデーション"
    hits = [
        make_hit("site-page-hyderabad#4", "ハイデラバード拠点は2014年に稼働しました。", lang="ja"),
        make_hit("cs-ppq#3", "ベンガルール拠点は現在も供給しています。", lang="ja", title=case),
        make_hit("tt-2021#0", "Transfer code: TT-2021-03\nTo site: bengaluru"),
        make_hit("cs-tt#0", "抗体製造工程をベンガルールへ移管しました。", lang="ja"),
        make_hit(
            "cs-ppq#0", "PPQを2022年に実施しました。三ロットすべて合格です。", lang="ja", title=case
        ),
        make_hit(
            "site-page-bengaluru#0",
            "Bengaluru is our headquarters. It runs 6,400 L of mammalian capacity.",
            title="Bengaluru: headquarters, biologics drug substance and ADC conjugation",
        ),
    ]
    names = (frozenset({"bengaluru", "bangalore", "ベンガルール"}),)
    found = overview_answer(hits, store=None, mentions=names, lang="ja")  # type: ignore[arg-type]
    assert found is not None
    assert [c.doc_id for c in found.composition.citations] == ["site-page-bengaluru"]
