"""The Chroma vector store: chunks, metadata, embeddings and lexical terms in one collection."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.errors import (
    ConfigError,
    EmbedderMismatchError,
    IndexNotReadyError,
    StoreError,
)
from assistant.store.pointer import (
    abandoned_builds,
    active_collection,
    drop_collection,
    new_build_name,
    set_active,
)
from assistant.store.records import chunk_from_record, chunk_metadata
from assistant.types import Chunk

CHROMA_SUBDIR = "chroma"
_PAGE_SIZE = 2000
GLOSSARY_COLLECTION_SUFFIX = "-glossary"
# The key under which `iter_metadata_pages(with_documents=True)` hands each chunk's text.
DOCUMENT_KEY = "_document"


class ChromaStore:
    """Chunks in one Chroma collection, embedded (PersistentClient) or on a `chroma run` server."""

    def __init__(
        self, client: Any, collection: Any, *, location: str, base: str | None = None
    ) -> None:
        self._client = client
        self._collection = collection
        self.location = location
        # The name readers ask for; the active-collection pointer may redirect it (rebuilds).
        self.base = base or collection.name

    @property
    def client(self) -> Any:
        """The Chroma client (ingestion keeps its per-source manifest next to the chunks)."""
        return self._client

    @property
    def name(self) -> str:
        """The Chroma collection actually holding the chunks."""
        return str(self._collection.name)

    @classmethod
    def open(
        cls,
        *,
        data_dir: Path,
        chroma_url: str | None,
        collection: str,
        embedder_name: str,
        dim: int,
        create: bool = False,
    ) -> ChromaStore:
        """Open the collection; `create` makes it if missing. Refuses another embedder's index."""
        from chromadb.errors import NotFoundError

        client, location = _client(data_dir, chroma_url, create=create)
        base, collection = collection, active_collection(client, collection)
        try:
            if create:
                coll = client.get_or_create_collection(
                    collection,
                    embedding_function=None,
                    metadata={
                        "hnsw:space": "cosine",
                        "embedder": embedder_name,
                        "dim": dim,
                        "generation": 0,
                        "created": time.time(),
                    },
                )
            else:
                coll = client.get_collection(collection, embedding_function=None)
        except NotFoundError as exc:
            raise IndexNotReadyError(
                f"No index at {location} — run `assistant ingest corpus/` first"
            ) from exc
        meta = coll.metadata or {}
        built_with = meta.get("embedder")
        if built_with and (built_with != embedder_name or int(meta.get("dim", dim)) != dim):
            raise EmbedderMismatchError(
                f"The index at {location} was built with embedder {built_with!r} "
                f"(dim {meta.get('dim')}), but {embedder_name!r} (dim {dim}) is configured. "
                f"Set ASSISTANT_EMBEDDER to the one that built it, or rebuild the index: "
                f"`assistant ingest corpus/ --rebuild`."
            )
        return cls(client, coll, location=location, base=base)

    @classmethod
    def create_build(
        cls,
        *,
        data_dir: Path,
        chroma_url: str | None,
        collection: str,
        embedder_name: str,
        dim: int,
    ) -> ChromaStore:
        """A new, empty collection for a rebuild of `collection`; readers keep the old one
        until `activate()`. Builds left by an interrupted rebuild are deleted first."""
        client, location = _client(data_dir, chroma_url, create=True)
        for name in abandoned_builds(client, collection):
            drop_collection(client, name)
        coll = client.create_collection(
            new_build_name(collection),
            embedding_function=None,
            metadata={
                "hnsw:space": "cosine",
                "embedder": embedder_name,
                "dim": dim,
                "generation": 0,
                "created": time.time(),
            },
        )
        return cls(client, coll, location=location, base=collection)

    def activate(self) -> None:
        """Switch readers of `base` to this collection, then delete the one they used before."""
        previous = active_collection(self._client, self.base)
        if previous == self.name:
            return
        from chromadb.errors import NotFoundError

        try:
            old = self._client.get_collection(previous, embedding_function=None)
            old_generation = int((old.metadata or {}).get("generation", 0))
        except NotFoundError:
            old_generation = 0
        # Readers compare generations to know when to rebuild derived indexes: keep it rising.
        meta = dict(self._collection.metadata or {})
        meta["generation"] = max(int(meta.get("generation", 0)), old_generation) + 1
        meta.pop("hnsw:space", None)
        self._collection.modify(metadata=meta)
        set_active(self._client, self.base, self.name)
        drop_collection(self._client, previous)

    def discard(self) -> None:
        """Delete this collection (an unfinished rebuild) unless readers use it."""
        if active_collection(self._client, self.base) != self.name:
            drop_collection(self._client, self.name)

    # -- writes -------------------------------------------------------------------------

    def upsert(
        self, chunks: Sequence[Chunk], embeddings: np.ndarray, *, terms: Sequence[str]
    ) -> None:
        """Add or replace chunks with their embeddings and lexical terms."""
        if not chunks:
            return
        self._collection.upsert(
            ids=[c.id for c in chunks],
            embeddings=np.asarray(embeddings, dtype=np.float32),
            documents=[c.text for c in chunks],
            metadatas=[chunk_metadata(c, terms=t) for c, t in zip(chunks, terms, strict=True)],
        )

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        for start in range(0, len(ids), _PAGE_SIZE):
            self._collection.delete(ids=list(ids[start : start + _PAGE_SIZE]))

    def bump_generation(self) -> int:
        """Record that the collection changed, so readers rebuild derived indexes."""
        meta = dict(self._collection.metadata or {})
        generation = int(meta.get("generation", 0)) + 1
        meta["generation"] = generation
        meta.pop("hnsw:space", None)
        self._collection.modify(metadata=meta)
        return generation

    # -- reads --------------------------------------------------------------------------

    def generation(self) -> int:
        """The change counter that ingestion bumps after each write."""
        coll = self._client.get_collection(
            active_collection(self._client, self.base), embedding_function=None
        )
        if coll.name != self._collection.name:
            self._collection = coll  # a rebuild switched the pointer: follow it
        return int((coll.metadata or {}).get("generation", 0))

    def count(self) -> int:
        """Number of chunks."""
        return int(self._collection.count())

    def info(self) -> dict[str, Any]:
        """Embedder, counts and location, for `status` and readiness checks."""
        meta = self._collection.metadata or {}
        doc_ids = {m.get("doc_id") for m in self.iter_metadata()}
        return {
            "location": self.location,
            "collection": self._collection.name,
            "embedder": meta.get("embedder"),
            "dim": meta.get("dim"),
            "chunks": self.count(),
            "documents": len(doc_ids),
            "generation": int(meta.get("generation", 0)),
        }

    def _pages(self, include: list[str], where: dict[str, Any] | None = None) -> Iterator[Any]:
        """Every row of the collection as Chroma `get` results, `_PAGE_SIZE` rows at a time."""
        offset = 0
        while True:
            page = self._collection.get(
                where=where, include=include, limit=_PAGE_SIZE, offset=offset
            )
            yield page
            if len(page["ids"]) < _PAGE_SIZE:
                return
            offset += _PAGE_SIZE

    def iter_metadata(self, where: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Every chunk's metadata with its id under `id`, a page at a time."""
        for page in self._pages(["metadatas"], where):
            for chunk_id, meta in zip(page["ids"], page["metadatas"], strict=True):
                yield {"id": chunk_id, **(meta or {})}

    def iter_metadata_pages(
        self, *, with_vectors: bool = False, with_documents: bool = False
    ) -> Iterator[tuple[list[dict[str, Any]], np.ndarray | None]]:
        """Every chunk's metadata (id under `id`) a page at a time, with the page's embeddings
        as one array when `with_vectors`: one read of each row, so vectors and metadata come
        from the same state of the collection. `with_documents` adds each chunk's text under
        `DOCUMENT_KEY`, so a reader can rebuild the chunk without another read."""
        include = ["metadatas"]
        include += ["embeddings"] if with_vectors else []
        include += ["documents"] if with_documents else []
        for page in self._pages(include):
            metas = [
                {"id": chunk_id, **(meta or {})}
                for chunk_id, meta in zip(page["ids"], page["metadatas"], strict=True)
            ]
            if with_documents:
                for meta, text in zip(metas, page["documents"], strict=True):
                    meta[DOCUMENT_KEY] = text or ""
            vectors = None
            if with_vectors:
                vectors = np.asarray(page["embeddings"], dtype=np.float32)
            yield metas, vectors

    def iter_chunks(self, where: dict[str, Any] | None = None) -> Iterator[tuple[Chunk, str]]:
        """Every chunk with its stored lexical terms, a page at a time."""
        for page in self._pages(["metadatas", "documents"], where):
            for chunk_id, text, meta in zip(
                page["ids"], page["documents"], page["metadatas"], strict=True
            ):
                meta = meta or {}
                yield chunk_from_record(chunk_id, text or "", meta), str(meta.get("terms", ""))

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """Chunks by id, in the order asked (missing ids left out)."""
        if not ids:
            return []
        page = self._collection.get(ids=list(ids), include=["metadatas", "documents"])
        by_id = {
            cid: chunk_from_record(cid, text or "", meta or {})
            for cid, text, meta in zip(
                page["ids"], page["documents"], page["metadatas"], strict=True
            )
        }
        return [by_id[i] for i in ids if i in by_id]

    # -- glossaries (a small side collection: one YAML text per corpus root) -------------

    def _glossary_collection(self) -> Any:
        return self._client.get_or_create_collection(
            self._collection.name + GLOSSARY_COLLECTION_SUFFIX, embedding_function=None
        )

    def save_glossary(self, root_key: str, text: str | None) -> bool:
        """Store (or with None, remove) the glossary of one corpus root; True if it changed."""
        coll = self._glossary_collection()
        current = coll.get(ids=[root_key], include=["documents"])
        old = current["documents"][0] if current["ids"] else None
        if old == text:
            return False
        if text is None:
            coll.delete(ids=[root_key])
        else:
            # Chroma wants a vector per record; the side collection is never searched.
            coll.upsert(ids=[root_key], documents=[text], embeddings=[[1.0]])
        return True

    def glossary_texts(self) -> list[tuple[str, str]]:
        """(corpus root, glossary YAML) of every stored glossary."""
        from chromadb.errors import NotFoundError

        try:
            coll = self._client.get_collection(
                self._collection.name + GLOSSARY_COLLECTION_SUFFIX, embedding_function=None
            )
        except NotFoundError:
            return []
        page = coll.get(include=["documents"])
        return sorted(zip(page["ids"], (d or "" for d in page["documents"]), strict=True))


def _client(data_dir: Path, chroma_url: str | None, *, create: bool) -> tuple[Any, str]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        parsed = urlparse(chroma_url)
        if parsed.scheme not in {"http", "https"} or not parsed.hostname:
            raise ConfigError(
                f"ASSISTANT_CHROMA_URL {chroma_url!r} is not a URL like http://127.0.0.1:8001"
            )
        try:
            client = chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 80),
                ssl=parsed.scheme == "https",
                settings=chroma_settings,
            )
        except ValueError as exc:
            raise StoreError(
                f"cannot reach the Chroma server at {chroma_url}: start it with "
                f"`chroma run --path <dir> --host 127.0.0.1 --port <port>` ({exc})"
            ) from exc
        return client, chroma_url
    path = Path(data_dir) / CHROMA_SUBDIR
    if not path.exists() and not create:
        raise IndexNotReadyError(f"No index at {data_dir}/ — run `assistant ingest corpus/` first")
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings), str(data_dir)
