"""The one filter spec: an audience ceiling plus metadata filters, compiled two ways.

Access control holds only if both retrieval legs drop the same rows before anything is
scored. So the rules are written once, as `Clause`s (`filter_clauses`), and compiled to a
Chroma `where` (`chroma_where`, the dense store and every metadata read) and to a numpy mask
over columns held in memory (`FilterColumns.mask`, the BM25 and in-memory dense legs).
tests/assistant/test_filters.py runs random filters through both and requires identical rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from assistant.errors import ConfigError
from assistant.text.dates import period_end, period_start
from assistant.types import Audience, SearchFilters

Op = Literal["$eq", "$lte", "$gte", "$contains_any"]
# Numeric columns: a row without the key is stored as MISSING and, as in Chroma, fails any
# comparison on that key.
MISSING = -1
_NUMERIC = ("audience_rank", "date_int", "date_end_int")
_TEXT = ("site", "doc_type", "lang")


@dataclass(frozen=True)
class Clause:
    """One condition on one metadata key; a row passes a filter when it passes every clause."""

    key: str
    op: Op
    value: Any


def filter_clauses(audience: Audience, filters: SearchFilters | None = None) -> list[Clause]:
    """The clauses a reader at `audience` asking with `filters` imposes (ceiling first)."""
    clauses = [Clause("audience_rank", "$lte", audience.rank)]
    if filters is None:
        return clauses
    if filters.site:
        clauses.append(Clause("site", "$eq", filters.site))
    if filters.doc_type:
        clauses.append(Clause("doc_type", "$eq", filters.doc_type))
    if filters.lang:
        clauses.append(Clause("lang", "$eq", filters.lang))
    if filters.modalities:
        clauses.append(Clause("modalities", "$contains_any", tuple(filters.modalities)))
    # A partial date (2025-03) is its whole period [date_int, date_end_int]: a chunk passes
    # when that period overlaps [date_from, date_to], each bound itself read as a period.
    if filters.date_from:
        clauses.append(Clause("date_end_int", "$gte", period_start(filters.date_from)))
    if filters.date_to:
        clauses.append(Clause("date_int", "$lte", period_end(filters.date_to)))
    return clauses


def chroma_where(audience: Audience, filters: SearchFilters | None = None) -> dict[str, Any]:
    """The Chroma `where` of the audience ceiling plus any metadata filters."""
    compiled = [_where(clause) for clause in filter_clauses(audience, filters)]
    return compiled[0] if len(compiled) == 1 else {"$and": compiled}


def _where(clause: Clause) -> dict[str, Any]:
    if clause.op == "$eq":
        return {clause.key: clause.value}
    if clause.op == "$contains_any":
        any_of = [{clause.key: {"$contains": v}} for v in clause.value]
        return any_of[0] if len(any_of) == 1 else {"$or": any_of}
    return {clause.key: {clause.op: clause.value}}


@dataclass(frozen=True)
class FilterColumns:
    """The filterable metadata of every row as arrays, in one row order."""

    numeric: dict[str, np.ndarray]
    text: dict[str, np.ndarray]
    modalities: list[frozenset[str]]

    @classmethod
    def from_metadata(cls, metas: Sequence[dict[str, Any]]) -> FilterColumns:
        """Columns from stored chunk metadata (as Chroma returns it), one row per item."""
        numeric = {
            key: np.fromiter((_number(m.get(key)) for m in metas), np.int64, len(metas))
            for key in _NUMERIC
        }
        text = {
            key: np.asarray([str(m.get(key, "")) for m in metas], dtype=object) for key in _TEXT
        }
        return cls(numeric=numeric, text=text, modalities=[_modalities(m) for m in metas])

    def __len__(self) -> int:
        """Number of rows."""
        return len(self.modalities)

    def mask(self, clauses: Iterable[Clause]) -> np.ndarray:
        """True for each row that passes every clause (the semantics of `chroma_where`)."""
        mask = np.ones(len(self), dtype=bool)
        for clause in clauses:
            mask &= self._clause_mask(clause)
        return mask

    def _clause_mask(self, clause: Clause) -> np.ndarray:
        if clause.op == "$contains_any":
            wanted = set(clause.value)
            return np.fromiter((bool(m & wanted) for m in self.modalities), bool, len(self))
        if clause.key in self.numeric:
            column = self.numeric[clause.key]
            present = column != MISSING
            if clause.op == "$lte":
                return present & (column <= clause.value)
            if clause.op == "$gte":
                return present & (column >= clause.value)
            return present & (column == clause.value)
        if clause.op != "$eq":
            raise ConfigError(f"filter {clause.op} is not defined on the text key {clause.key!r}")
        return self.text[clause.key] == clause.value


def _number(value: Any) -> int:
    return MISSING if value is None or value == "" else int(value)


def _modalities(meta: dict[str, Any]) -> frozenset[str]:
    mods = meta.get("modalities") or []
    return frozenset([mods] if isinstance(mods, str) else mods)
