"""The store: Chroma as the single source of truth for chunks, vectors, metadata and terms.

`chroma` opens the collection (embedded or client-server) and reads and writes it; `records`
flattens chunks into Chroma metadata; `filters` is the one filter spec (audience ceiling and
metadata filters) compiled for Chroma and for in-memory masks; `pointer` switches readers to a
rebuilt collection; `locking` keeps one writer per data directory; `documents` reads a whole
document and the facets back under the reader's ceiling.
"""

from assistant.store.chroma import ChromaStore

__all__ = ["ChromaStore"]
