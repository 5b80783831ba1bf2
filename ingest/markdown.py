"""Markdown to quotable text with markdown-it-py: no emphasis, link or heading marks.

Headings become the blocks' section path, paragraphs and code stay as their text, each list
item becomes one line behind a typographic `•` (or its number), and a table becomes one
`Header: value` block per row (like a CSV record), so every quote is plain text that the
document view shows verbatim.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from assistant.types import Block
from ingest.tables import table_row_blocks

BULLET = "•"
_LIST_OPEN = ("bullet_list_open", "ordered_list_open")
_LIST_CLOSE = ("bullet_list_close", "ordered_list_close")


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def inline_text(token: Token) -> str:
    """The plain text of an inline token: link text without its URL, image alt text, code."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


class _Sections:
    """Collects paragraphs under the current heading path and cuts them into Blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.path: list[tuple[int, str]] = []
        self.paragraphs: list[str] = []

    def heading(self, level: int, title: str) -> None:
        self.flush()
        self.path = [(lvl, h) for lvl, h in self.path if lvl < level] + [(level, title)]

    def add(self, text: str) -> None:
        if text.strip():
            self.paragraphs.append(text.strip())

    def record(self, text: str) -> None:
        """A block of its own (a table row): chunked, retrieved and quoted like a CSV record."""
        self.flush()
        section = " > ".join(h for _, h in self.path)
        self.blocks.append(Block(text=text, section=section))

    def flush(self) -> None:
        if self.paragraphs:
            section = " > ".join(h for _, h in self.path)
            self.blocks.append(Block(text="\n\n".join(self.paragraphs), section=section))
        self.paragraphs = []


def markdown_to_blocks(text: str) -> tuple[Block, ...]:
    """Blocks of plain text under their heading path ("Title > Section")."""
    tokens = _parser().parse(text)
    out = _Sections()
    lists: list[list[int]] = []  # per open list: [next number] (ordered) or [] (bullets)
    list_lines: list[str] = []
    marker = ""  # the marker of the list item whose first line comes next
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            out.heading(int(token.tag[1:]), inline_text(tokens[index + 1]))
            index += 3
            continue
        if kind == "table_open":
            end = _closing(tokens, index, "table_close")
            for row in _table_rows(tokens[index:end]):
                out.record(row)
            index = end + 1
            continue
        if kind in _LIST_OPEN:
            lists.append([int(token.attrs.get("start", 1) or 1)] if kind[0] == "o" else [])
        elif kind in _LIST_CLOSE:
            lists.pop()
            if not lists:
                out.add("\n".join(list_lines))
                list_lines = []
        elif kind == "list_item_open":
            marker = _item_marker(lists[-1], depth=len(lists))
        elif kind == "inline":
            line = inline_text(token)
            if lists:
                for text in (x for x in line.split("\n") if x.strip()):
                    list_lines.append(marker + text if marker else "  " * len(lists) + text)
                    marker = ""
            else:
                out.add(line)
        elif kind in ("fence", "code_block"):
            (list_lines.append if lists else out.add)(token.content.rstrip("\n"))
        elif kind == "html_block":
            out.add(_html_text(token.content))
        index += 1
    out.flush()
    return tuple(out.blocks)


def _item_marker(numbers: list[int], *, depth: int) -> str:
    """'• ' for a bullet item, '3. ' for an ordered one, indented two spaces per level.

    A typographic bullet, not Markdown's `-`/`*`: a list item reads as one, and a list item
    such as `• ロット数：3ロット` is not taken for a record's `Label: value` line."""
    indent = "  " * (depth - 1)
    if not numbers:
        return f"{indent}{BULLET} "
    numbers[0] += 1
    return f"{indent}{numbers[0] - 1}. "


def _closing(tokens: list[Token], start: int, kind: str) -> int:
    for index in range(start, len(tokens)):
        if tokens[index].type == kind:
            return index
    return len(tokens) - 1


def _table_rows(tokens: list[Token]) -> list[str]:
    header: list[str] = []
    rows: list[list[str]] = []
    cells: list[str] = []
    in_head = False
    for token in tokens:
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(" ".join(inline_text(token).split()))
        elif token.type == "tr_close":
            if in_head:
                header = cells
            else:
                rows.append(cells)
    return table_row_blocks(header, rows)


def _html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").get_text("\n").strip()


__all__ = ["inline_text", "markdown_to_blocks"]
