"""Structure-aware chunking: heading path -> section, paragraphs, whole sentences, token budget."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from assistant.text import normalize, sentence_spans
from assistant.types import Block, Chunk, Document

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def embedding_text(title: str, section: str, text: str) -> str:
    """What is embedded and indexed for a chunk: its document title, section and text."""
    head = title if not section or section == title else f"{title} — {section}"
    return normalize(f"{head}\n{text}")


def chunk_document(
    doc: Document,
    *,
    max_tokens: int,
    overlap: int,
    count_tokens: Callable[[str], int],
) -> list[Chunk]:
    """Cut a document into chunks of whole sentences within `max_tokens`, sharing `overlap`."""
    blocks = doc.blocks or (Block(text=doc.text),)
    pieces: list[tuple[str, Block]] = []
    for block in blocks:
        for text in _pack(block.text, max_tokens=max_tokens, overlap=overlap, count=count_tokens):
            pieces.append((text, block))
    metadata = doc.metadata()
    chunks = []
    for position, (text, block) in enumerate(pieces):
        digest = hashlib.sha256(
            "\x1f".join(
                [
                    embedding_text(doc.title, block.section, text),
                    repr(sorted(metadata.items())),
                    str(block.page),
                ]
            ).encode("utf-8")
        ).hexdigest()
        chunks.append(
            Chunk(
                id=f"{doc.id}#{position}",
                doc_id=doc.id,
                text=text,
                lang=doc.lang,
                section=block.section,
                page=block.page,
                position=position,
                token_count=count_tokens(text),
                metadata=metadata,
                content_hash=digest,
            )
        )
    return chunks


def _pack(text: str, *, max_tokens: int, overlap: int, count: Callable[[str], int]) -> list[str]:
    """Greedy packing of sentences (verbatim substrings of `text`) into budget-sized pieces."""
    spans: list[tuple[int, int, int]] = []  # start, end, tokens
    for para_start, para_end in _paragraphs(text):
        for start, end in sentence_spans(text[para_start:para_end]):
            s, e = para_start + start, para_start + end
            tokens = count(text[s:e])
            if tokens <= max_tokens:
                spans.append((s, e, tokens))
            else:
                spans.extend(_hard_split(text, s, e, max_tokens=max_tokens, count=count))
    pieces: list[str] = []
    i = 0
    while i < len(spans):
        j, total = i, 0
        while j < len(spans) and (j == i or total + spans[j][2] <= max_tokens):
            total += spans[j][2]
            j += 1
        pieces.append(text[spans[i][0] : spans[j - 1][1]])
        if j >= len(spans):
            break
        # Start the next piece `overlap` sentences back, but always move forward.
        i = max(j - overlap, i + 1)
    return pieces


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def _hard_split(
    text: str, start: int, end: int, *, max_tokens: int, count: Callable[[str], int]
) -> list[tuple[int, int, int]]:
    """A sentence longer than the budget is cut at whitespace (or characters) to fit."""
    out = []
    cursor = start
    while cursor < end:
        lo, hi = cursor + 1, end
        # Binary search the longest prefix within the budget.
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count(text[cursor:mid]) <= max_tokens:
                lo = mid
            else:
                hi = mid - 1
        cut = lo
        space = text.rfind(" ", cursor + 1, cut)
        if cut < end and space > cursor + (cut - cursor) // 2:
            cut = space
        out.append((cursor, cut, count(text[cursor:cut])))
        cursor = cut
        while cursor < end and text[cursor].isspace():
            cursor += 1
    return out
