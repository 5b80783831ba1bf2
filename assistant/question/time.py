"""The months a question names (2025年3月, 2025-03, March 2025): a question's time subject."""

from __future__ import annotations

import re

_MONTHS = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
_YEAR = r"((?:19|20)\d\d)"
# A month's name or abbreviation ("june", "jun.", "sept."), then an optional day, then the year.
_MONTH_NAME = r"\b(" + "|".join(sorted({*_MONTHS, *(m[:3] for m in _MONTHS), "sept"})) + r")\b\.?"
_MONTH_PATTERNS = (
    (re.compile(_YEAR + r"\s*年\s*(\d{1,2})\s*月"), False),
    (re.compile(_YEAR + r"[-/](\d{1,2})\b"), False),
    (re.compile(_MONTH_NAME + r",?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?" + _YEAR), True),
)


def asked_months(question_folded: str) -> frozenset[tuple[int, int]]:
    """The (year, month) pairs a question names: 2025年3月, 2025-03, March 2025, Jun 10, 2025."""
    found: set[tuple[int, int]] = set()
    for pattern, name_first in _MONTH_PATTERNS:
        for first, second in pattern.findall(question_folded):
            if name_first:
                month = next(n for n, m in enumerate(_MONTHS, 1) if m.startswith(first[:3]))
                found.add((int(second), month))
            elif 1 <= int(second) <= 12:
                found.add((int(first), int(second)))
    return frozenset(found)
