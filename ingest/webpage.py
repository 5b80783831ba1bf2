"""HTML pages (BeautifulSoup): the main text under its heading path, without scripts, styles,
navigation, headers, footers or asides; <title> and <meta> tags give the Document fields."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from assistant.errors import IngestError
from assistant.types import Block, Document
from ingest.defaults import FileDefaults
from ingest.fields import build_document, field_name, lang_code, read_text

_DROP = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"]
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {
    "p",
    "li",
    "pre",
    "blockquote",
    "dd",
    "dt",
    "figcaption",
    "caption",
    "address",
    "table",
    "tr",
    "div",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "dl",
    *(_HEADINGS),
}
_FIELDS = {
    "id",
    "lang",
    "audience",
    "site",
    "doc_type",
    "modalities",
    "date",
    "owner",
    "review_by",
    "url",
    "title",
}
_SPACE = re.compile(r"\s+")


def load_html(path: Path, source: str, defaults: FileDefaults) -> list[Document]:
    """One Document per page; headings become sections, tables readable rows."""
    soup = BeautifulSoup(read_text(path), "html.parser")
    fields = page_fields(soup)
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(class_=re.compile(r"cookie|consent", re.I)):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    blocks = tuple(walker.blocks)
    if not blocks:
        raise IngestError("the page has no text outside scripts and navigation")
    text = "\n\n".join(b.text for b in blocks)
    return [build_document(fields, text=text, source=source, defaults=defaults, blocks=blocks)]


def page_fields(soup: BeautifulSoup) -> dict[str, Any]:
    """Document fields from <title>, <html lang>, <link rel=canonical> and <meta name=…>."""
    fields: dict[str, Any] = {}
    if soup.title and soup.title.string:
        fields["title"] = _clean(soup.title.string)
    html = soup.find("html")
    if isinstance(html, Tag) and html.get("lang"):
        fields["lang"] = lang_code(str(html["lang"]))
    canonical = soup.find("link", rel="canonical")
    if isinstance(canonical, Tag) and canonical.get("href"):
        fields["url"] = str(canonical["href"])
    for meta in soup.find_all("meta"):
        name = meta.get("name") or meta.get("property") or meta.get("http-equiv")
        content = meta.get("content")
        if not name or content is None:
            continue
        key = field_name(str(name).removeprefix("og:").removeprefix("dc."))
        if key in _FIELDS:
            value = str(content).strip()
            fields[key] = lang_code(value) if key == "lang" else value
    return fields


class _Walker:
    """Collects paragraphs in document order, tracking the heading path."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._path: list[tuple[int, str]] = []
        self._paragraphs: list[str] = []
        self._inline: list[str] = []

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a Comment, CData, Doctype…
                    self._inline.append(str(child))
            elif isinstance(child, Tag):
                self._element(child)

    def _element(self, tag: Tag) -> None:
        name = tag.name.lower()
        if name in _HEADINGS:
            self.flush()
            level = _HEADINGS[name]
            heading = _clean(tag.get_text())
            if heading:
                self._path = [(lvl, h) for lvl, h in self._path if lvl < level] + [(level, heading)]
        elif name == "table":
            self._end_inline()
            self._paragraphs.extend(table_rows(tag))
        elif name == "br":
            self._end_inline()
        elif name in _BLOCKS:
            self._end_inline()
            if tag.find(list(_BLOCKS)) is None:
                self._add(tag.get_text())
            else:
                self.walk(tag)
            self._end_inline()
        elif tag.find(list(_BLOCKS)) is not None:
            self.walk(tag)
        else:
            self._inline.append(tag.get_text())

    def _add(self, text: str) -> None:
        cleaned = _clean(text)
        if cleaned:
            self._paragraphs.append(cleaned)

    def _end_inline(self) -> None:
        if self._inline:
            self._add("".join(self._inline))
            self._inline = []

    def flush(self) -> None:
        """Close the current section into a Block."""
        self._end_inline()
        if self._paragraphs:
            section = " > ".join(h for _, h in self._path)
            self.blocks.append(Block(text="\n\n".join(self._paragraphs), section=section))
        self._paragraphs = []


def table_rows(table: Tag) -> list[str]:
    """Rows as 'Header: value / Header: value' when the first row is a header, else 'a | b'."""
    rows = []
    for tr in table.find_all("tr"):
        cells = [_clean(c.get_text(" ")) for c in tr.find_all(["th", "td"])]
        rows.append((cells, bool(tr.find("th")) and not tr.find("td")))
    if not rows:
        return []
    header, is_header = rows[0]
    if is_header and len(rows) > 1:
        return [_row_text(header, cells) for cells, _ in rows[1:] if any(cells)]
    return [" | ".join(c for c in cells if c) for cells, _ in rows if any(cells)]


def _row_text(header: list[str], cells: list[str]) -> str:
    parts = []
    for i, cell in enumerate(cells):
        if not cell:
            continue
        name = header[i] if i < len(header) and header[i] else ""
        parts.append(f"{name}: {cell}" if name else cell)
    return " / ".join(parts)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
