"""Normalization and language detection: NFKC, case folding, ja/en by script."""

from __future__ import annotations

import functools
import re
import unicodedata

JA_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z]")
# ASCII control characters other than tab, line feed and carriage return: never in a question
# or a document we accept.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize(text: str) -> str:
    """NFKC-normalize (full-width digits and letters, half-width katakana) and trim."""
    return unicodedata.normalize("NFKC", text).strip()


def fold(text: str) -> str:
    """Normalize for comparison: NFKC, case-folded, whitespace collapsed."""
    return re.sub(r"\s+", " ", normalize(text).casefold())


def detect_lang(text: str) -> str:
    """'ja' when the text is mostly Japanese script, else 'en'."""
    sample = text[:4000]
    ja = len(JA_CHARS.findall(sample))
    latin = len(_LATIN.findall(sample))
    if KANA.search(sample) and ja >= latin * 0.2:
        return "ja"
    return "ja" if ja > latin else "en"


def names_cue(folded: str, cue: str) -> bool:
    """True when folded text names a cue: English cues at a word start, Japanese anywhere."""
    if cue.isascii():
        return cue_pattern(cue).search(folded) is not None
    return cue in folded


@functools.lru_cache(maxsize=8192)
def cue_pattern(cue: str) -> re.Pattern[str]:
    """The compiled regex of `names_cue` for one cue (compiled once per cue, not per call)."""
    return re.compile(r"\b" + re.escape(cue) if cue.isascii() else re.escape(cue))
