"""A quoted sentence that leans on the one before it ("They are planned to be available by
September 2026 …") is quoted with that sentence, so the answer says what "they" are.

The opening words are data (assistant/data/anaphors.yaml). Only prose is completed: a record
line stands on its label. The predecessor must be the previous quotable unit of the same
chunk with nothing but space between them (no heading), and is added only while the answer
has room (`max_units`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from assistant.answer.picking import Unit
from assistant.text.wordfile import load_words_yaml
from assistant.types import Hit

ANAPHORS_FILE = Path(__file__).resolve().parent.parent / "data" / "anaphors.yaml"


@functools.cache
def _opening() -> re.Pattern[str]:
    data = load_words_yaml(ANAPHORS_FILE.read_text(encoding="utf-8"))
    english = "|".join(re.escape(w) for w in data["en"])
    japanese = "|".join(re.escape(w) for w in data["ja"])
    excluded = "|".join(re.escape(w) for w in data.get("except", ())) or "(?!)"
    return re.compile(rf"(?!{excluded})(?:(?i:(?:{english})\b)|(?:{japanese}))")


def leans_back(sentence: str) -> bool:
    """True when a sentence opens with a word that points to the sentence before it."""
    return _opening().match(sentence.lstrip()) is not None


def with_antecedents(
    chosen: Sequence[Unit], units: Sequence[Unit], hits: Sequence[Hit], *, max_units: int
) -> list[Unit]:
    """`chosen`, each leaning prose sentence preceded by its predecessor where one is quotable
    and the answer has room; the choice order is kept (the antecedent right before its unit)."""
    picked = {(u.hit_index, u.start) for u in chosen}
    out: list[Unit] = []
    room = max_units - len(chosen)
    for unit in chosen:
        text = hits[unit.hit_index].chunk.text
        if room > 0 and unit.label is None and leans_back(text[unit.start : unit.end]):
            before = _previous(unit, units)
            if (
                before is not None
                and (before.hit_index, before.start) not in picked
                and not text[before.end : unit.start].strip()
            ):
                out.append(before)
                picked.add((before.hit_index, before.start))
                room -= 1
        out.append(unit)
    return out


def _previous(unit: Unit, units: Sequence[Unit]) -> Unit | None:
    """The quotable unit just before `unit` in its chunk."""
    return next(
        (u for u in units if u.hit_index == unit.hit_index and u.order == unit.order - 1), None
    )
