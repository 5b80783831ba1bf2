"""Full and partial dates as customers write them: parse, normalise, and turn into periods.

`2025`, `2025-03`, `2025-03-14`, `2025/3/14`, `2025年3月`, `2025年3月14日` all parse; a
partial date stands for its whole period (`2025-03` is 1-31 March 2025), so a date filter
matches it when that period overlaps the asked range. Pure functions, no state.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from assistant.errors import DateFormatError

Precision = Literal["year", "month", "day"]

ACCEPTED = "YYYY, YYYY-MM, YYYY-MM-DD, YYYY/MM/DD or 2025年3月(14日)"
_NUMERIC = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_JAPANESE = re.compile(r"^(\d{4})年(?:\s*(\d{1,2})月(?:\s*(\d{1,2})日)?)?$")
# A timestamp's time part ("2025-03-14T09:00:00", "2025-03-14 09:00") is dropped.
_TIME_PART = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})[T ]\d{1,2}:\d{2}.*$")


@dataclass(frozen=True)
class PartialDate:
    """A date with its precision: normalized is `2025`, `2025-03` or `2025-03-14`."""

    normalized: str
    precision: Precision

    @property
    def start(self) -> int:
        """The first day of the period as YYYYMMDD."""
        return period_start(self.normalized)

    @property
    def end(self) -> int:
        """The last day of the period as YYYYMMDD."""
        return period_end(self.normalized)


def parse_date(value: object) -> PartialDate:
    """A date, year-month or year in any accepted spelling; DateFormatError names the value."""
    if isinstance(value, dt.datetime):
        return PartialDate(value.date().isoformat(), "day")
    if isinstance(value, dt.date):
        return PartialDate(value.isoformat(), "day")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DateFormatError(f"date {value!r} is not text; write it as {ACCEPTED}")
    text = unicodedata.normalize("NFKC", value).strip()
    timestamp = _TIME_PART.match(text)
    if timestamp:
        text = timestamp.group(1)
    match = _NUMERIC.match(text) or _JAPANESE.match(text)
    if not match:
        raise DateFormatError(f"date {value!r} is not one of {ACCEPTED}")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if day is not None and month is not None:
            return PartialDate(dt.date(year, month, day).isoformat(), "day")
        if month is not None:
            dt.date(year, month, 1)
            return PartialDate(f"{year:04d}-{month:02d}", "month")
        dt.date(year, 1, 1)
    except ValueError as exc:
        raise DateFormatError(f"date {value!r} is not a real date ({exc}); use {ACCEPTED}") from exc
    return PartialDate(f"{year:04d}", "year")


def normalize_date(value: object) -> str:
    """The stored spelling of a date: `2025`, `2025-03` or `2025-03-14`."""
    return parse_date(value).normalized


def period_start(value: object) -> int:
    """First day of the date's period as YYYYMMDD (`2025-03` -> 20250301)."""
    parsed = value if isinstance(value, PartialDate) else parse_date(value)
    parts = [int(p) for p in parsed.normalized.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    return year * 10000 + month * 100 + day


def period_end(value: object) -> int:
    """Last day of the date's period as YYYYMMDD (`2024-02` -> 20240229, `2025` -> 20251231)."""
    parsed = value if isinstance(value, PartialDate) else parse_date(value)
    parts = [int(p) for p in parsed.normalized.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return year * 10000 + month * 100 + day


__all__ = [
    "ACCEPTED",
    "PartialDate",
    "Precision",
    "normalize_date",
    "parse_date",
    "period_end",
    "period_start",
]
