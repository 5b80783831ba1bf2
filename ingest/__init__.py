"""Ingestion: files -> Documents -> Chunks -> embeddings -> the Chroma store.

`ingestor.Ingestor` is the one entry (CLI, admin route, eval, bench and tests use it);
`loaders`, `records`, `office` and `webpage` read each file kind; `chunking` splits; `pipeline`
embeds changed files and writes them restartably (`manifest`, `writer`); `rebuild` builds a new
collection and switches readers to it when complete.
"""
