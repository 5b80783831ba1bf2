"""Ingestion: files -> Documents -> Chunks -> embeddings -> the Chroma store."""
