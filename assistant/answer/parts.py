"""A multi-part question's answer: each part's answer under the part's question, one list of
citations with the markers renumbered, and a line of its own for a part no source answers.

A list question that joins two things ("What is your inspection history and PPQ record?",
「査察履歴とPPQの実績」) is split at its one "and" (と, および, や) by `joined_pieces`; the
strategist lists each piece when each is a list of its own (assistant/answer/strategies.py)."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer.composer import Composition
from assistant.text import detect_lang, japanese_word_spans
from assistant.types import Citation

_PART_ABSTAIN = {
    "en": "No verified source answers this part.",
    "ja": "この点に直接お答えできる資料の記載は見つかりませんでした。",
}
_MARKER = re.compile(r"\[(\d+)\]")


def join_parts(parts: list[tuple[str, Composition]], *, lang: str) -> Composition:
    """One answer from the answers to each part: each part's text under the part's question,
    its markers renumbered; an abstained part says so in a line of its own."""
    lines: list[str] = []
    citations: list[Citation] = []
    number_of: dict[str, int] = {}
    for part, composition in parts:
        lines.append(f"■ {part}")
        if composition.abstained:
            lines.append(_PART_ABSTAIN.get(lang, _PART_ABSTAIN["en"]))
            continue
        renumber: dict[int, int] = {}
        for citation in composition.citations:
            known = number_of.get(citation.chunk_id)
            if known is None:
                known = number_of[citation.chunk_id] = len(number_of) + 1
                citations.append(replace(citation, n=known))
            else:
                index = known - 1
                merged = " … ".join(
                    dict.fromkeys(
                        [*citations[index].quote.split(" … "), *citation.quote.split(" … ")]
                    )
                )
                citations[index] = replace(citations[index], quote=merged)
            renumber[citation.n] = known
        # A list keeps its count line ("10 matching documents, oldest first:"); other answers
        # drop their lead line, which the part's question replaces.
        text = composition.text
        body = text if composition.composer == "list" else (text.split("\n", 1) + [""])[1]
        lines.append(_renumbered(body, renumber))
    return Composition(
        text="\n".join(lines), citations=citations, abstained=False, composer="parts"
    )


def _renumbered(text: str, numbers: dict[int, int]) -> str:
    """The text with each `[n]` marker replaced by `[numbers[n]]`."""
    return _MARKER.sub(lambda m: f"[{numbers.get(int(m.group(1)), 0)}]", text)


_EN_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
_JA_AND = frozenset({"と", "および", "及び", "や"})


def joined_pieces(question: str) -> tuple[str, str] | None:
    """The two things a question joins by its one "and" (Japanese: the particle と, および,
    や), each as written; None when it joins none or several."""
    if detect_lang(question) == "en":
        found = list(_EN_AND.finditer(question))
        if len(found) != 1:
            return None
        start, end = found[0].span()
    else:
        spans = [
            (at, end)
            for at, end, surface, pos in japanese_word_spans(question)
            if surface in _JA_AND and pos in ("助詞", "接続詞")
        ]
        if len(spans) != 1:
            return None
        start, end = spans[0]
    left, right = question[:start].strip(), question[end:].strip()
    return (left, right) if left and right else None


__all__ = ["join_parts", "joined_pieces"]
