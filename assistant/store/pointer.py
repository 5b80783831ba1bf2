"""The active-collection pointer: `assistant ingest --rebuild` builds a new Chroma collection
and switches readers to it in one metadata write, so nobody sees a half-built index.

The pointer is a tiny collection `<base>-active` whose metadata names the collection that
readers of `<base>` should open. Without a pointer, `<base>` itself is the collection."""

from __future__ import annotations

import time
from typing import Any

POINTER_SUFFIX = "-active"
BUILD_MARK = "-build-"
SOURCES_SUFFIX = "-sources"


def pointer_name(base: str) -> str:
    """Name of the collection holding the pointer of `base`."""
    return f"{base}{POINTER_SUFFIX}"


def sources_name(collection: str) -> str:
    """Name of the per-source manifest collection that belongs to `collection`."""
    return f"{collection}{SOURCES_SUFFIX}"


def new_build_name(base: str) -> str:
    """A fresh, unique collection name for a rebuild of `base`."""
    return f"{base}{BUILD_MARK}{time.time_ns()}"


def active_collection(client: Any, base: str) -> str:
    """The collection readers of `base` should open (the pointer's target, else `base`)."""
    from chromadb.errors import NotFoundError

    try:
        pointer = client.get_collection(pointer_name(base), embedding_function=None)
    except NotFoundError:
        return base
    return str((pointer.metadata or {}).get("active") or base)


def set_active(client: Any, base: str, name: str) -> None:
    """Point readers of `base` at collection `name` (one atomic metadata write)."""
    pointer = client.get_or_create_collection(
        pointer_name(base), embedding_function=None, metadata={"active": name}
    )
    pointer.modify(metadata={"active": name, "switched": time.time()})


def abandoned_builds(client: Any, base: str) -> list[str]:
    """Build collections of `base` that are not active (left by an interrupted rebuild)."""
    active = active_collection(client, base)
    names = [getattr(c, "name", c) for c in client.list_collections()]
    return [
        n
        for n in names
        if n.startswith(f"{base}{BUILD_MARK}") and not n.endswith(SOURCES_SUFFIX) and n != active
    ]


def drop_collection(client: Any, name: str) -> None:
    """Delete a collection and its source manifest, if they exist."""
    from chromadb.errors import NotFoundError

    for target in (name, sources_name(name)):
        try:
            client.delete_collection(target)
        except (NotFoundError, ValueError):
            continue
