"""Document fields: validation into a Document (errors name the field and the allowed values),
text decoding, and the small parsers that binary formats' metadata needs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from assistant.errors import ConfigError, DateFormatError, IngestError
from assistant.text import detect_lang
from assistant.text.dates import PartialDate, parse_date
from assistant.types import LANGS, Audience, Block, Document
from ingest.defaults import FileDefaults
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


# Keys that are Document fields; any other key of front matter or metadata is kept in `extra`.
KNOWN_FIELDS = frozenset(
    {
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
)
_URL_SCHEMES = ("http", "https")
_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\x7f\\]")


def build_document(
    fields: dict[str, Any],
    *,
    text: str,
    source: str,
    defaults: FileDefaults,
    blocks: tuple[Block, ...] = (),
    keep_extra: bool = True,
) -> Document:
    """Validate Document fields from front matter or a record; errors name field and values.

    Folder defaults fill what `fields` leave out; keys that are not Document fields are kept
    in `extra` (with `keep_extra` False only those from folder defaults: a record's own
    columns are its text already)."""
    own = {field_name(str(k)): v for k, v in fields.items()}
    merged = {**defaults.fields, **{k: v for k, v in own.items() if v not in (None, "")}}
    doc_id = str(merged.get("id") or str(PurePosixPath(source).with_suffix(""))).strip()
    if "id" not in own and "id" in defaults.fields:
        doc_id = str(PurePosixPath(source).with_suffix(""))  # a folder cannot share one id
    title = str(merged.get("title") or PurePosixPath(source).stem).strip()
    lang = str(merged.get("lang") or detect_lang(title + "\n" + text)).strip()
    if lang not in LANGS:
        raise IngestError(f"field 'lang' is {lang!r}; allowed: {', '.join(LANGS)}")
    audience_value = str(merged.get("audience") or defaults.audience.value).strip().lower()
    try:
        audience = Audience(audience_value)
    except ValueError as exc:
        allowed = ", ".join(a.value for a in Audience)
        raise IngestError(f"field 'audience' is {audience_value!r}; allowed: {allowed}") from exc
    try:
        doc_type = defaults.doc_types.apply(merged.get("doc_type") or _folder_type(source))
    except ConfigError as exc:
        raise IngestError(f"field 'doc_type': {exc}") from exc
    modalities = merged.get("modalities") or ()
    if isinstance(modalities, str):
        modalities = [m.strip() for m in re.split(r"[,;|、]", modalities) if m.strip()]
    if not isinstance(modalities, list | tuple):
        raise IngestError(f"field 'modalities' is {modalities!r}; give a list of strings")
    date = _date(merged, "date")
    review_by = _date(merged, "review_by")
    extra = {
        k: _extra_value(v)
        for k, v in merged.items()
        if (keep_extra or k not in own)  # a record's own columns are its text already
        and k not in KNOWN_FIELDS
        and v not in (None, "", [], {})
    }
    return Document(
        id=doc_id,
        title=title,
        text=text,
        doc_type=doc_type,
        lang=lang,
        audience=audience,
        source=source,
        url=_url(merged.get("url")),
        site=_optional(merged.get("site")),
        modalities=tuple(str(m).strip().lower() for m in modalities),
        date=date.normalized if date else None,
        date_precision=date.precision if date else None,
        owner=_optional(merged.get("owner")),
        review_by=review_by.normalized if review_by else None,
        blocks=blocks,
        extra=extra,
        audience_defaulted=not merged.get("audience"),
    )


def _optional(value: Any) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def _url(value: Any) -> str | None:
    """An http(s) URL or a relative path; any other scheme (javascript:, data:) is refused."""
    url = _optional(value)
    if url is None:
        return None
    parts = urlsplit(url)
    if _UNSAFE_URL_CHARS.search(url) or (
        parts.scheme.lower() not in _URL_SCHEMES if parts.scheme else bool(parts.netloc)
    ):
        raise IngestError(
            f"field 'url' is {url[:80]!r}; allowed: an http:// or https:// address, or a "
            "relative path (no spaces, no other scheme) — fix or remove the url"
        )
    if parts.scheme and not parts.netloc:
        raise IngestError(f"field 'url' is {url[:80]!r}; an http(s) address needs a host")
    return url


def _extra_value(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_extra_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_extra_value(v)}" for k, v in value.items())
    return str(value).strip()


def _date(fields: dict[str, Any], name: str) -> PartialDate | None:
    value = fields.get(name)
    if value in (None, ""):
        return None
    try:
        return parse_date(value)
    except DateFormatError as exc:
        raise IngestError(f"field {name!r} is {str(value)!r}; {exc}") from exc


def _folder_type(source: str) -> str:
    for part in PurePosixPath(source).parts[:-1]:
        if part.lower() in _FOLDER_TYPES:
            return _FOLDER_TYPES[part.lower()]
    return "other"
