"""Does an answer hold the kind of thing its question asks for? Checked on the composed
answer, before it is given: an answer that cannot be what was asked is an abstention.

- **A year** (`speaks_of_years`): "the 2019 inspection" is not answered by 2024; `hits_of_years`
  are the hits an answer about another year is composed from once more (strategies.py).
- **A number besides the asked years** (`holds_asked_number`): "How many batches failed in
  2021?" is not answered by "acquired in July 2021".
- **A count in its counter** (`holds_asked_count`): 「T4棟には反応槽が何基入りますか？」 is not
  answered by 「最大2,000L反応槽を含む」: a quote must count in 基 (4基, 四基), state a record
  field's bare number, or, written in English, count something ("two 2,000 L bioreactors").
- **A fiscal year as a fiscal year** (`speaks_of_fiscal_years`): 「2025年度の売上収益」 is not
  answered by "2024年度（2025年3月期）の売上収益", which names 2025 as the closing month's year.
- **A sum of money** (`holds_asked_amount`): "T3棟を1日使うといくらかかりますか？" is not answered
  by how T3 contains its APIs. A question asks an amount when it names a price, fee or cost
  (answer_cues.yaml `amount`) and is no when-question ("When did OPEC raise oil prices?").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.composer import Composition
from assistant.answer.evidence import ANSWER_CUES, asks_count, asks_date, asks_quantity
from assistant.question.understanding import Question
from assistant.text import fold, names_cue
from assistant.types import Hit

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


# A fiscal year as questions and reports write it: 2025年度, FY2025, FY 2025, fiscal (year) 2025.
_FISCAL = re.compile(r"(\d{4})\s*年度|\bfy\s?(\d{4})|\bfiscal(?:\s+year)?\s+(\d{4})", re.IGNORECASE)


def fiscal_years(text: str) -> set[str]:
    """The fiscal years a text names ("2025年度", "FY2025", "fiscal 2025" -> {"2025"})."""
    return {next(g for g in m.groups() if g) for m in _FISCAL.finditer(text)}


def speaks_of_fiscal_years(composition: Composition, question: Question) -> bool:
    """True unless the question names a fiscal year that no quote names as a fiscal year."""
    asked = fiscal_years(question.normalized)
    if not asked:
        return True
    said = set().union(*(fiscal_years(c.quote) for c in composition.citations))
    return asked <= said


# 何 + a counter that counts things (何人 also asks a nationality, 何年 a year: not here).
_ASKED_COUNTER = re.compile(r"何(基|台|件|回|名|ロット|バッチ|か国|カ国|ヶ国|社|品目)")
# An English count: a number (or number word; no year), perhaps a size, then a counted word
# ("two 2,000 L single-use bioreactors", "3 PPQ batches"; not "500 L SPPS reactor", not
# "December 2026, which").
_EN_COUNTED = re.compile(
    r"\b(?:(?!(?:19|20)\d\d\b)\d(?:[\d,]*\d)?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve)\s+"
    r"(?:\d[\d,.]*\s*(?:l|kg|g|ml|mg)\s+)?(?!(?:l|kg|g|ml|mg|µg)\b)[a-z][a-z-]{2,}",
    re.IGNORECASE,
)
_FIELD_NUMBER = re.compile(r"^[^:：]+[:：]\s*[\d,]+\s*$")


def holds_asked_count(composition: Composition, question: Question) -> bool:
    """True unless the question asks 何+counter and no quote counts in that counter."""
    asked = _ASKED_COUNTER.search(question.normalized)
    if asked is None:
        return True
    counted = re.compile(r"[\d０-９一二三四五六七八九十百千,]+\s*" + re.escape(asked.group(1)))
    for citation in composition.citations:
        for part in citation.quote.split(" … "):
            if counted.search(part) or _FIELD_NUMBER.match(part):
                return True
            if citation.lang != question.lang and _EN_COUNTED.search(part):
                return True
    return False


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


def _names_year(parts: Sequence[object], years: Sequence[int]) -> bool:
    said = " ".join(str(part or "") for part in parts)
    return any(str(y) in said for y in years)


def speaks_of_years(composition: Composition, years: Sequence[int]) -> bool:
    """True when no year is asked, or a citation's quote, title, section or date names one of
    them ("2019", "FY2019", "2019年度", a record dated 2019-05-14)."""
    if not years:
        return True
    return any(
        _names_year((c.quote, c.title, c.section, c.date), years) for c in composition.citations
    )


def hits_of_years(hits: list[Hit], years: Sequence[int]) -> list[Hit]:
    """The hits whose text, title, section or date names an asked year, in retrieval order."""
    return [
        h
        for h in hits
        if _names_year(
            (h.chunk.text, h.chunk.title, h.chunk.section, h.chunk.metadata.get("date")), years
        )
    ]


def wrong_kind(composition: Composition, question: Question) -> str | None:
    """Why an answer is not of the kind asked (the abstain reason), or None when it is."""
    if not holds_asked_count(composition, question):
        return "no quote counts what the question counts"
    if not speaks_of_fiscal_years(composition, question):
        return "no quote names the asked fiscal year"
    if not holds_asked_amount(composition, question):
        return "no quoted source states the asked amount"
    if not speaks_of_years(composition, question.years):
        years = ", ".join(str(y) for y in question.years)
        return f"no quoted source speaks of {years} (the question's year)"
    return None


__all__ = [
    "asks_amount",
    "fiscal_years",
    "hits_of_years",
    "holds_amount",
    "holds_asked_count",
    "holds_asked_amount",
    "holds_asked_number",
    "speaks_of_fiscal_years",
    "speaks_of_years",
    "wrong_kind",
]
