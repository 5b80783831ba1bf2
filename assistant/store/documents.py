"""Reading whole documents and corpus facets back out of the store, under an audience ceiling.

Chroma holds chunks only; a document's text is rebuilt from its chunks in position order,
dropping the sentences that consecutive chunks of one block share (the chunk overlap).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import DocumentNotFound
from assistant.store.chroma import ChromaStore
from assistant.store.filters import chroma_where
from assistant.text import sentence_spans
from assistant.text.labels import label_names
from assistant.types import Audience, Chunk

_MAX_OVERLAP_SENTENCES = 5


@dataclass(frozen=True)
class DocumentView:
    """A document as a reader at some ceiling may see it: metadata and rebuilt text."""

    doc_id: str
    title: str
    text: str
    source: str
    url: str | None
    site: str | None
    date: str | None
    lang: str
    doc_type: str
    audience: str
    modalities: list[str] = field(default_factory=list)
    date_precision: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    blocks: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Facets:
    """The filter values a reader at some ceiling can choose from."""

    sites: list[str]
    modalities: list[str]
    doc_types: list[str]
    langs: list[str]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)


def read_document(store: ChromaStore, doc_id: str, *, audience: Audience) -> DocumentView:
    """The document `doc_id` if a reader at `audience` may see it; DocumentNotFound otherwise.

    A document above the ceiling and a missing one raise the same error, so a caller cannot
    learn that a confidential id exists.
    """
    where = {"$and": [chroma_where(audience), {"doc_id": doc_id}]}
    chunks = sorted((chunk for chunk, _ in store.iter_chunks(where=where)), key=_order)
    if not chunks:
        raise DocumentNotFound(
            f"no document {doc_id!r} is available to you; check the id in the citation"
        )
    meta = chunks[0].metadata
    modalities = meta.get("modalities") or []
    shown = [str(m) for m in modalities] if isinstance(modalities, list) else []
    doc_type = str(meta.get("doc_type", "other"))
    site = _opt(meta.get("site"))
    return DocumentView(
        doc_id=doc_id,
        title=str(meta.get("title", "")),
        text=rebuild_text(chunks),
        source=str(meta.get("source", "")),
        url=_opt(meta.get("url")),
        site=site,
        date=_opt(meta.get("date")),
        lang=chunks[0].lang,
        doc_type=doc_type,
        audience=str(meta.get("audience", Audience.INTERNAL.value)),
        modalities=shown,
        date_precision=_opt(meta.get("date_precision")),
        extra=_extra(meta.get("extra")),
        labels=label_names([doc_type, *shown, *([site] if site else [])]),
        blocks=rebuild_blocks(chunks),
    )


def corpus_facets(store: ChromaStore, *, audience: Audience) -> Facets:
    """Sites, modalities, document types and languages of the chunks `audience` may see."""
    sites: set[str] = set()
    modalities: set[str] = set()
    doc_types: set[str] = set()
    langs: set[str] = set()
    for meta in store.iter_metadata(where=chroma_where(audience)):
        if meta.get("site"):
            sites.add(str(meta["site"]))
        values = meta.get("modalities") or []
        modalities.update(str(m) for m in (values if isinstance(values, list) else [values]))
        if meta.get("doc_type"):
            doc_types.add(str(meta["doc_type"]))
        if meta.get("lang"):
            langs.add(str(meta["lang"]))
    return Facets(
        sites=sorted(sites),
        modalities=sorted(modalities),
        doc_types=sorted(doc_types),
        langs=sorted(langs),
        labels=label_names(sorted(sites | modalities | doc_types)),
    )


def rebuild_text(chunks: list[Chunk]) -> str:
    """Join chunks (in position order) into the document's text, without repeated overlap."""
    parts: list[str] = []
    previous: Chunk | None = None
    for chunk in chunks:
        same_block = previous is not None and (chunk.section, chunk.page) == (
            previous.section,
            previous.page,
        )
        if previous is None or not same_block:
            heading = chunk.section.split(" > ")[-1].strip() if chunk.section else ""
            if parts:
                parts.append("\n\n")
            if heading and (previous is None or chunk.section != previous.section):
                parts.append(heading + "\n\n")
            parts.append(chunk.text)
        else:
            assert previous is not None
            shared = overlap_length(previous.text, chunk.text)
            parts.append(chunk.text[shared:] if shared else "\n\n" + chunk.text)
        previous = chunk
    return "".join(parts).strip()


def rebuild_blocks(chunks: list[Chunk]) -> list[dict[str, str]]:
    """The document as blocks of one heading path and page each (`section`, `text`), in
    order, for a view that renders headings; the chunk overlap is dropped as in rebuild_text."""
    blocks: list[dict[str, str]] = []
    previous: Chunk | None = None
    for chunk in chunks:
        same_block = previous is not None and (chunk.section, chunk.page) == (
            previous.section,
            previous.page,
        )
        if not same_block:
            blocks.append({"section": chunk.section, "text": chunk.text})
        else:
            assert previous is not None
            shared = overlap_length(previous.text, chunk.text)
            blocks[-1]["text"] += chunk.text[shared:] if shared else "\n\n" + chunk.text
        previous = chunk
    return blocks


def overlap_length(before: str, after: str) -> int:
    """How many leading characters of `after` repeat whole trailing sentences of `before`."""
    best = 0
    for count, (_, end) in enumerate(sentence_spans(after), start=1):
        if count > _MAX_OVERLAP_SENTENCES or end > len(before):
            break
        head = after[:end]
        if before.endswith(head):
            start = len(before) - end
            if start == 0 or before[start - 1].isspace() or before[start - 1] in "。！？.!?":
                best = end
    return best


def _order(chunk: Chunk) -> tuple[int, str]:
    return chunk.position, chunk.id


def _extra(value: Any) -> dict[str, str]:
    """The JSON object of the source's other fields (see Document.metadata)."""
    if not value:
        return {}
    try:
        data = json.loads(str(value))
    except json.JSONDecodeError:
        return {}  # an index written before extra fields existed holds none
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _opt(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
