"""Question understanding: one cheap step (no embedding) from a question's text to a `Question`.

A `Question` says what the reader asks and what kind of answer fits: its language, its intent
(`fact`, `list`, `overview`, `chitchat`), for a fact the type of the expected answer (a count,
a quantity, a date, a name, yes/no), its typed subjects (`assistant.question.subjects`: sites,
modalities, code names, document kinds, the company, countries, regulators, years and months,
found once here) and, for a question of several parts, the parts. The answer strategies
(`assistant.answer.strategies`) and follow-up resolution (`assistant.question.followup`) read
it.

Cue words live in `assistant/data/intents.yaml` (a corpus adds its own in files of the same
form, `Settings.intent_paths`). English cues match at a word start, and a cue word of five or
more letters also matches a word one edit away, so "histroy" and "inspecton" still tell the
intent; Japanese cues match anywhere.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from rapidfuzz.distance import OSA

from assistant.question.subjects import (
    FUZZY_MIN_LEN,
    MODALITY,
    TIME,
    Subject,
    SubjectContext,
    asked_topic,
    find_subjects,
)
from assistant.question.vocabulary import (
    DEFAULT_INTENTS,
    AnswerType,
    IntentVocabulary,
    build_intents,
)
from assistant.question.words import ASKING_WORDS, QUESTION_FILLERS
from assistant.text import detect_lang, fold, names_cue, normalize, terms

# Where a question of several parts splits: after a question mark followed by more text, at
# a numbered item ("1)", "2.", "(3)") or a line break, or at a comma before a clause that asks
# anew (", and when …", ", how many …"; after a bare comma only "how" and "what", since
# ", which …" or ", when …" mostly continue the clause before).
_ASKS_ANEW = rf"(?:and\s+(?:{'|'.join(ASKING_WORDS)})|how|what)\b"
_PART_SPLIT = re.compile(rf"(?<=[?？])\s*|\n+|\s(?=\(?\d[.)]\s)|,\s*(?=(?i:{_ASKS_ANEW}))")
_LEADING_AND = re.compile(r"^and\s+", re.IGNORECASE)
# A piece shorter than this (characters and content terms both) is no question of its own.
_MIN_PART_CHARS = 10
_MIN_PART_TERMS = 3
_NUMBERED = re.compile(r"\(?\d[.)]\s")
_WORD = re.compile(r"[a-z][a-z'\-]*")


class Intent(StrEnum):
    """What kind of answer the question wants."""

    FACT = "fact"
    LIST = "list"
    OVERVIEW = "overview"
    CHITCHAT = "chitchat"


@dataclass(frozen=True)
class Question:
    """A question as understood before retrieval (`sites` are filled in after it, from the
    glossary mentions of the retrieval's corrected question). `doc_kinds` are the kinds of
    document its cue words ask for (査察 -> regulatory_record), a hint for listing answers;
    `subjects` what it names, the one source of its modalities, years and months."""

    text: str
    normalized: str
    lang: str
    intent: Intent
    answer_type: AnswerType = AnswerType.OTHER
    sites: tuple[str, ...] = ()
    doc_kinds: tuple[str, ...] = ()
    subjects: tuple[Subject, ...] = ()
    # What it asks about beyond its subjects: its first run of content words (a follow-up may
    # inherit it from a question that names no subject but the company).
    topic: Subject | None = None
    parts: tuple[str, ...] = ()
    content_terms: tuple[str, ...] = ()

    def named(self, *kinds: str) -> tuple[Subject, ...]:
        """The subjects of these kinds, in text order."""
        return tuple(s for s in self.subjects if s.kind in kinds)

    @property
    def modalities(self) -> tuple[str, ...]:
        """The modality keys it names (intents.yaml keys, else index ids), first named first."""
        return tuple(dict.fromkeys(s.key for s in self.named(MODALITY)))

    @property
    def years(self) -> tuple[int, ...]:
        """The years it names, a month's year included, ascending."""
        return tuple(sorted({int(s.key[:4]) for s in self.named(TIME)}))

    @property
    def months(self) -> tuple[tuple[int, int], ...]:
        """The (year, month) pairs it names, ascending."""
        return tuple(
            sorted({(int(s.key[:4]), int(s.key[5:])) for s in self.named(TIME) if len(s.key) > 4})
        )

    @property
    def is_multi_part(self) -> bool:
        """True when the question asks two or more things that are answered one by one."""
        return len(self.parts) > 1

    def with_sites(self, mentions: Sequence[frozenset[str]], site_ids: Iterable[str]) -> Question:
        """This question with the sites whose id one of its glossary mentions holds, or that
        it names by id."""
        ids = {s for s in site_ids if s}
        found = [s for s in sorted(ids) if any(fold(s) in names for names in mentions)]
        folded = fold(self.normalized)
        found += [s for s in sorted(ids) if s not in found and names_cue(folded, fold(s))]
        return replace(self, sites=tuple(found))


def doc_kind_of(label: str, vocabulary: IntentVocabulary | None = None) -> str:
    """The document kind a customer's doc_type label names: the label itself when it is a
    kind, else the kind whose cue words its words name ("inspection_log" ->
    regulatory_record, "success_story" -> case_study), else the label unchanged."""
    vocab = vocabulary or IntentVocabulary.default()
    if not label or label in vocab.doc_kinds:
        return label
    spoken = fold(label.replace("_", " "))
    words = tuple(_WORD.findall(spoken))
    for kind, cues in vocab.doc_kinds.items():
        if any(cue_holds(c, spoken, words) for c in cues):
            return kind
    return label


def understand(
    text: str,
    *,
    lang: str | None = None,
    vocabulary: IntentVocabulary | None = None,
    context: SubjectContext | None = None,
) -> Question:
    """The `Question` of `text` (already validated); `lang` overrides the detected language
    of the answer (subjects are read in the question's own). `context` (the glossary and the
    index's site and modality ids) tells its subjects; without it only cue words, code names
    and times are found."""
    vocab = vocabulary or IntentVocabulary.default()
    normalized = normalize(text)
    detected = detect_lang(normalized)
    context = context or _plain_context()
    subjects = find_subjects(
        normalized, lang=detected, context=context, modalities=vocab.modalities
    )
    folded = fold(normalized)
    words = tuple(_WORD.findall(folded))
    content = tuple(t for t in dict.fromkeys(terms(normalized)) if t not in QUESTION_FILLERS)
    answer_type = next(
        (
            kind
            for kind, cues in vocab.answer_types.items()
            if any(cue_holds(c, folded, words) for c in cues)
        ),
        AnswerType.OTHER,
    )
    if not _beyond_small_talk(content, vocab):
        intent = Intent.CHITCHAT
    elif (
        any(cue_holds(c, folded, words) for c in vocab.list_cues)
        or (
            answer_type in (AnswerType.OTHER, AnswerType.YES_NO)
            and any(cue_holds(c, folded, words) for c in vocab.list_weak)
            and _names_listed_kind(folded, words, vocab)
        )
        or (
            answer_type in (AnswerType.OTHER, AnswerType.YES_NO)
            and _names_listed_kind_plural(words, vocab)
        )
    ):
        intent = Intent.LIST
    elif any(cue_holds(c, folded, words) for c in vocab.overview):
        intent = Intent.OVERVIEW
    else:
        intent = Intent.FACT
    return Question(
        text=text,
        normalized=normalized,
        lang=lang or detected,
        intent=intent,
        answer_type=answer_type,
        doc_kinds=_named(vocab.doc_kinds, folded, words),
        subjects=subjects,
        topic=asked_topic(
            normalized, lang=detected, found=subjects, cues=context.cues.of(detected)
        ),
        parts=split_parts(normalized, vocab) if intent is not Intent.CHITCHAT else (),
        content_terms=content,
    )


def split_parts(normalized: str, vocabulary: IntentVocabulary | None = None) -> tuple[str, ...]:
    """The parts of a question that asks several things ("…? …?", numbered items, lines);
    a piece that is no question of its own ("（キナーゼ阻害薬の事例）" after the question mark)
    stays with the part before it; a part that is only small talk ("Thanks!") is dropped;
    one part means no split."""
    vocab = vocabulary or IntentVocabulary.default()
    pieces = [p.strip() for p in _PART_SPLIT.split(normalized) if p and p.strip()]
    merged: list[str] = []
    for raw in pieces:
        piece = _LEADING_AND.sub("", raw)
        asks = piece != raw or piece.split(" ", 1)[0].lower() in ("how", "what")
        own = piece.endswith(("?", "？")) or _NUMBERED.match(piece) or "\n" in normalized or asks
        # "国有林？民有林？" is one either-or question: a short piece is no part of its own.
        short = len(piece) < _MIN_PART_CHARS and len(terms(piece)) < _MIN_PART_TERMS
        if merged and (short or not own):
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    parts = tuple(
        p
        for p in merged
        if _beyond_small_talk([t for t in terms(p) if t not in QUESTION_FILLERS], vocab)
    )
    return parts if len(parts) > 1 else ()


def intent_words(words: Iterable[str], vocabulary: IntentVocabulary | None = None) -> set[str]:
    """The words that say how to answer rather than what about ("history", 実績, 一覧, "tell
    me about", greetings): they are no subject, so the corpus need not hold them."""
    vocab = vocabulary or IntentVocabulary.default()
    cues = (*vocab.list_cues, *vocab.overview, *vocab.greetings, *vocab.closings, *vocab.fillers)
    return {w for w in words if any(cue_holds(c, fold(w), (fold(w),)) for c in cues)}


def says_thanks(text: str, vocabulary: IntentVocabulary | None = None) -> bool:
    """True when small talk thanks, acknowledges or takes leave ("thanks!", 了解です, "bye")."""
    vocab = vocabulary or IntentVocabulary.default()
    folded = fold(normalize(text))
    words = tuple(_WORD.findall(folded))
    return any(cue_holds(c, folded, words) for c in vocab.closings)


def says_hello(text: str, vocabulary: IntentVocabulary | None = None) -> bool:
    """True when small talk greets ("hi", こんにちは, "test")."""
    vocab = vocabulary or IntentVocabulary.default()
    folded = fold(normalize(text))
    words = tuple(_WORD.findall(folded))
    return any(cue_holds(c, folded, words) for c in vocab.greetings)


def asks_about_company(question: Question, vocabulary: IntentVocabulary | None = None) -> bool:
    """True when the company itself is the whole subject ("Give me an overview of your
    company", 会社概要を教えて, 御社について教えて): a company cue, and no content word beyond
    the company, title and overview cue words (御社の品質システム is about a quality system)."""
    vocab = vocabulary or IntentVocabulary.default()
    folded = fold(question.normalized)
    words = tuple(_WORD.findall(folded))
    if not any(cue_holds(c, folded, words) for c in vocab.company):
        return False
    said = {t for c in (*vocab.company, *vocab.company_titles, *vocab.overview) for t in terms(c)}
    return all(t in said for t in question.content_terms if t not in intent_words([t], vocab))


def _names_listed_kind(folded: str, words: Sequence[str], vocab: IntentVocabulary) -> bool:
    """True when the question names a kind of document that comes as many dated items (an
    inspection, a case study): with a weak list cue ("which", 実績) it asks for the list."""
    return any(
        cue_holds(c, folded, words)
        for kind, cues in vocab.doc_kinds.items()
        if kind in vocab.listed_kinds
        for c in cues
    )


def _names_listed_kind_plural(words: Sequence[str], vocab: IntentVocabulary) -> bool:
    """True when an English word names a listed document kind in the plural ("What
    inspections has the Bengaluru site had?", "Any FDA audits?"): it asks for the items, as a
    weak list cue does. The word's singular must name the kind too ("news" is no plural)."""
    cues = [
        c
        for kind, kind_cues in vocab.doc_kinds.items()
        if kind in vocab.listed_kinds
        for c in kind_cues
        if c.isascii() and " " not in c
    ]
    for word in words:
        if not (word.isascii() and len(word) > 4 and word.endswith("s")):
            continue
        singular = word[:-3] + "y" if word.endswith("ies") else word[:-1]
        if any(_starts_cue(c, word) and _starts_cue(c, singular) for c in cues):
            return True
    return False


def _starts_cue(cue: str, word: str) -> bool:
    """True when the word is the cue or begins with it ("inspections" ~ inspect)."""
    return word.startswith(cue)


def _beyond_small_talk(content: Sequence[str], vocab: IntentVocabulary) -> bool:
    """True when a content term is left once greetings, "what can you do" and polite fillers
    are taken out."""
    small_talk = vocab.greetings + vocab.closings + vocab.assistant + vocab.fillers
    return any(not any(_names_small_talk(c, fold(t)) for c in small_talk) for t in content)


def _names_small_talk(cue: str, term: str) -> bool:
    """True when a content term is (part of) a small-talk cue: "thanks", つかれ of おつかれ."""
    if not cue.isascii() and len(term) >= 2 and term in cue:
        return True
    # Content terms are stems ("thank", "help"): a cue's own terms meet them in that form.
    if cue_holds(cue, term, (term,)) or (cue.isascii() and term in _cue_terms(cue)):
        return True
    return _misspells(cue, term)


def _misspells(cue: str, term: str) -> bool:
    """True when an English content term is a one-word small-talk cue typed with a letter
    repeated ("hiii", "hellooo"), or dropped, added or two swapped ("helo", "thnaks"): a
    sponsor's typo'd greeting is small talk, not a question no source answers. The one-edit
    reading needs 4 letters on both sides ("hey" is not "hex"); it only decides small talk,
    which a question with any other content term never is."""
    if " " in cue or not cue.isascii() or not term.isascii():
        return False
    typed = _squeezed(term)
    for meant in {_squeezed(cue), *(_squeezed(t) for t in _cue_terms(cue))}:
        if typed == meant:
            return True
        if min(len(typed), len(meant)) >= 4 and OSA.distance(typed, meant, score_cutoff=1) <= 1:
            return True
    return False


def _squeezed(word: str) -> str:
    """The word with each run of one letter read once ("hellooo" -> helo)."""
    return _REPEATED.sub(r"\1", word)


_REPEATED = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=4096)
def _cue_terms(cue: str) -> frozenset[str]:
    return frozenset(terms(cue))


def cue_holds(cue: str, folded: str, words: Sequence[str]) -> bool:
    """True when the folded question names the cue, or (for a long English one-word cue) a
    word of it is one edit away from the cue."""
    if cue.startswith("^"):
        head = folded.lstrip(" \t\n\"'「(（")
        return cue_holds(cue[1:], head[: len(cue) + 8], ())
    if not cue.isascii():
        return cue in folded
    # A short English cue is a whole word (plural allowed): "who" must not match "whole".
    # Letters and digits bound an English cue, not \b: in 「CAPAは」 the kana is a word letter.
    end = r"(?:s|es)?(?![a-z0-9])" if len(cue.rsplit(" ", 1)[-1]) < FUZZY_MIN_LEN else ""
    if re.search(r"(?<![a-z0-9])" + re.escape(cue) + end, folded):
        return True
    if " " in cue or len(cue) < FUZZY_MIN_LEN:
        return False
    return any(
        len(w) >= FUZZY_MIN_LEN
        and abs(len(w) - len(cue)) <= 1
        and OSA.distance(w, cue, score_cutoff=1) <= 1
        for w in words
    )


def _named(groups: Mapping[str, tuple[str, ...]], folded: str, words: Sequence[str]) -> tuple:
    """The keys of the groups whose cues the question names."""
    return tuple(k for k, cues in groups.items() if any(cue_holds(c, folded, words) for c in cues))


@functools.cache
def _plain_context() -> SubjectContext:
    return SubjectContext()


__all__ = [
    "DEFAULT_INTENTS",
    "AnswerType",
    "Intent",
    "IntentVocabulary",
    "Question",
    "build_intents",
    "cue_holds",
    "intent_words",
    "split_parts",
    "understand",
]
