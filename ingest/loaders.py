"""Loaders: one function per format, each turning a file into Documents (or an IngestError)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from assistant.errors import ConfigError, IngestError
from assistant.types import Audience, Block, Document
from ingest.defaults import CONFIG_FILES, DEFAULTS_FILE, FileDefaults, FolderDefaults
from ingest.fields import build_document, parse_yaml, read_text
from ingest.markdown import markdown_to_blocks
from ingest.office import load_docx, load_pdf
from ingest.records import load_csv, load_json, load_jsonl, load_yaml
from ingest.webpage import load_html

IGNORE_FILE = ".ingestignore"
# Bumped when loaders turn the same file into different Documents (re-reads every file):
# 2 = Markdown as plain text with tables as rows, partial dates, folder defaults, extra fields.
LOADERS_VERSION = "2"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
Loader = Callable[[Path, str, FileDefaults], list[Document]]


def discover(root: Path) -> Iterator[Path]:
    """Files under `root` in a stable order, minus hidden files and `.ingestignore` patterns."""
    if root.is_file():
        yield root
        return
    patterns = _ignore_patterns(root)
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in PurePosixPath(rel).parts):
            continue
        if any(fnmatch(rel, pat) or fnmatch(path.name, pat) for pat in patterns):
            continue
        if path.name == DEFAULTS_FILE or (path.parent == root and path.name in CONFIG_FILES):
            continue  # folder defaults and the doc-type map configure the corpus
        yield path


def _ignore_patterns(root: Path) -> list[str]:
    ignore = root / IGNORE_FILE
    if not ignore.is_file():
        return []
    lines = ignore.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def load_file(
    path: Path,
    *,
    root: Path,
    default_audience: Audience = Audience.INTERNAL,
    defaults: FileDefaults | None = None,
) -> list[Document]:
    """All Documents of one file; raises IngestError naming the file and the reason.

    `defaults` (folder defaults, doc-type map) are read from `root` when not given."""
    source = path.relative_to(root).as_posix() if path != root else path.name
    if defaults is None:
        try:
            defaults = FolderDefaults(root, default_audience=default_audience).for_file(path)
        except (ConfigError, IngestError) as exc:
            raise IngestError(str(exc), path=source) from exc
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise IngestError(
            f"unsupported file type {path.suffix or '(none)'!r}: supported are "
            f"{', '.join(sorted(LOADERS))} (list other files in {IGNORE_FILE} to skip them)",
            path=source,
        )
    data = path.read_bytes()
    if not data.strip():
        raise IngestError("the file is empty", path=source)
    digest = hashlib.sha256(data).hexdigest()
    try:
        docs = loader(path, source, defaults)
    except IngestError as exc:
        raise IngestError(exc.reason, path=source) from exc
    return [_with_hash(doc, digest) for doc in docs]


def _with_hash(doc: Document, digest: str) -> Document:
    from dataclasses import replace

    return replace(doc, source_hash=digest)


def markdown_blocks(text: str) -> tuple[Block, ...]:
    """Split plain text into blocks under `#` heading lines ("Title > Section"); the text
    itself is kept as written (.txt files; Markdown goes through ingest/markdown.py)."""
    blocks: list[Block] = []
    path: list[tuple[int, str]] = []
    lines: list[str] = []

    def flush() -> None:
        body = "\n".join(lines).strip()
        if body:
            blocks.append(Block(text=body, section=" > ".join(h for _, h in path)))
        lines.clear()

    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            flush()
            level = len(match.group(1))
            path = [(lvl, h) for lvl, h in path if lvl < level] + [(level, match.group(2).strip())]
        else:
            lines.append(line)
    flush()
    return tuple(blocks)


def load_markdown(path: Path, source: str, defaults: FileDefaults) -> list[Document]:
    """Markdown or text, with optional YAML front matter holding the Document fields; unknown
    front-matter keys are kept in the Document's `extra`."""
    raw = read_text(path)
    fields: dict[str, Any] = {}
    match = _FRONT_MATTER.match(raw)
    if match:
        try:
            loaded = parse_yaml(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise IngestError(f"front matter is not valid YAML: {exc}") from exc
        if not isinstance(loaded, dict):
            raise IngestError("front matter must be a mapping of Document fields")
        fields = loaded
        raw = raw[match.end() :]
    markdown = path.suffix.lower() in (".md", ".markdown")
    blocks = markdown_to_blocks(raw) if markdown else markdown_blocks(raw)
    if not blocks:
        raise IngestError("no text after the front matter")
    text = "\n\n".join(b.text for b in blocks)
    return [build_document(fields, text=text, source=source, defaults=defaults, blocks=blocks)]


LOADERS: dict[str, Loader] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_markdown,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".csv": load_csv,
    ".tsv": load_csv,
    ".yaml": load_yaml,
    ".yml": load_yaml,
    ".json": load_json,
    ".jsonl": load_jsonl,
}

__all__ = [
    "LOADERS",
    "LOADERS_VERSION",
    "build_document",
    "discover",
    "load_file",
    "markdown_blocks",
    "read_text",
]
