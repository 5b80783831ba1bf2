"""Short typed words (4-5 letters): read as a vocabulary term only when they lack one of its
letters or swap two of them; a word beside Japanese text is replaced too."""

from __future__ import annotations

from assistant.retrieval.typos import correct_question
from assistant.text import terms

VOCABULARY = frozenset(
    terms("toyama plant headcount second line pmda fda inspection lot history")
    + ["調査", "これ", "回"]
)


def test_a_short_word_lacking_a_letter_or_with_two_swapped_reads_as_the_term():
    assert correct_question("toyam plant headcount?", VOCABULARY) == (
        "toyama plant headcount?",
        {"toyam": "toyama"},
    )
    assert correct_question("When does the secnd line start?", VOCABULARY)[1] == {"secnd": "second"}
    # a code with two letters swapped, written against Japanese text (no \b between them)
    assert correct_question("PMADの調査はこれまで何回？", VOCABULARY) == (
        "pmdaの調査はこれまで何回？",
        {"PMAD": "pmda"},
    )


def test_a_short_word_with_a_letter_too_many_or_two_readings_is_left_alone():
    # "slots" is a letter more than "lot" (and an English word): no typo
    assert correct_question("open slots at Toyama", VOCABULARY)[1] == {}
    # "fdas" has a letter too many; "PMD" is under four letters
    assert correct_question("fdas PMD", VOCABULARY)[1] == {}
    # two terms it lacks a letter of ("toyama", "toyamo"): ambiguous, left alone
    assert correct_question("toyam plant", VOCABULARY | {"toyamo"})[1] == {}
