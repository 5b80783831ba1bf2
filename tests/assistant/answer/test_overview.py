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
