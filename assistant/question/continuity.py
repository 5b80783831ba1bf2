"""Does a short question continue the previous one? Checks against the reader's corpus.

Follow-up resolution (`assistant.question.followup`) reads a short question without a subject
of its own as a follow-up. Two cases are told apart by what the corpus the reader may see
holds together (`CorpusTerms`: the lexical index at the reader's audience): a question that
would inherit only a regulator or a time, and one whose previous question named no subject but
its topic. Measured on both follow-up sets (python bench/followups.py): the first check turns
the one wrongly inherited topic change of the second corpus (az175) to none, the second
resolves q443, with no resolution lost on either set.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.question.subjects import (
    COMPANY,
    REGULATOR,
    TIME,
    TOPIC,
    CorpusTerms,
    Subject,
)
from assistant.question.understanding import Question

# Inherited kinds that alone do not make a short question a follow-up of the previous one.
_WEAK = frozenset({REGULATOR, TIME})


def asks_on_topic(question: Question, last: Question, corpus: CorpusTerms) -> bool:
    """True when the previous question named nothing but the company and its topic, and the
    corpus holds the rarest word of that topic with the rarest word of this question."""
    if last.topic is None or any(s.kind not in (COMPANY, TOPIC) for s in last.subjects):
        return False
    ours = _rarest(question, corpus)
    theirs = min(
        (t for t in last.topic.terms() if corpus.frequency(t) > 0),
        key=corpus.frequency,
        default=None,
    )
    return ours is not None and theirs is not None and corpus.co_occur([ours], [theirs])


def _rarest(question: Question, corpus: CorpusTerms) -> str | None:
    """The question's rarest word in the corpus, its subjects' words left out."""
    own = {t for s in question.subjects for t in s.terms()}
    words = [t for t in question.content_terms if t not in own and corpus.frequency(t) > 0]
    return min(words, key=corpus.frequency, default=None)


def continues(question: Question, inherited: Sequence[Subject], corpus: CorpusTerms) -> bool:
    """False for a new topic that only looked like a follow-up: what it would inherit is a
    regulator or a time (no place, program or modality) and no chunk holds its rarest word
    with one of them (「概算見積もりは何日で出ますか？」 after a question on an FDA inspection);
    True otherwise, and when the corpus knows none of its words."""
    if any(s.kind not in _WEAK for s in inherited):
        return True
    rarest = _rarest(question, corpus)
    return rarest is None or any(corpus.co_occur([rarest], s.terms()) for s in inherited)


def repeats_a_word(question: Question, last: Question) -> bool:
    """True when the question takes up a content word or topic of the previous one that is no
    word of either's subjects (増設 of 「増設の予定は？」 in 「増設後の全社の容量は？」)."""
    named = {t for q in (question, last) for s in q.subjects if s.kind != TOPIC for t in s.terms()}
    return bool((set(question.content_terms) & set(last.content_terms)) - named)
