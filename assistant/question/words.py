"""The words of a question: which shape it, which can name its subject, which it mentions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.text import english_words, fold, japanese_words, stem, terms
from assistant.text.wordfile import load_words_yaml

QUESTION_WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "question_words.yaml"


_DATA = load_words_yaml(QUESTION_WORDS_FILE.read_text(encoding="utf-8"))
# QUESTION_FILLERS shape a question without naming its subject (neither support nor refute
# evidence); QUERY_FILLERS adds the question words the lexical query also leaves out.
QUESTION_FILLERS = frozenset(_DATA["fillers"])
QUERY_FILLERS = QUESTION_FILLERS | frozenset(_DATA["query_fillers"])
# English question words and word endings, which typo tolerance reads
# (assistant/retrieval/typos.py).
ASKING_WORDS = tuple(_DATA["asking"])
WORD_ENDINGS = tuple(_DATA["endings"])
# Clipped words and the full words a corpus writes for them ("tech" -> "technology").
CLIPPED_WORDS: dict[str, str] = dict(_DATA.get("clipped") or {})


def subject_words(question: str) -> frozenset[str]:
    """Content terms of a question that can name its subject: Japanese nouns (by part of
    speech) and English words that are not -ed/-ing verb forms."""
    found: set[str] = set()
    for surface, lemma, pos in japanese_words(question):
        if pos.startswith("名詞"):
            found.update(t for t in (*terms(surface), *terms(lemma)) if not t.isascii())
    for word in english_words(question):
        if not word.endswith(("ed", "ing")):
            found.add(stem(word))
    return frozenset(found)


def known_term(term: str, vocabulary: frozenset[str]) -> bool:
    """True when the vocabulary (of stemmed terms) holds the term, or every part of a
    hyphenated compound ("data-integrity")."""
    if term in vocabulary:
        return True
    parts = [p for p in term.split("-") if p]
    return len(parts) > 1 and all(stem(p) in vocabulary for p in parts)


def mention_names(phrases: Sequence[Sequence[str]]) -> tuple[frozenset[str], ...]:
    """The folded names of each mentioned glossary entry (its phrases in both languages)."""
    return tuple(frozenset(fold(p) for p in entry) for entry in phrases)
