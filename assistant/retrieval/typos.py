"""Typo tolerance on the query side: a question word one or two edits from a term of the
reader's visible BM25 vocabulary is read as that term ("Marylnd" -> maryland, "bioreacter"
-> bioreactor, "bioreacters" -> bioreactors), a known stem followed by a word ending one letter
off reads as the stem's word ("inspecton" -> inspection, "conjugaton" -> conjugation), a word
one letter from an English question word reads as it ("wich", "wat", "whats"), a katakana
word one edit from a visible katakana term reads as it (ベンガルル -> ベンガルール), a katakana
name spelled by its sound reads as the name's romanized reading (ヤイヅ -> yaizu), a dash
typed inside katakana reads as the long-vowel mark (ハイデラバ−ド), and a run of kanji that the
reader's corpus never writes, one kanji inside it off a run the corpus does write, reads as
that run (焼律工場 -> 焼津工場, 従業因数 -> 従業員数), so a typo neither misses
the evidence nor counts as an unknown subject that drives an abstention. A correctly spelled
English word is never respelled ("letters" is not "latters"). Nothing in the index changes.
Matching uses rapidfuzz's optimal string alignment distance (a swap of two letters is one
edit); the question words and endings are data (assistant/data/question_words.yaml).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from assistant.question.words import (
    ASKING_WORDS,
    CLIPPED_WORDS,
    QUESTION_FILLERS,
    WORD_ENDINGS,
    known_term,
)
from assistant.text import spelled_by_sound, stem, terms
from assistant.text.readings import romaji_words


@dataclass(frozen=True)
class TypoConfig:
    """How far a question word may be from a vocabulary term and still be read as it."""

    # A word of this many letters may be one edit off; shorter words are codes or names
    # ("OEB", "PMDA") whose neighbours are other codes, and at 5 letters a word the reader
    # cannot see reads as another ("slots" -> lot turned q183, an internal-only question,
    # from an abstention into a wrong answer on the sample set).
    one_edit_min_len: int = 6
    # ... and two edits off from this length (issue 16: "1-2 edits").
    two_edit_min_len: int = 9
    # A shorter word of this many letters (to 5) is read as a term only when it lacks one of
    # the term's letters or swaps two ("toyam", "secnd", "PMAD"): a shorter word that has a
    # letter too many is mostly another word ("slots" is no typo of "lot").
    short_min_len: int = 4
    # A run of this many kanji or more may have one kanji wrong inside it (not its first or
    # last, as for English words): two-kanji words are each other's neighbours (社長, 社員),
    # and at three a word the corpus lacks reads as another (jsquad half: 二分化 -> 二酸化).
    # At four: sample q355 (従業因数), aozora az068/az196 (焼律工場) answered, nothing else moved.
    kanji_min_len: int = 4


_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]")
# A katakana word: four letters or more (shorter ones are mostly other words, not typos).
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30faー]{4,}")
# A katakana name read by its sound: two letters or more (ヤイヅ).
_KATAKANA_NAME = re.compile(r"[\u30a1-\u30faー]{2,}")
# A run of kanji (the iteration mark 々 included).
_KANJI_RUN = re.compile(r"[\u4e00-\u9fff々]+")
_KANJI = "[\u4e00-\u9fff々]"
# A dash or minus typed for the katakana long-vowel mark (ハイデラバ−ド for ハイデラバード).
_KATAKANA_DASH = re.compile(r"(?<=[\u30a1-\u30fa])[-\u2010-\u2015\u2212\uff0d](?=[\u30a1-\u30fa])")


def correct_question(
    question: str,
    vocabulary: frozenset[str],
    *,
    text: str = "",
    config: TypoConfig | None = None,
) -> tuple[str, dict[str, str]]:
    """The question with each unknown English word replaced by its nearest vocabulary term
    (within the configured edits), each mistyped kanji run by the run `text` (what the reader
    may read) writes, and the replacements made (word -> term)."""
    cfg = config or TypoConfig()
    fixes: dict[str, str] = {}
    question = _kanji_fixed(question, vocabulary, text, fixes, min_len=cfg.kanji_min_len)
    dashed = _KATAKANA_DASH.sub("ー", question)
    if dashed != question:
        fixes["-"] = "ー"
        question = dashed
    question = _katakana_fixed(question, vocabulary, fixes)
    for word in dict.fromkeys(_WORD.findall(question)):
        asking = _asking_word(word.lower(), vocabulary)
        if asking is not None:
            fixes[word] = asking
            continue
        full = _unclipped(word.lower(), vocabulary)
        if full is not None:
            fixes[word] = full
            continue
        found = terms(word)
        if len(found) != 1 or len(word) < cfg.short_min_len:
            continue
        if english_word(word.lower()):  # "letters" is no typo of "latter", only unasked
            continue
        term = found[0]
        if term in QUESTION_FILLERS or known_term(term, vocabulary):
            continue
        if len(word) < cfg.one_edit_min_len:
            short = _short_fixed(word.lower(), vocabulary) if len(word) <= 5 else None
            if short is not None:
                fixes[word] = short
            continue
        edits = 2 if len(word) >= cfg.two_edit_min_len else 1
        fix = None
        # The vocabulary holds stems: try the stem ("manufactur") and the word as typed
        # ("bioreacter", whose stem "bioreact" is two edits at the end from "bioreactor").
        # A plural typed wrong ("bioreacters") is probed without its "s" as well.
        plural = word.lower()[:-1] if word.lower().endswith("s") else word.lower()
        for probe in dict.fromkeys((term, word.lower(), plural)):
            matches = process.extract(
                probe, _ascii_terms(vocabulary), scorer=OSA.distance, score_cutoff=edits, limit=5
            )
            # A stem is a cut word: one more letter at its end is another word's stem
            # ("appli" + c = "applic"), so a stem may only differ inside.
            typed = probe == word.lower()
            fix = next(
                (str(m[0]) for m in matches if _typo_like(probe, str(m[0]), at_end=typed)), None
            )
            if fix is not None and fix != probe:
                break
            fix = None
        if fix is not None:
            fixes[word] = _respelled(word.lower(), fix)
            continue
        ending = _known_stem_ending(word.lower(), vocabulary)
        if ending is not None:
            fixes[word] = ending
    words = {w: t for w, t in fixes.items() if w != "-"}
    if not words:
        return question, fixes
    # Letters bound a word, not \b: in 「PMADの調査」 the kana after the word is a word letter.
    pattern = re.compile(
        r"(?<![A-Za-z])(" + "|".join(re.escape(w) for w in words) + r")(?![A-Za-z])"
    )
    return pattern.sub(lambda m: words[m.group(1)], question), fixes


def _short_fixed(word: str, vocabulary: frozenset[str]) -> str | None:
    """The one vocabulary term a short word lacks a letter of (first letter kept: "toyam" ->
    toyama, "secnd" -> second) or swaps two letters of ("pmad" -> pmda); None when there is
    none, or more than one."""
    found = {
        term
        for term in _short_terms(vocabulary, len(word))
        if term[0] == word[0]
        and (
            (len(term) == len(word) + 1 and Levenshtein.distance(word, term) == 1)
            or (
                len(term) == len(word)
                and OSA.distance(word, term) == 1
                and sorted(term) == sorted(word)
            )
        )
    }
    return found.pop() if len(found) == 1 else None


@functools.lru_cache(maxsize=32)
def _short_terms(vocabulary: frozenset[str], length: int) -> tuple[str, ...]:
    """The vocabulary's letter-only terms of `length` or one letter more."""
    return tuple(
        t for t in vocabulary if t.isascii() and t.isalpha() and len(t) in (length, length + 1)
    )


def _unclipped(word: str, vocabulary: frozenset[str]) -> str | None:
    """The full word of a clipped one ("tech" -> "technology") when the vocabulary holds the
    full word's terms and not the clipped word (question_words.yaml `clipped`)."""
    full = CLIPPED_WORDS.get(word)
    if full is None or known_term(stem(word), vocabulary):
        return None
    return full if all(known_term(t, vocabulary) for t in terms(full)) else None


def _asking_word(word: str, vocabulary: frozenset[str]) -> str | None:
    """The English question word that `word` (3+ letters, unknown to the vocabulary, and no
    stop word: "were" is not "where") is one edit from, keeping its first letter: "wich" ->
    which, "whats" -> what."""
    if len(word) < 3 or word in ASKING_WORDS:
        return None
    found = terms(word)
    if not found or any(known_term(t, vocabulary) for t in found):
        return None
    for asking in ASKING_WORDS:
        if asking[0] == word[0] and OSA.distance(word, asking) == 1:
            return asking
    return None


def _known_stem_ending(word: str, vocabulary: frozenset[str]) -> str | None:
    """The word a known stem plus an ending makes, when `word` is that stem followed by the
    ending one edit off: "inspecton" = inspect + "on" -> inspection."""
    for cut in range(len(word) - 1, 4, -1):
        stem_part, rest = word[:cut], word[cut:]
        if stem_part not in vocabulary:
            continue
        for ending in WORD_ENDINGS:
            if OSA.distance(rest, ending) == 1:
                return stem_part + ending
    return None


def _respelled(word: str, term: str) -> str:
    """The typed word with the edits that turn it into the vocabulary term, except a cut of its
    ending: the vocabulary holds stems, so "manufacure" ~ manufactur reads "manufacture", which
    the composer's cue words and the reader recognise (a stem alone would not)."""
    if len(word) == len(term) and sorted(word) == sorted(term):
        return term  # a swap: the term is the word's own letters
    spelled = []
    for op in Levenshtein.opcodes(word, term):
        if op.tag == "equal" or (op.tag == "delete" and op.src_end == len(word)):
            spelled.append(word[op.src_start : op.src_end])
        else:
            spelled.append(term[op.dest_start : op.dest_end])
    return "".join(spelled)


def _typo_like(term: str, candidate: str, *, at_end: bool = True) -> bool:
    """True when the edit lies inside the word (first and last letters kept: "Marylnd",
    "bioreacter", "histroy") or the word lacks only its last letter ("peptid"). An edit at
    either end mostly makes another real word, not a typo: manned ~ banned, treaty ~ treat,
    packet ~ packed, announcer ~ announced (squad-dev: 44 questions corrected, 34 of them
    such real words; unanswerable abstention fell 0.739 -> 0.693)."""
    if at_end and candidate.startswith(term) and len(candidate) == len(term) + 1:
        return True
    if len(term) == len(candidate) and sorted(term) == sorted(candidate):
        return True  # two letters swapped, at the end too ("Shizuoak")
    return term[0] == candidate[0] and term[-1] == candidate[-1]


def _kanji_fixed(
    question: str, vocabulary: frozenset[str], text: str, fixes: dict[str, str], *, min_len: int
) -> str:
    """The question with each run of `min_len`+ kanji that `text` never writes, and that holds
    a term the vocabulary lacks, replaced by the one run `text` writes with one kanji inside it
    (not the first or last) different: 焼律工場 -> 焼津工場 (律 is nowhere in the corpus),
    従業因数 -> 従業員数 (因数 is a word, but not the corpus's). A run with two such readings is
    left as typed. The replacements go into `fixes`."""
    if not text:
        return question
    for run in dict.fromkeys(_KANJI_RUN.findall(question)):
        if len(run) < min_len or run in text:
            continue
        if all(known_term(t, vocabulary) for t in terms(run)):
            continue
        found = {
            run[:i] + m.group(1) + run[i + 1 :]
            for i in range(1, len(run) - 1)
            for m in re.finditer(re.escape(run[:i]) + f"({_KANJI})" + re.escape(run[i + 1 :]), text)
        }
        if len(found) == 1:
            fixes[run] = found.pop()
            question = question.replace(run, fixes[run])
    return question


def _katakana_fixed(question: str, vocabulary: frozenset[str], fixes: dict[str, str]) -> str:
    """The question with each katakana word of 4+ letters that the vocabulary lacks replaced
    by the vocabulary's katakana term one edit away (two from 7 letters), first letter kept:
    ベンガルル -> ベンガルール, ハイデラバド -> ハイデラバード. The replacements go into `fixes`."""
    for word in dict.fromkeys(_KATAKANA_WORD.findall(question)):
        if word in vocabulary:
            continue
        edits = 2 if len(word) >= 7 else 1
        matches = process.extract(
            word, _katakana_terms(vocabulary), scorer=OSA.distance, score_cutoff=edits, limit=5
        )
        fix = next((str(m[0]) for m in matches if str(m[0])[0] == word[0]), None)
        if fix is not None:
            fixes[word] = fix
            question = question.replace(word, fix)
    return _katakana_read(question, vocabulary, fixes)


def _katakana_read(question: str, vocabulary: frozenset[str], fixes: dict[str, str]) -> str:
    """The question with each katakana word that unidic does not know and the vocabulary
    lacks, but whose romanized reading (assistant/text/readings.py) the vocabulary holds as a
    name's reading, written as that reading: a name spelled by its sound (ヤイヅ for 焼津)
    reads as "yaizu", which the documents that write 焼津 hold. The replacements go into
    `fixes`."""
    for word in dict.fromkeys(_KATAKANA_NAME.findall(question)):
        if word in vocabulary or word in fixes or not spelled_by_sound(word):
            continue
        read = romaji_words(word)
        if read and all(stem(r) in vocabulary for r in read):
            fixes[word] = " ".join(read)
            question = question.replace(word, fixes[word])
    return question


def english_word(word: str) -> bool:
    """True for a correctly spelled English word (pyspellchecker's English word list, some
    160,000 words, shipped in its wheel): a word the corpus lacks but English has is what the
    asker meant, so it is never respelled into a corpus term ("letters" stays, and counts as
    unknown when no document holds it)."""
    return word in _english_words()


@functools.cache
def _english_words() -> frozenset[str]:
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.dictionary)


@functools.lru_cache(maxsize=8)
def _katakana_terms(vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The vocabulary's katakana terms of 4+ letters, sorted."""
    return tuple(sorted(t for t in vocabulary if _KATAKANA_WORD.fullmatch(t)))


@functools.lru_cache(maxsize=8)
def _ascii_terms(vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The vocabulary's English single-word terms (pairs and codes left out), sorted."""
    return tuple(sorted(t for t in vocabulary if t.isascii() and t.isalpha() and len(t) >= 5))
