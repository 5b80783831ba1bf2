"""Lexical terms shared by ingestion and answering: BM25 terms, term pairs, token counts.

Japanese is tokenized with fugashi + unidic-lite. ASCII runs (English words, codes such as
OEB5, 2,000L, PPQ) are cut out first and kept whole, because MeCab splits them at every change
of character class and would turn "OEB5" into "OEB" + "5".
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import Stemmer

from assistant.text.normalize import JA_CHARS, KANA, normalize
from assistant.text.readings import romaji_words
from assistant.text.wordfile import load_words_yaml

KATAKANA_WORD = re.compile(r"[\u30a0-\u30ffー]{2,}")
_ASCII_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9]*(?:[\-.,/+%][A-Za-z0-9]+)*")
_TOKEN_SPLIT = re.compile(r"([A-Za-z0-9][A-Za-z0-9]*(?:[\-.,/+%][A-Za-z0-9]+)*)")

# Parts of speech that carry no content for retrieval (unidic pos1).
# Prefixes (高-, 再-, 非-) are kept: they change meaning and measured slightly better kept.
_STOP_POS = {"助詞", "助動詞", "補助記号", "記号", "空白", "感動詞", "フィラー"}
# Inflecting words are indexed by their base form in the text's own spelling (unidic
# orthBase: 使っ/使わ -> 使う), everything else by its surface form.
_INFLECTING_POS = {"動詞", "形容詞", "形状詞"}
STOPWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "stopwords.yaml"


def _load_stopwords(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(Japanese stop lemmas, English stop words) from the shipped data file."""
    data = load_words_yaml(path.read_text(encoding="utf-8"))
    return frozenset(data["ja_lemmas"]), frozenset(data["en"])


_JA_STOP_LEMMAS, _EN_STOPWORDS = _load_stopwords(STOPWORDS_FILE)


class _Tagger:
    """A process-wide fugashi tagger; MeCab taggers are not safe to share across threads."""

    def __init__(self) -> None:
        self._local = threading.local()

    def get(self) -> Any:
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            import fugashi

            tagger = fugashi.Tagger()
            self._local.tagger = tagger
        return tagger


_TAGGER = _Tagger()


def japanese_words(text: str) -> list[tuple[str, str, str]]:
    """(surface, lemma, pos1) for each fugashi word of a Japanese span."""
    return [(surface, lemma, pos) for surface, lemma, pos, _ in _japanese_words(text)]


def japanese_word_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, surface, pos1) of each fugashi word of a Japanese text, in text order
    (a word fugashi respells, not found at or after the last one's end, is left out)."""
    spans = []
    at = 0
    for surface, _lemma, pos in japanese_words(text):
        start = text.find(surface, at)
        if start < 0:
            continue
        at = start + len(surface)
        spans.append((start, at, surface, pos))
    return spans


def japanese_place_names(text: str) -> tuple[str, ...]:
    """The place names (unidic 名詞-固有名詞-地名: 焼津, ニュージャージー) of a Japanese text,
    in text order."""
    return tuple(
        word.surface
        for word in _TAGGER.get()(text)
        if getattr(word.feature, "pos2", "") == "固有名詞"
        and getattr(word.feature, "pos3", "") == "地名"
    )


def _japanese_words(text: str) -> list[tuple[str, str, str, str]]:
    return [(surface, lemma, pos, base) for surface, lemma, pos, base, _ in _tagged(text)]


# What kind of name a word is, for its romanized reading (assistant/text/readings.py).
_NOT_NAME, _PROPER, _SOUND = 0, 1, 2


def _tagged(text: str) -> list[tuple[str, str, str, str, int]]:
    """(surface, lemma, pos1, base, name kind) per fugashi word: a proper noun (名詞-固有名詞:
    焼津, シンガポール), a katakana word unidic does not know (ヤイヅ: a name spelled by its
    sound), or no name."""
    words = []
    for word in _TAGGER.get()(text):
        feature = word.feature
        lemma = getattr(feature, "lemma", None) or word.surface
        pos = getattr(feature, "pos1", "") or ""
        base = getattr(feature, "orthBase", None) or word.surface
        kind = _NOT_NAME
        if getattr(feature, "pos2", "") == "固有名詞":
            kind = _PROPER
        elif getattr(feature, "kana", None) is None and KATAKANA_WORD.fullmatch(word.surface):
            kind = _SOUND
        words.append((word.surface, lemma, pos, base, kind))
    return words


def spelled_by_sound(word: str) -> bool:
    """True when a katakana word holds a word unidic does not know: a name written by its
    sound (ヤイヅ), not a compound of known words (シンガポールオフィス)."""
    return any(kind == _SOUND for *_, kind in _tagged(word))


@lru_cache(maxsize=50_000)
def _ja_terms(span: str) -> tuple[str, ...]:
    terms = []
    for surface, lemma, pos, base, _kind in _tagged(span):
        if pos in _STOP_POS or lemma in _JA_STOP_LEMMAS or surface in _JA_STOP_LEMMAS:
            continue
        # Surface forms, or the base form in the same spelling for inflecting words; never
        # unidic lemmas, which turn katakana loanwords into their English source
        # ("バイオリアクター" -> "バイオリアクター-bioreactor") and re-spell kana words in kanji.
        term = (base if pos in _INFLECTING_POS else surface).strip()
        if term and not (len(term) == 1 and KANA.match(term)):
            terms.append(term)
    return tuple(terms)


@lru_cache(maxsize=50_000)
def _ja_readings(span: str) -> tuple[str, ...]:
    """The romanized readings of a span's names (readings.py): 焼津 -> yaizu, ヤイヅ -> yaizu."""
    out: list[str] = []
    for surface, _lemma, pos, _base, kind in _tagged(span):
        if kind != _NOT_NAME and pos not in _STOP_POS:
            out.extend(stem(word) for word in romaji_words(surface))
    return tuple(out)


# Questions whose terms are kept: an ask reads its question's terms in retrieval, evidence
# and scoring, and tokenises it once.
_CACHED_QUESTIONS = 256
# Chunk texts whose term sets are kept (`term_set`: a hit's terms, read by every question that
# retrieves it): ~2 KB of text and ~8 KB of terms each, some 20 MB at most.
_CACHED_TEXTS = 2048


def terms(text: str) -> list[str]:
    """Lexical terms for BM25: NFKC, lower-cased, content words only, codes kept whole,
    English words by their Snowball stem (manufactured ~ manufacturing ~ manufacture).

    A question's terms. A document's (`document_terms`, `index_terms`, `term_set`) also hold
    the romanized reading of every Japanese name (焼津 -> yaizu), so that an English question
    meets a Japanese-only corpus by its names. A question keeps only its words, so that a
    Japanese question's names neither count twice nor pull English documents (aozora: four
    Japanese answers lost when they did)."""
    return list(_cached_terms(text)[0])


def document_terms(text: str) -> list[str]:
    """A document text's terms: `terms` plus the romanized reading of every Japanese name."""
    words, readings = _cached_terms(text)
    return [*words, *readings]


def name_readings(text: str) -> tuple[str, ...]:
    """The romanized readings of the Japanese names in `text` (焼津工場 -> ("yaizu",))."""
    return _cached_terms(text)[1]


def _terms(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words: list[str] = []
    readings: list[str] = []
    for piece, is_ascii in _pieces(text):
        if is_ascii:
            words.append(stem(piece))
        else:
            words.extend(_ja_terms(piece))
            readings.extend(_ja_readings(piece))
    return tuple(words), tuple(readings)


_cached_terms = lru_cache(maxsize=_CACHED_QUESTIONS)(_terms)


@lru_cache(maxsize=_CACHED_TEXTS)
def term_set(text: str) -> frozenset[str]:
    """The distinct `document_terms` of a text, computed once per text (a chunk read by many
    asks)."""
    words, readings = _terms(text)
    return frozenset(words) | frozenset(readings)


def clear_term_caches() -> None:
    """Forget every cached text's terms (tests compare a cold cache with a warm one)."""
    _cached_terms.cache_clear()
    term_set.cache_clear()


def english_words(text: str) -> list[str]:
    """The English content words of `text` as written (lower-cased, not stemmed)."""
    return [piece for piece, is_ascii in _pieces(text) if is_ascii]


def _pieces(text: str) -> list[tuple[str, bool]]:
    """(piece, is_ascii): ASCII content tokens (stop words dropped) and Japanese spans."""
    out: list[tuple[str, bool]] = []
    for piece in _TOKEN_SPLIT.split(normalize(text).lower()):
        if not piece:
            continue
        if _ASCII_RUN.fullmatch(piece):
            token = piece.strip(".,")
            if token and token not in _EN_STOPWORDS:
                out.append((token, True))
        elif JA_CHARS.search(piece):
            out.append((piece, False))
    return out


class _Stemmers:
    """One PyStemmer English (Snowball) stemmer per thread: a stemmer is not thread-safe."""

    def __init__(self) -> None:
        self._local = threading.local()

    def get(self) -> Any:
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = Stemmer.Stemmer("english")
            self._local.stemmer = stemmer
        return stemmer


_STEMMERS = _Stemmers()


def stem(word: str) -> str:
    """The product's one English stemmer (Snowball, via PyStemmer) for an alphabetic word;
    codes (OEB5, 2,000l), hyphenated words and Japanese are returned as they are."""
    if word.isascii() and word.isalpha():
        return str(_STEMMERS.get().stemWord(word))
    return word


# Bump when terms() or index_terms() change: ingestion re-indexes every file whose stored
# terms were made by another version.
TERMS_VERSION = "4"


def index_terms(text: str) -> list[str]:
    """What BM25 searches for a question or a glossary name: `terms(text)` plus each pair of
    adjacent terms joined by "_", so word order and Japanese compounds (抗体 薬物 -> 抗体_薬物)
    count."""
    words = terms(text)
    return words + term_pairs(words)


def document_index_terms(text: str) -> list[str]:
    """What BM25 indexes for a chunk: `index_terms` plus the romanized readings of its
    Japanese names (`document_terms`)."""
    words, readings = _cached_terms(text)
    return [*words, *readings, *term_pairs(list(words))]


def term_pairs(words: list[str]) -> list[str]:
    """Each pair of adjacent terms joined by "_", as `index_terms` indexes them."""
    return [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]


def count_tokens(text: str) -> int:
    """A model-independent token count: fugashi words for Japanese plus ASCII words."""
    normalized = normalize(text)
    count = 0
    for piece in _TOKEN_SPLIT.split(normalized):
        if not piece or piece.isspace():
            continue
        if _ASCII_RUN.fullmatch(piece):
            count += 1
        elif JA_CHARS.search(piece):
            count += len(japanese_words(piece))
        else:
            count += len(piece.split())
    return count
