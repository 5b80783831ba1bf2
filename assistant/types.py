"""Core types shared by every layer: documents, chunks, hits, citations and answers.

This module depends on nothing of ours, so every package may import it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# The known document kinds (special handling); any other normalised label is accepted too.
DOC_TYPES: tuple[str, ...] = ("case_study", "site_fact", "regulatory_record", "faq", "other")
LANGS: tuple[str, ...] = ("ja", "en")


class Audience(StrEnum):
    """Who may read a document; ordered public < internal < confidential."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"

    @property
    def rank(self) -> int:
        """Position in the ordering: 0 public, 1 internal, 2 confidential."""
        return _AUDIENCE_RANK[self]

    def allows(self, other: Audience) -> bool:
        """True when a reader with this ceiling may see a document of audience `other`."""
        return other.rank <= self.rank


_AUDIENCE_RANK = {Audience.PUBLIC: 0, Audience.INTERNAL: 1, Audience.CONFIDENTIAL: 2}


@dataclass(frozen=True)
class Block:
    """A run of a document's text that shares one heading path and page."""

    text: str
    section: str = ""
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """One citable source: a case study, a site-fact record, a regulatory record, an FAQ item."""

    id: str
    title: str
    text: str
    doc_type: str = "other"
    lang: str = "en"
    audience: Audience = Audience.INTERNAL
    source: str = ""
    url: str | None = None
    site: str | None = None
    modalities: tuple[str, ...] = ()
    date: str | None = None
    owner: str | None = None
    review_by: str | None = None
    blocks: tuple[Block, ...] = ()
    source_hash: str = ""
    date_precision: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    audience_defaulted: bool = False

    def metadata(self) -> dict[str, Any]:
        """The document fields every chunk inherits (None values left out)."""
        values: dict[str, Any] = {
            "doc_id": self.id,
            "title": self.title,
            "doc_type": self.doc_type,
            "lang": self.lang,
            "audience": self.audience.value,
            "source": self.source,
            "url": self.url,
            "site": self.site,
            "modalities": list(self.modalities),
            "date": self.date,
            "owner": self.owner,
            "review_by": self.review_by,
            "date_precision": self.date_precision if self.date else None,
            # Fields the customer's files carry beyond ours, as one JSON object (Chroma
            # metadata holds scalars only; the document view shows them).
            "extra": json.dumps(self.extra, ensure_ascii=False, sort_keys=True)
            if self.extra
            else None,
        }
        return {key: value for key, value in values.items() if value not in (None, [])}


@dataclass(frozen=True)
class Chunk:
    """A piece of a document small enough to embed, quote and cite."""

    id: str
    doc_id: str
    text: str
    lang: str
    section: str = ""
    page: int | None = None
    position: int = 0
    token_count: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""

    @property
    def title(self) -> str:
        """The title of the chunk's document."""
        return str(self.metadata.get("title", ""))

    @property
    def audience(self) -> Audience:
        """The audience inherited from the chunk's document (internal when unknown)."""
        return Audience(self.metadata.get("audience", Audience.INTERNAL.value))


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and each retriever's score and rank."""

    chunk: Chunk
    score: float
    scores: dict[str, float] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchFilters:
    """Optional metadata filters applied inside retrieval, before scoring."""

    site: str | None = None
    modalities: tuple[str, ...] = ()
    doc_type: str | None = None
    lang: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return not (
            self.site
            or self.modalities
            or self.doc_type
            or self.lang
            or self.date_from
            or self.date_to
        )


@dataclass(frozen=True)
class Citation:
    """The evidence behind one `[n]` marker of an answer."""

    n: int
    doc_id: str
    chunk_id: str
    title: str
    source: str
    quote: str
    section: str = ""
    page: int | None = None
    url: str | None = None
    site: str | None = None
    date: str | None = None
    lang: str = "en"
    audience: str = "public"


@dataclass(frozen=True)
class Turn:
    """An earlier question of a conversation: as typed, and as answered when it was resolved."""

    question: str
    resolved: str | None = None


@dataclass(frozen=True)
class Answer:
    """What the assistant says to a question, with the citations that back it."""

    text: str
    lang: str
    citations: list[Citation]
    abstained: bool
    abstain_reason: str | None = None
    hits: list[Hit] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    composer: str = "extractive"
    # The question actually answered, when a follow-up was resolved into another text.
    resolved_question: str | None = None
