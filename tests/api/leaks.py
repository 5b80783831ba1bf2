"""Leak detection for the access-control tests: what text of restricted documents looks like.

Restricted text is read back from the index itself (everything above `public`), so the check
covers exactly what could leak, whichever loaders built the index.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from assistant.store.chroma import ChromaStore
from assistant.text import sentence_spans

_NGRAM = 16
_CODE_NAME = re.compile(r"\b[A-Z][A-Z]+-\d+\b")


def _squash(text: str) -> str:
    """NFKC, lower case, no whitespace: what n-grams are taken over."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).lower())


def ngrams(text: str, n: int = _NGRAM) -> set[str]:
    """Every run of `n` characters of the squashed text."""
    squashed = _squash(text)
    return {squashed[i : i + n] for i in range(max(0, len(squashed) - n + 1))}


@dataclass
class Restricted:
    """The restricted documents of an index: ids, titles, text n-grams and code names."""

    doc_ids: set[str]
    titles: dict[str, str]
    first_sentences: dict[str, str]
    secret_ngrams: set[str]
    code_names: set[str]
    facet_values: set[str]

    @classmethod
    def from_store(cls, store: ChromaStore) -> Restricted:
        """Split the index into public and restricted text; keep what only the latter holds."""
        public_text: list[str] = []
        restricted_text: list[str] = []
        doc_ids: set[str] = set()
        titles: dict[str, str] = {}
        first: dict[str, tuple[int, str]] = {}
        public_facets: set[str] = set()
        restricted_facets: set[str] = set()
        for chunk, _ in store.iter_chunks():
            meta = chunk.metadata
            facets = {str(meta.get("site", ""))} | {str(m) for m in meta.get("modalities", [])}
            if meta.get("audience") == "public":
                public_text += [chunk.text, chunk.title, chunk.section]
                public_facets |= facets
                continue
            doc_ids.add(chunk.doc_id)
            titles[chunk.doc_id] = chunk.title
            restricted_text += [chunk.text, chunk.title, chunk.section]
            restricted_facets |= facets
            spans = sentence_spans(chunk.text)
            if spans and (chunk.doc_id not in first or chunk.position < first[chunk.doc_id][0]):
                sentence = max((chunk.text[s:e] for s, e in spans[:3]), key=len)
                first[chunk.doc_id] = (chunk.position, sentence)
        public = ngrams("\n".join(public_text))
        secret = ngrams("\n".join(restricted_text)) - public
        codes = set(_CODE_NAME.findall("\n".join(restricted_text)))
        codes -= set(_CODE_NAME.findall("\n".join(public_text)))
        return cls(
            doc_ids=doc_ids,
            titles=titles,
            first_sentences={doc: sentence for doc, (_, sentence) in first.items()},
            secret_ngrams=secret,
            code_names=codes,
            facet_values=restricted_facets - public_facets - {""},
        )

    def leaks(self, response_text: str, *, asked: str = "") -> list[str]:
        """What restricted text `response_text` holds beyond what the asker sent itself."""
        text = _decoded(response_text)
        if asked:
            text = text.replace(asked, " ")
        found = sorted((ngrams(text) - ngrams(asked)) & self.secret_ngrams)[:5]
        found += [code for code in sorted(self.code_names) if code in text]
        found += [doc for doc in sorted(self.doc_ids) if doc in text]
        return found

    def probes(self) -> list[str]:
        """Questions aimed at the restricted documents: code names, titles, their own words."""
        out: list[str] = []
        for code in sorted(self.code_names):
            out += [code, f"What is {code}?", f"{code}について教えてください。"]
        out += [self.titles[doc] for doc in sorted(self.titles)]
        out += [self.first_sentences[doc] for doc in sorted(self.first_sentences)]
        return [q[:1900] for q in out if q.strip()]


def _decoded(text: str) -> str:
    """JSON bodies and SSE data lines with \\u escapes undone, so n-grams see real characters."""
    pieces = [text]
    for line in text.splitlines():
        candidate = line[5:].strip() if line.startswith("data:") else line.strip()
        if candidate.startswith(("{", "[")):
            try:
                pieces.append(json.dumps(json.loads(candidate), ensure_ascii=False))
            except ValueError:
                continue
    return "\n".join(pieces)
