"""Document fields: validation into a Document (errors name the field and the allowed values),
text decoding, and the small parsers that binary formats' metadata needs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from assistant.errors import IngestError
from assistant.text import detect_lang
from assistant.types import DOC_TYPES, LANGS, Audience, Block, Document
from ingest.encoding import decode_bytes

_FOLDER_TYPES = {
    "case-studies": "case_study",
    "case_studies": "case_study",
    "sites": "site_fact",
    "regulatory": "regulatory_record",
    "faq": "faq",
}
# Spellings of field names seen in HTML meta tags and Office/PDF properties.
_ALIASES = {
    "doc-id": "id",
    "doc_id": "id",
    "identifier": "id",
    "doc-type": "doc_type",
    "doctype": "doc_type",
    "review-by": "review_by",
    "reviewby": "review_by",
    "language": "lang",
}
_PAIR = re.compile(r"^\s*([A-Za-z][\w-]*)\s*[=:]\s*(.+?)\s*$")


def read_text(path: Path) -> str:
    """Decode a text file: UTF-8 (BOM or not), UTF-16 (BOM), Shift_JIS/CP932 and the like."""
    return decode_bytes(path.read_bytes())


def parse_yaml(text: str) -> Any:
    """yaml.safe_load, with libyaml's C parser when installed (several times faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def field_name(name: str) -> str:
    """The Document field a metadata key means ('doc-id' -> 'id'), lower-cased."""
    key = name.strip().lower()
    return _ALIASES.get(key, key.replace("-", "_"))


def key_value_pairs(text: str | None) -> dict[str, str]:
    """'id=x; lang=en; audience=public' -> fields (PDF Subject, DOCX keywords); others ignored."""
    out: dict[str, str] = {}
    for part in re.split(r"[;\n]", text or ""):
        match = _PAIR.match(part)
        if match and "=" in part:
            out[field_name(match.group(1))] = match.group(2)
    return out


def lang_code(value: str | None) -> str | None:
    """'ja-JP' -> 'ja', 'en_US' -> 'en'; other values pass through for validation."""
    if not value:
        return None
    return re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]


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
