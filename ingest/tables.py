"""Tables as record-like text: one block of `Header: value` lines per row (Markdown, DOCX)."""

from __future__ import annotations

from collections.abc import Sequence


def table_row_blocks(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Each body row as `Header: value` lines (empty cells left out), one string per row.

    A cell beyond the header, or under an empty header, is kept as its bare value; a table
    without body rows yields its header cells joined by ' | '."""
    if not rows:
        return [" | ".join(h for h in header if h)] if any(header) else []
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
