"""The per-source manifest: for every ingested file, its content hash, document ids and chunk
ids, kept in a small Chroma collection beside the chunks (Chroma stays the one source of truth,
in embedded and client–server mode alike).

A file's record is written *after* all its chunks, so a run that is killed half-way leaves a
record that does not match the file and the next run redoes that file. Before the first chunk
of a changed file is written, a *pending* record (empty hash, old and new chunk ids) is saved,
so chunks of an interrupted file can always be found and removed later."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.store.chroma import ChromaStore
from assistant.store.pointer import sources_name

_PAGE = 2000


@dataclass(frozen=True)
class SourceRecord:
    """What the index holds for one file under one ingest root."""

    root: str
    source: str
    source_hash: str
    config: str
    doc_ids: tuple[str, ...]
    chunk_ids: tuple[str, ...]
    # Documents of the file that named no audience (so each run's summary can say so).
    defaulted: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        """(ingest root, path relative to it)."""
        return (self.root, self.source)

    @property
    def complete(self) -> bool:
        """False for a pending record (a file whose chunks were being written)."""
        return bool(self.source_hash)


class SourceManifest:
    """Read and write the per-source records of one chunk collection."""

    def __init__(self, store: ChromaStore) -> None:
        self._store = store
        self._collection = store.client.get_or_create_collection(
            sources_name(store.name), embedding_function=None
        )

    def load(self) -> dict[tuple[str, str], SourceRecord]:
        """Every record, keyed by (root, source); migrates an index made before manifests."""
        records: dict[tuple[str, str], SourceRecord] = {}
        offset = 0
        while True:
            page = self._collection.get(
                include=["metadatas", "documents"], limit=_PAGE, offset=offset
            )
            for meta, doc in zip(page["metadatas"], page["documents"], strict=True):
                record = _from_chroma(meta or {}, doc or "{}")
                records[record.key] = record
            if len(page["ids"]) < _PAGE:
                break
            offset += _PAGE
        if not records and self._store.count():
            records = self._from_chunks()
            self.put(list(records.values()))
        return records

    def put(self, records: Sequence[SourceRecord]) -> None:
        """Add or replace records."""
        for start in range(0, len(records), _PAGE):
            batch = records[start : start + _PAGE]
            self._collection.upsert(
                ids=[record_id(r.root, r.source) for r in batch],
                embeddings=[[1.0]] * len(batch),
                documents=[
                    json.dumps(
                        {"doc_ids": r.doc_ids, "chunk_ids": r.chunk_ids, "defaulted": r.defaulted}
                    )
                    for r in batch
                ],
                metadatas=[
                    {
                        "root": r.root,
                        "source": r.source,
                        "source_hash": r.source_hash,
                        "config": r.config,
                    }
                    for r in batch
                ],
            )

    def delete(self, keys: Iterable[tuple[str, str]]) -> None:
        """Forget the records of removed files."""
        ids = [record_id(root, source) for root, source in keys]
        for start in range(0, len(ids), _PAGE):
            self._collection.delete(ids=ids[start : start + _PAGE])

    def _from_chunks(self) -> dict[tuple[str, str], SourceRecord]:
        """Rebuild records from chunk metadata (indexes written before the manifest existed)."""
        found: dict[tuple[str, str], tuple[str, set[str], list[str]]] = {}
        for meta in self._store.iter_metadata():
            key = (str(meta.get("ingest_root", "")), str(meta.get("source", "")))
            digest, docs, ids = found.setdefault(key, (str(meta.get("source_hash", "")), set(), []))
            docs.add(str(meta.get("doc_id", "")))
            ids.append(str(meta["id"]))
        return {
            key: SourceRecord(
                key[0], key[1], digest, config="", doc_ids=tuple(sorted(docs)), chunk_ids=tuple(ids)
            )
            for key, (digest, docs, ids) in found.items()
        }


def record_id(root: str, source: str) -> str:
    """A stable Chroma id for the record of `source` under `root`."""
    return hashlib.sha1(f"{root}\n{source}".encode()).hexdigest()


def _from_chroma(meta: dict[str, Any], document: str) -> SourceRecord:
    ids = json.loads(document)
    return SourceRecord(
        root=str(meta.get("root", "")),
        source=str(meta.get("source", "")),
        source_hash=str(meta.get("source_hash", "")),
        config=str(meta.get("config", "")),
        doc_ids=tuple(ids.get("doc_ids", ())),
        chunk_ids=tuple(ids.get("chunk_ids", ())),
        defaulted=tuple(ids.get("defaulted", ())),
    )
