"""Structured records (CSV/TSV, YAML, JSON, JSONL): one Document per record, rendered as
readable "Label: value" lines (Japanese labels for Japanese records) so it can be quoted."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from assistant.errors import IngestError
from assistant.text import detect_lang
from assistant.types import Document
from ingest.defaults import FileDefaults
from ingest.fields import KNOWN_FIELDS, build_document, field_name, parse_yaml, read_text

# Keys that are Document fields: they become metadata, not text ("text" is the body).
DOC_FIELDS = KNOWN_FIELDS
_ACRONYMS = {
    "adc": "ADC",
    "aoc": "AOC",
    "api": "API",
    "capa": "CAPA",
    "cdmo": "CDMO",
    "fda": "FDA",
    "gmp": "GMP",
    "hpapi": "HPAPI",
    "id": "ID",
    "l": "(L)",
    "oeb": "OEB",
    "pmda": "PMDA",
    "ppq": "PPQ",
    "qa": "QA",
    "qc": "QC",
    "tt": "TT",
    "url": "URL",
}
JA_LABELS = {
    "staff": "従業員数",
    "employees": "従業員数",
    "headcount": "人員",
    "site": "拠点",
    "location": "所在地",
    "address": "所在地",
    "date": "日付",
    "opened": "開設",
    "role": "役割",
    "modalities": "モダリティ",
    "bioreactors": "バイオリアクター",
    "bioreactor_capacity_l": "バイオリアクター容量（L）",
    "capacity": "生産能力",
    "containment": "封じ込め",
    "manufactured": "製造実績",
    "products": "製品",
    "ppq_campaigns": "PPQキャンペーン数",
    "agency": "規制当局",
    "inspection_type": "査察の種類",
    "outcome": "結果",
    "observations": "指摘事項数",
    "capa_status": "CAPAの状況",
    "capa_closed": "CAPA完了日",
    "notes": "備考",
    "note": "備考",
    "period": "期間",
    "scale": "スケール",
    "start": "開始",
    "completed": "完了",
    "duration_months": "期間（月）",
    "owner": "担当",
    "question": "質問",
    "answer": "回答",
    "from_site": "移管元",
    "to_site": "移管先",
}


def load_records(
    records: Iterable[tuple[str, Any]], *, source: str, defaults: FileDefaults
) -> list[Document]:
    """Documents from (where, record) pairs; ids must be unique within the file."""
    docs: list[Document] = []
    seen: dict[str, str] = {}
    for number, (where, record) in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise IngestError(f"{where} is not a mapping of fields (got {type(record).__name__})")
        doc = record_document(record, source=source, defaults=defaults, where=where, number=number)
        if doc.id in seen:
            raise IngestError(f"{where}: id {doc.id!r} is already used by {seen[doc.id]}")
        seen[doc.id] = where
        docs.append(doc)
    if not docs:
        raise IngestError("no records in the file")
    return docs


def record_document(
    record: dict[str, Any],
    *,
    source: str,
    defaults: FileDefaults,
    where: str,
    number: int = 1,
) -> Document:
    """A structured record as a Document; fields that are not Document fields stay in the text.

    A record without `id` gets `<source without extension>/<number>`."""
    fields = {str(k).strip(): v for k, v in record.items()}
    if not fields.get("id"):
        fields["id"] = f"{PurePosixPath(source).with_suffix('')}/{number}"
    extra = {k: v for k, v in fields.items() if field_name(k) not in DOC_FIELDS and not _empty(v)}
    body = str(fields.get("text") or "").strip()
    probe = " ".join([str(fields.get("title") or ""), body, *(_value(v) for v in extra.values())])
    lang = str(fields.get("lang") or detect_lang(probe)).strip()
    rendered = "\n".join(f"{label(k, lang=lang)}: {_value(v, lang=lang)}" for k, v in extra.items())
    text = "\n".join(part for part in (body, rendered) if part)
    if not text:
        raise IngestError(f"{where}: record {fields['id']!r} has no text and no other fields")
    try:
        return build_document(
            {**fields, "lang": lang},
            text=text,
            source=source,
            defaults=defaults,
            keep_extra=False,  # the record's other columns are its text already
        )
    except IngestError as exc:
        raise IngestError(f"{where}: {exc.reason}") from exc


def label(key: str, *, lang: str) -> str:
    """A readable label for a record key: Japanese for Japanese records, else humanized."""
    if not key.isascii():
        return key
    if lang == "ja" and key.lower() in JA_LABELS:
        return JA_LABELS[key.lower()]
    words = [w for w in key.replace("-", "_").split("_") if w]
    out = [_ACRONYMS.get(w.lower(), w) for w in words]
    if out and out[0] == words[0]:
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _value(value: Any, *, lang: str = "en") -> str:
    sep = "、" if lang == "ja" else ", "
    if isinstance(value, list | tuple):
        return sep.join(_value(v, lang=lang) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{label(str(k), lang=lang)}: {_value(v, lang=lang)}" for k, v in value.items()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return ("はい" if value else "いいえ") if lang == "ja" else ("yes" if value else "no")
    return str(value).strip()


# -- formats -------------------------------------------------------------------------------


def load_csv(path: Path, source: str, defaults: FileDefaults) -> list[Document]:
    """CSV (or TSV by extension) with a header row; one Document per row."""
    text = read_text(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames or not any(f and f.strip() for f in reader.fieldnames):
        raise IngestError("the first row must name the columns (id, title, …)")
    rows = []
    for row in reader:
        if None in row:
            raise IngestError(
                f"row {reader.line_num} has more cells than the header has columns "
                f"({len(reader.fieldnames)}); quote values that contain {delimiter!r}"
            )
        if any((v or "").strip() for v in row.values()):
            rows.append((f"row {reader.line_num}", {k: (v or "").strip() for k, v in row.items()}))
    return load_records(rows, source=source, defaults=defaults)


def load_yaml(path: Path, source: str, defaults: FileDefaults) -> list[Document]:
    """A YAML list of mappings, or a mapping with a `records:` list."""
    try:
        data = parse_yaml(read_text(path))
    except yaml.YAMLError as exc:
        raise IngestError(f"not valid YAML: {exc}") from exc
    items = _items(data, kind="YAML")
    return load_records(
        ((f"item {n}", item) for n, item in enumerate(items, start=1)),
        source=source,
        defaults=defaults,
    )


def load_json(path: Path, source: str, defaults: FileDefaults) -> list[Document]:
    """A JSON list of objects, or an object with a `records` list."""
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise IngestError(f"not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    items = _items(data, kind="JSON")
    return load_records(
        ((f"item {n}", item) for n, item in enumerate(items, start=1)),
        source=source,
        defaults=defaults,
    )


def load_jsonl(path: Path, source: str, defaults: FileDefaults) -> list[Document]:
    """One Document per JSON line: `id`, `title`, `text`, `lang` plus any other field."""
    records = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((f"line {number}", json.loads(line)))
        except json.JSONDecodeError as exc:
            raise IngestError(f"line {number} is not valid JSON: {exc.msg}") from exc
    return load_records(records, source=source, defaults=defaults)


def _items(data: Any, *, kind: str) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        return list(data["records"])
    keys = ", ".join(map(str, list(data)[:5])) if isinstance(data, dict) else type(data).__name__
    raise IngestError(
        f"expected a {kind} list of records or a mapping with a 'records' list, got {keys!r}; "
        "list the file in .ingestignore if it is not corpus content"
    )
