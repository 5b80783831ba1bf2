"""Romanized readings of Japanese names: the bridge between 焼津 and "Yaizu" without a glossary.

A corpus written in Japanese names its sites and partners in kanji (焼津, 富山, 静岡) or in
katakana (ヤイヅ, シンガポール); an English question names them in Latin letters. The lexical
terms of a Japanese proper noun (unidic 名詞-固有名詞) and of a katakana word unidic does not
know also hold its Hepburn romanization, made by cutlet from unidic's reading, so "Yaizu plant"
meets 焼津工場 in BM25, in the composer's term overlap and in the corpus vocabulary (an English
name of a Japanese-only site is no unknown word). Long vowels are folded the way English
spells Japanese place names (Hyougo -> hyogo, Hokkaidou -> hokkaido).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

# Long vowels as Hepburn writes them in English text: Tōkyō/Toukyou -> tokyo.
_LONG_VOWELS = (("ou", "o"), ("uu", "u"))
_WORD = re.compile(r"[a-z]+")


class _Romanizers:
    """One cutlet converter per thread: it holds a MeCab tagger, which is not thread-safe."""

    def __init__(self) -> None:
        self._local = threading.local()

    def get(self) -> Any:
        katsu = getattr(self._local, "katsu", None)
        if katsu is None:
            import cutlet

            katsu = cutlet.Cutlet()  # Hepburn; loanwords in their foreign spelling
            self._local.katsu = katsu
        return katsu


_ROMANIZERS = _Romanizers()


@lru_cache(maxsize=20_000)
def romaji_words(word: str) -> tuple[str, ...]:
    """The romanized words of one Japanese word, lower-cased, long vowels folded
    (焼津 -> ("yaizu",), シンガポール -> ("singapore",), 兵庫 -> ("hyogo",))."""
    text = _ROMANIZERS.get().romaji(word).lower()
    out = []
    for piece in _WORD.findall(text):
        for long, short in _LONG_VOWELS:
            piece = piece.replace(long, short)
        if len(piece) > 1:
            out.append(piece)
    return tuple(out)
