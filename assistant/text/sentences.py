"""Sentence splitting, Japanese- and English-aware, by offsets so quotes stay verbatim."""

from __future__ import annotations

import re

# A sentence ends after Japanese full stops/marks (with any closing bracket), after . ! ? that
# are followed by whitespace, or at a line break. A period followed by a lower-case word ends
# an abbreviation, not a sentence ("Aozora Fine Pharma Co., Ltd. is a CDMO", "approx. five").
_SENTENCE_END = re.compile(
    r"[。！？!?][」』）)\]]*"
    r"|(?<![A-Z][a-z])(?<!\b[A-Za-z])(?<!\d)\.(?=\s)(?!\s+[a-z])"
    r"|[!?](?=\s)"
    r"|\n+"
)


def split_sentences(text: str) -> list[str]:
    """Split into sentences, Japanese- and English-aware; each piece is a verbatim substring."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence, whitespace trimmed, so quotes stay verbatim."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    trimmed: list[tuple[int, int]] = []
    for begin, end in spans:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if end > begin:
            trimmed.append((begin, end))
    return trimmed
