"""The unknown-subject share weighs each absent word by its language's share of the corpus."""

from __future__ import annotations

import pytest

from assistant.answer.evidence import unknown_share, unknown_weight
from assistant.answer.weights import WEIGHTS

MOSTLY_JAPANESE = {"ja": 0.85, "en": 0.15}
BILINGUAL = {"en": 0.59, "ja": 0.41}


def test_without_shares_every_unknown_word_counts_in_full() -> None:
    share = unknown_share("What encapsulation efficiency did the case reach?", ["encapsul"])
    assert share == pytest.approx(1 / 2)  # of encapsul, effici ("reach", "case" are fillers)


def test_an_english_word_absent_from_a_mostly_japanese_corpus_says_little() -> None:
    question = "What encapsulation efficiency did the case reach?"
    full = unknown_share(question, ["encapsul", "effici"])
    weighed = unknown_share(question, ["encapsul", "effici"], MOSTLY_JAPANESE)
    assert weighed == pytest.approx(full * 0.15 / WEIGHTS.full_lang_share)
    assert weighed < full / 2


def test_a_japanese_word_absent_from_a_mostly_japanese_corpus_counts_in_full() -> None:
    question = "ウイルスベクターの製造実績はありますか？"
    assert unknown_weight("ウイルスベクター", question, MOSTLY_JAPANESE) == 1.0


def test_every_language_counts_in_full_in_a_bilingual_corpus() -> None:
    assert unknown_weight("brazil", "Do you have a site in Brazil?", BILINGUAL) == 1.0
    assert unknown_weight("ブラジル", "ブラジルに拠点はありますか？", BILINGUAL) == 1.0


@pytest.mark.parametrize(
    ("term", "question"),
    [("iso", "Are you certified to ISO 14001?"), ("14001", "Are you certified to ISO 14001?")],
)
def test_codes_and_acronyms_count_in_full_whatever_the_corpus_language(
    term: str, question: str
) -> None:
    assert unknown_weight(term, question, MOSTLY_JAPANESE) == 1.0


def test_a_language_the_corpus_lacks_entirely_weighs_nothing() -> None:
    assert unknown_weight("peptid", "do u do peptides?", {"ja": 1.0}) == 0.0


def test_chat_spellings_are_no_subject_of_a_question() -> None:
    """ "ok so when's T4 gonna open?" asks about T4's opening: ok and gonna are neither found
    nor missed in the corpus (before: 'gonna' counted unknown and the answer abstained)."""
    from assistant.answer.evidence import EVIDENCE_FILLERS
    from assistant.text import terms

    asked = [t for t in terms("ok so when's T4 gonna open?") if t not in EVIDENCE_FILLERS]
    assert asked == ["t4", "open"]
