"""PDF (pypdf) and Word (python-docx) files. PDF text is kept per page so every chunk knows
its page; DOCX headings become sections and tables readable rows."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from assistant.errors import IngestError
from assistant.types import Block, Document
from ingest.defaults import FileDefaults
from ingest.fields import build_document, field_name, key_value_pairs, lang_code
from ingest.tables import table_row_blocks

_CJK = r"\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
_CJK_JOIN = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")


# -- PDF -----------------------------------------------------------------------------------


def load_pdf(path: Path, source: str, defaults: FileDefaults) -> list[Document]:
    """One Document with a Block per page (page numbers start at 1)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(
                "the PDF is encrypted with a password; save an unprotected copy to ingest it"
            )
        info: Any = reader.metadata or {}
        pages = [page.extract_text() or "" for page in reader.pages]
    except (FileNotDecryptedError, DependencyError) as exc:
        raise IngestError(
            f"the PDF is encrypted and cannot be read ({exc}); save an unprotected copy"
        ) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise IngestError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    blocks = tuple(
        Block(text=reflow(text), page=number)
        for number, text in enumerate(pages, start=1)
        if text.strip()
    )
    if not blocks:
        raise IngestError(
            f"no extractable text on any of its {len(pages)} pages (a scanned image?); "
            "run OCR on it first"
        )
    fields = pdf_fields(info)
    text = "\n\n".join(b.text for b in blocks)
    return [build_document(fields, text=text, source=source, defaults=defaults, blocks=blocks)]


def pdf_fields(info: Any) -> dict[str, Any]:
    """Title, and 'key=value; …' pairs from Subject and Keywords, as Document fields."""
    fields: dict[str, Any] = {}
    for key in ("/Keywords", "/Subject"):
        fields.update(key_value_pairs(str(info.get(key) or "")))
    title = str(info.get("/Title") or "").strip()
    if title:
        fields["title"] = title
    if "lang" in fields:
        fields["lang"] = lang_code(fields["lang"])
    return fields


def reflow(text: str) -> str:
    """Join lines that a PDF wrapped inside a sentence; keep breaks after sentences and headings."""
    text = _CJK_JOIN.sub("", text.strip())
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if out and out[-1] and _continues(out[-1], stripped):
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(stripped)
    return "\n".join(out)


def _continues(previous: str, line: str) -> bool:
    """True when `line` carries on the sentence `previous` started (a soft wrap)."""
    if not line or previous.endswith((".", "。", "!", "?", "！", "？", ":", "：")):
        return False
    # A short capitalised line after a finished one is a heading; a wrapped line usually
    # starts in lower case, with a digit, or follows a long line.
    return line[0].islower() or line[0].isdigit() or len(previous) > 60


# -- DOCX ----------------------------------------------------------------------------------


def load_docx(path: Path, source: str, defaults: FileDefaults) -> list[Document]:
    """Paragraphs under their Heading path; tables as 'Header: value / …' rows."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        fields = docx_fields(document.core_properties)
        blocks = _docx_blocks(document)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(f"not a readable .docx file ({type(exc).__name__}: {exc})") from exc
    if not blocks:
        raise IngestError("the document has no text")
    text = "\n\n".join(b.text for b in blocks)
    return [build_document(fields, text=text, source=source, defaults=defaults, blocks=blocks)]


def docx_fields(props: Any) -> dict[str, Any]:
    """Core properties: title, identifier (the id), language, and key=value pairs."""
    fields: dict[str, Any] = {}
    fields.update(key_value_pairs(props.keywords))
    fields.update(key_value_pairs(props.subject))
    if props.identifier and props.identifier.strip():
        fields[field_name("identifier")] = props.identifier.strip()
    if props.title and props.title.strip():
        fields["title"] = props.title.strip()
    if props.language and "lang" not in fields:
        fields["lang"] = props.language
    if "lang" in fields:
        fields["lang"] = lang_code(fields["lang"])
    return fields


def _docx_blocks(document: Any) -> tuple[Block, ...]:
    from docx.table import Table

    blocks: list[Block] = []
    path: list[tuple[int, str]] = []
    paragraphs: list[str] = []

    def flush() -> None:
        if paragraphs:
            section = " > ".join(h for _, h in path)
            blocks.append(Block(text="\n\n".join(paragraphs), section=section))
        paragraphs.clear()

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            paragraphs.extend(docx_table_rows(item))
            continue
        text = item.text.strip()
        if not text:
            continue
        level = _heading_level(item.style.name if item.style is not None else "")
        if level:
            flush()
            path = [(lvl, h) for lvl, h in path if lvl < level] + [(level, text)]
        else:
            paragraphs.append(text)
    flush()
    return tuple(blocks)


def _heading_level(style: str) -> int:
    if style == "Title":
        return 1
    match = re.fullmatch(r"Heading (\d)", style)
    return int(match.group(1)) if match else 0


def docx_table_rows(table: Any) -> list[str]:
    """Rows of a Word table as `Header: value` lines, one block per row (first row: header)."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            if not cells or value != cells[-1]:  # merged cells repeat their text
                cells.append(value)
        rows.append(cells)
    if not rows:
        return []
    return table_row_blocks(rows[0], rows[1:])
