"""A mistyped kanji inside a run of kanji: read as the run the reader's corpus writes, one
kanji different, when the corpus never writes the run as typed and one of its terms is
unknown; otherwise left as typed."""

from __future__ import annotations

from assistant.retrieval.typos import correct_question
from assistant.text import terms

TEXT = "\n".join(
    [
        "焼津工場は2012年に稼働しました（静岡県焼津市）。",
        "従業員数: 368名",
        "品質保証部門が担当します。",
    ]
)
VOCABULARY = frozenset(terms(TEXT))


def test_a_kanji_run_one_kanji_off_the_corpus_reads_as_the_corpus_writes_it():
    # a kanji that looks alike (律 for 津) and one that sounds alike (因 for 員)
    assert correct_question("焼律工場の従業因数は？", VOCABULARY, text=TEXT) == (
        "焼津工場の従業員数は？",
        {"焼律工場": "焼津工場", "従業因数": "従業員数"},
    )


def test_kanji_runs_the_corpus_writes_or_cannot_read_otherwise_are_left_alone():
    # written so in the corpus; no text to read it against
    assert correct_question("焼津工場の従業員数は？", VOCABULARY, text=TEXT)[1] == {}
    assert correct_question("焼律工場は？", VOCABULARY)[1] == {}
    # the first or last kanji differs (品質保証部長 is another thing than 品質保証部門: a
    # question about a person the corpus never names must stay unknown and may abstain)
    assert correct_question("品質保証部長は誰？", VOCABULARY, text=TEXT)[1] == {}
    assert correct_question("焼律は？", VOCABULARY, text=TEXT)[1] == {}
    # a run of three: a word the corpus lacks is mostly another word, not a typo (二分化 is not
    # 二酸化)
    three = TEXT + "\n二酸化炭素"
    assert correct_question("二分化", VOCABULARY | frozenset(terms(three)), text=three)[1] == {}
    # two readings in the corpus: left as typed
    two = TEXT + "\n焼成工場"
    assert correct_question("焼律工場", VOCABULARY | frozenset(terms(two)), text=two)[1] == {}
