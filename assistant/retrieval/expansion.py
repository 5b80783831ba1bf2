"""What a question asks, searched in the other language too: the bilingual cue groups.

The glossary bridges names (メリーランド ~ Maryland). The cue groups of the composer
(assistant/data/cues.yaml and any `ASSISTANT_CUE_PATHS` file) name what is asked in both
languages ("staff", "headcount" ~ 従業員, 人数; "operat" ~ 稼働). A question that names a
cue of a group is also searched, lexically, by the group's words in the other language, so an
English question reaches a Japanese document that says what is asked in Japanese ("When did
the plant start operating?" ~ 稼働) and the reverse; on a one-language corpus the other
language's words match nothing. The weight is `HybridConfig.cue_expansion_weight`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.text import detect_lang, fold, names_cue, terms

_EN_WORD = re.compile(r"[a-z0-9]+")
# An English cue this long also names the words it starts ("operat" ~ operating); a shorter
# one only itself and its plural ("plan" is not "plant", "lot" is not "lotion").
_PREFIX_CUE_LEN = 5


class CueTranslations:
    """The other-language terms of the cue groups a question names."""

    def __init__(self, groups: Sequence[Sequence[str]] = ()) -> None:
        self._groups = tuple(tuple(group) for group in groups)

    def translate(self, question: str) -> list[str]:
        """Terms of the other-language cues of each group the question names, in order."""
        folded = fold(question)
        english = detect_lang(question) == "en"
        words = set(_EN_WORD.findall(folded)) if english else set()
        out: list[str] = []
        for group in self._groups:
            if any(_names(cue, folded, words) for cue in group if cue.isascii() == english):
                for cue in group:
                    if cue.isascii() != english:
                        out.extend(terms(cue))
        return list(dict.fromkeys(out))


def _names(cue: str, folded: str, words: set[str]) -> bool:
    """True when a question names a cue: a Japanese cue anywhere, an English phrase as
    `names_cue` reads it, an English word as a word, its plural or (long cues) a word's start."""
    if not cue.isascii():
        return cue in folded
    if " " in cue:
        return names_cue(folded, cue)
    return any(
        w in (cue, f"{cue}s") or (len(cue) >= _PREFIX_CUE_LEN and w.startswith(cue)) for w in words
    )
