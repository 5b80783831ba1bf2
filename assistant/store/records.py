"""How a Chunk is flattened into Chroma metadata and rebuilt from it."""

from __future__ import annotations

from typing import Any

from assistant.text.dates import period_end, period_start
from assistant.types import Audience, Chunk

_CHUNK_FIELDS = ("doc_id", "section", "page", "position", "token_count", "lang", "content_hash")
# Stored for filtering, ingestion and BM25; never part of a chunk's inherited metadata.
_INTERNAL_KEYS = {
    "audience_rank",
    "date_int",
    "date_end_int",
    "terms",
    "source_hash",
    "ingest_root",
}


def chunk_metadata(chunk: Chunk, *, terms: str) -> dict[str, Any]:
    """Flatten a chunk into Chroma metadata (no None values, lists kept for $contains)."""
    meta: dict[str, Any] = {k: v for k, v in chunk.metadata.items() if v not in (None, [], "")}
    meta.update(
        {
            "doc_id": chunk.doc_id,
            "section": chunk.section,
            "position": chunk.position,
            "token_count": chunk.token_count,
            "lang": chunk.lang,
            "content_hash": chunk.content_hash,
            "terms": terms,
        }
    )
    if chunk.page is not None:
        meta["page"] = chunk.page
    audience = Audience(meta.get("audience", Audience.INTERNAL.value))
    meta["audience"] = audience.value
    meta["audience_rank"] = audience.rank
    if meta.get("date"):
        meta["date_int"] = period_start(str(meta["date"]))
        meta["date_end_int"] = period_end(str(meta["date"]))
    return meta


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    """Rebuild a Chunk from what Chroma returns."""
    inherited = {
        k: v for k, v in meta.items() if k not in _CHUNK_FIELDS and k not in _INTERNAL_KEYS
    }
    page = meta.get("page")
    return Chunk(
        id=chunk_id,
        doc_id=str(meta.get("doc_id", chunk_id.split("#")[0])),
        text=text,
        lang=str(meta.get("lang", "en")),
        section=str(meta.get("section", "")),
        page=int(page) if page is not None else None,
        position=int(meta.get("position", 0)),
        token_count=int(meta.get("token_count", 0)),
        metadata=inherited,
        content_hash=str(meta.get("content_hash", "")),
    )
