"""A multi-part question's answer: each part's answer under the part's question, one list of
citations with the markers renumbered, and a line of its own for a part no source answers."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer.composer import Composition
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
        body = composition.text.split("\n", 1)[1] if "\n" in composition.text else ""
        lines.append(_renumbered(body, renumber))
    return Composition(
        text="\n".join(lines), citations=citations, abstained=False, composer="parts"
    )


def _renumbered(text: str, numbers: dict[int, int]) -> str:
    """The text with each `[n]` marker replaced by `[numbers[n]]`."""
    return _MARKER.sub(lambda m: f"[{numbers.get(int(m.group(1)), 0)}]", text)


__all__ = ["join_parts"]
