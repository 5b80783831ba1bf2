"""Tables as record-like text: one block of `Header: value` lines per row (Markdown, DOCX).

A two-column key/value table (| 項目 | 内容 |, | Item | Details |: both header cells generic
words, listed in assistant/data/tables.yaml) is one record instead: one `key: value` line per
row ("創業: 1987年4月").
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources

import yaml

from assistant.text import fold


@functools.cache
def key_value_headers() -> frozenset[str]:
    """The folded header words that mark a two-column key/value table."""
    text = resources.files("assistant").joinpath("data/tables.yaml").read_text(encoding="utf-8")
    return frozenset(fold(str(word)) for word in yaml.safe_load(text)["key_value_headers"])


def is_key_value(header: Sequence[str]) -> bool:
    """True for a two-column table whose header cells are both generic key/value words."""
    cells = [fold(h).strip() for h in header]
    return len(cells) == 2 and all(c in key_value_headers() for c in cells)


def table_row_blocks(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Each body row as `Header: value` lines (empty cells left out), one string per row; a
    key/value table as one string of `key: value` lines.

    A cell beyond the header, or under an empty header, is kept as its bare value; a table
    without body rows yields its header cells joined by ' | '."""
    if not rows:
        return [" | ".join(h for h in header if h)] if any(header) else []
    if is_key_value(header):
        fields = [f"{cells[0]}: {cells[1]}" for cells in rows if len(cells) >= 2 and all(cells[:2])]
        if len(fields) == len(rows):
            return ["\n".join(fields)]
    out = []
    for cells in rows:
        lines = [
            f"{header[i]}: {cell}" if i < len(header) and header[i] else cell
            for i, cell in enumerate(cells)
            if cell
        ]
        if lines:
            out.append("\n".join(lines))
    return out


__all__ = ["table_row_blocks"]
