"""Does an answer hold the kind of thing its question asks for? Checked on the composed
answer, before it is given: an answer that cannot be what was asked is an abstention.

- **A year** (`speaks_of_years` in strategies.py): "the 2019 inspection" is not answered by 2024.
- **A number besides the asked years** (`holds_asked_number`): "How many batches failed in
  2021?" is not answered by "acquired in July 2021".
- **A sum of money** (`holds_asked_amount`): "T3棟を1日使うといくらかかりますか？" is not answered
  by how T3 contains its APIs. A question asks an amount when it names a price, fee or cost
  (answer_cues.yaml `amount`) and is no when-question ("When did OPEC raise oil prices?").
"""

from __future__ import annotations

import re

from assistant.answer.composer import Composition
from assistant.answer.evidence import ANSWER_CUES, asks_count, asks_date, asks_quantity
from assistant.question.understanding import Question
from assistant.text import fold, names_cue

_AMOUNT_CUES = tuple(ANSWER_CUES["amount"])
_SIGNS = [c for c in ANSWER_CUES["currency"] if not c.isalnum()]
_WORDS = [c for c in ANSWER_CUES["currency"] if c.isalnum()]
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A sum: a sign before a number ("$12", "¥240万"), or a number, an optional scale and a
# currency word after it ("240万円", "JPY 41.2 billion" reads the code before, "5 dollars").
_AMOUNT = re.compile(
    r"(?:" + "|".join(re.escape(s) for s in _SIGNS) + r")\s?\d"
    r"|\d[\d,.]*\s*(?:万|億|千|百万|million|billion|bn|thousand)?\s*(?:"
    + "|".join(re.escape(w) for w in _WORDS)
    + r")"
    r"|\b(?:usd|jpy|eur)\s?\d",
    re.IGNORECASE,
)


def holds_asked_number(composition: Composition, question: Question) -> bool:
    """True unless the question asks a count or quantity and no quote holds a number other
    than the asked years ("How many batches failed in 2021?" is not answered by "acquired in
    July 2021")."""
    folded = fold(question.normalized)
    if not (asks_count(folded) or asks_quantity(folded)):
        return True
    years = {str(y) for y in question.years}
    return any(
        number not in years for c in composition.citations for number in _NUMBER.findall(c.quote)
    )


def asks_amount(folded: str) -> bool:
    """True when the (folded) question asks a price, fee or cost and is no when-question."""
    return any(names_cue(folded, cue) for cue in _AMOUNT_CUES) and not asks_date(folded)


def holds_amount(text: str) -> bool:
    """True when the text states a sum of money ("240万円", "USD 1.45 million", "$12")."""
    return _AMOUNT.search(text) is not None


def holds_asked_amount(composition: Composition, question: Question) -> bool:
    """True unless the question asks a sum of money and no quote holds one."""
    if not asks_amount(fold(question.normalized)):
        return True
    return any(holds_amount(c.quote) for c in composition.citations)


__all__ = ["asks_amount", "holds_amount", "holds_asked_amount", "holds_asked_number"]
