"""Loaders: one function per format, each turning a file into Documents (or an IngestError)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from assistant.errors import IngestError
from assistant.text import detect_lang
from assistant.types import DOC_TYPES, LANGS, Audience, Block, Document

IGNORE_FILE = ".ingestignore"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_FOLDER_TYPES = {
    "case-studies": "case_study",
    "case_studies": "case_study",
    "sites": "site_fact",
    "regulatory": "regulatory_record",
    "faq": "faq",
}
_DOC_FIELDS = {
    "id",
    "title",
    "text",
    "doc_type",
    "lang",
    "audience",
    "url",
    "site",
    "modalities",
    "date",
    "owner",
    "review_by",
}

Loader = Callable[[Path, str, Audience], list[Document]]


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
        yield path


def _ignore_patterns(root: Path) -> list[str]:
    ignore = root / IGNORE_FILE
    if not ignore.is_file():
        return []
    lines = ignore.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def load_file(path: Path, *, root: Path, default_audience: Audience) -> list[Document]:
    """All Documents of one file; raises IngestError naming the file and the reason."""
    source = path.relative_to(root).as_posix() if path != root else path.name
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
        docs = loader(path, source, default_audience)
    except IngestError as exc:
        raise IngestError(exc.reason, path=source) from exc
    return [_with_hash(doc, digest) for doc in docs]


def _with_hash(doc: Document, digest: str) -> Document:
    from dataclasses import replace

    return replace(doc, source_hash=digest)


def read_text(path: Path) -> str:
    """Decode a text file as UTF-8 (BOM allowed); other encodings come with the full loader."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc


def build_document(
    fields: dict[str, Any],
    *,
    text: str,
    source: str,
    default_audience: Audience,
    blocks: tuple[Block, ...] = (),
) -> Document:
    """Validate Document fields from front matter or a record; errors name field and values."""
    doc_id = str(fields.get("id") or str(PurePosixPath(source).with_suffix(""))).strip()
    title = str(fields.get("title") or PurePosixPath(source).stem).strip()
    lang = str(fields.get("lang") or detect_lang(title + "\n" + text)).strip()
    if lang not in LANGS:
        raise IngestError(f"field 'lang' is {lang!r}; allowed: {', '.join(LANGS)}")
    audience_value = str(fields.get("audience") or default_audience.value).strip().lower()
    try:
        audience = Audience(audience_value)
    except ValueError as exc:
        allowed = ", ".join(a.value for a in Audience)
        raise IngestError(f"field 'audience' is {audience_value!r}; allowed: {allowed}") from exc
    doc_type = str(fields.get("doc_type") or _folder_type(source)).strip()
    if doc_type not in DOC_TYPES:
        raise IngestError(f"field 'doc_type' is {doc_type!r}; allowed: {', '.join(DOC_TYPES)}")
    modalities = fields.get("modalities") or ()
    if isinstance(modalities, str):
        modalities = [m.strip() for m in re.split(r"[,;|]", modalities) if m.strip()]
    if not isinstance(modalities, list | tuple):
        raise IngestError(f"field 'modalities' is {modalities!r}; give a list of strings")
    return Document(
        id=doc_id,
        title=title,
        text=text,
        doc_type=doc_type,
        lang=lang,
        audience=audience,
        source=source,
        url=_optional(fields.get("url")),
        site=_optional(fields.get("site")),
        modalities=tuple(str(m).strip().lower() for m in modalities),
        date=_date(fields, "date"),
        owner=_optional(fields.get("owner")),
        review_by=_date(fields, "review_by"),
        blocks=blocks,
    )


def _optional(value: Any) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def _date(fields: dict[str, Any], name: str) -> str | None:
    value = fields.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError as exc:
        raise IngestError(f"field {name!r} is {text!r}; expected a date YYYY-MM-DD") from exc


def _folder_type(source: str) -> str:
    for part in PurePosixPath(source).parts[:-1]:
        if part.lower() in _FOLDER_TYPES:
            return _FOLDER_TYPES[part.lower()]
    return "other"


def markdown_blocks(text: str) -> tuple[Block, ...]:
    """Split Markdown into blocks under their heading path ("Title > Section")."""
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


def load_markdown(path: Path, source: str, default_audience: Audience) -> list[Document]:
    """Markdown or text, with optional YAML front matter holding the Document fields."""
    raw = read_text(path)
    fields: dict[str, Any] = {}
    match = _FRONT_MATTER.match(raw)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise IngestError(f"front matter is not valid YAML: {exc}") from exc
        if not isinstance(loaded, dict):
            raise IngestError("front matter must be a mapping of Document fields")
        fields = loaded
        raw = raw[match.end() :]
    blocks = markdown_blocks(raw)
    if not blocks:
        raise IngestError("no text after the front matter")
    text = "\n\n".join(b.text for b in blocks)
    return [
        build_document(
            fields, text=text, source=source, default_audience=default_audience, blocks=blocks
        )
    ]


def load_jsonl(path: Path, source: str, default_audience: Audience) -> list[Document]:
    """One Document per JSON line: `id`, `title`, `text`, `lang` plus any Document field."""
    docs = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestError(f"line {number} is not valid JSON: {exc.msg}") from exc
        if not isinstance(record, dict):
            raise IngestError(f"line {number} is not a JSON object")
        docs.append(
            record_document(
                record,
                source=f"{source}",
                default_audience=default_audience,
                where=f"line {number}",
            )
        )
    return docs


def record_document(
    record: dict[str, Any], *, source: str, default_audience: Audience, where: str
) -> Document:
    """A structured record as a Document; fields that are not Document fields stay in the text."""
    if not record.get("id"):
        raise IngestError(f"{where}: the record has no 'id'")
    extra = {k: v for k, v in record.items() if k not in _DOC_FIELDS and v not in (None, "")}
    body = str(record.get("text") or "").strip()
    rendered = "\n".join(f"{_label(k)}: {_value(v)}" for k, v in extra.items())
    text = "\n".join(part for part in (body, rendered) if part)
    if not text:
        raise IngestError(f"{where}: record {record['id']!r} has no text")
    try:
        return build_document(record, text=text, source=source, default_audience=default_audience)
    except IngestError as exc:
        raise IngestError(f"{where}: {exc.reason}") from exc


def _label(key: str) -> str:
    return key.replace("_", " ").strip().capitalize() if key.isascii() else key


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_label(str(k))}: {_value(v)}" for k, v in value.items())
    return str(value)


LOADERS: dict[str, Loader] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_markdown,
    ".jsonl": load_jsonl,
}
