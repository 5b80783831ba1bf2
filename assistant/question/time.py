"""The years and months a question names (2025年3月, 2025-03, March 2025, FY2024): its time
subjects, found in one place for question understanding, follow-ups and answer scope."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
_YEAR = r"((?:19|20)\d\d)"
# A month's name or abbreviation ("june", "jun.", "sept."), then an optional day, then the year.
_MONTH_NAME = r"\b(" + "|".join(sorted({*_MONTHS, *(m[:3] for m in _MONTHS), "sept"})) + r")\b\.?"
_MONTH_PATTERNS = (
    (re.compile(_YEAR + r"\s*年\s*(\d{1,2})\s*月", re.IGNORECASE), False),
    (re.compile(_YEAR + r"[-/](\d{1,2})(?!\d)", re.IGNORECASE), False),
    (
        re.compile(_MONTH_NAME + r",?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?" + _YEAR, re.IGNORECASE),
        True,
    ),
)
# A year on its own, with its fiscal-year prefix or Japanese suffix (FY2024, 2023年度).
_YEAR_ALONE = re.compile(r"(?<![A-Za-z0-9_'-])(?:FY\s?)?" + _YEAR + r"(?:\s*年度?)?(?!\d)", re.I)


@dataclass(frozen=True)
class TimeSpan:
    """A year, or a month of a year, as written at text[start:end]."""

    start: int
    end: int
    year: int
    month: int | None = None


def time_spans(text: str) -> list[TimeSpan]:
    """The months and years `text` names, in text order, a month's year not named twice."""
    found: list[TimeSpan] = []
    for pattern, name_first in _MONTH_PATTERNS:
        for match in pattern.finditer(text):
            first, second = match.group(1), match.group(2)
            if name_first:
                month = next(n for n, m in enumerate(_MONTHS, 1) if m.startswith(first[:3].lower()))
                span = TimeSpan(match.start(), match.end(), int(second), month)
            elif 1 <= int(second) <= 12:
                span = TimeSpan(match.start(), match.end(), int(first), int(second))
            else:
                continue
            if not _overlaps(span, found):
                found.append(span)
    for match in _YEAR_ALONE.finditer(text):
        span = TimeSpan(match.start(), match.end(), int(match.group(1)))
        if not _overlaps(span, found):
            found.append(span)
    return sorted(found, key=lambda s: s.start)


def _overlaps(span: TimeSpan, found: list[TimeSpan]) -> bool:
    return any(s.start < span.end and span.start < s.end for s in found)


def asked_months(question_folded: str) -> frozenset[tuple[int, int]]:
    """The (year, month) pairs a question names: 2025年3月, 2025-03, March 2025, Jun 10, 2025."""
    return frozenset(
        (span.year, span.month) for span in time_spans(question_folded) if span.month is not None
    )
