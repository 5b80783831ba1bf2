"""The overview strategy: the best document's lead passage and key facts, quoted.

"ボルチモア拠点について教えて" or "Tell me about your Tokyo office" wants a summary of one
subject, not the sentence that best matches the words. The subject document is the first
retrieved one whose title names what the question mentions (a site, a modality, from the
glossary); with none, the question is answered as a fact. Its opening (the first
`OverviewConfig.units` quotable units of its first chunk: a record's leading fields, a page's
opening sentences) is quoted, each with its `[n]`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.extractive import Composition, make_citation
from assistant.answer.reading import read_chunk
from assistant.retrieval.lexical import Bm25Index
from assistant.store.chroma import ChromaStore
from assistant.text import fold
from assistant.types import Hit

_LEADS = {"ja": "「{title}」の記載は次のとおりです。", "en": "From “{title}”:"}


@dataclass(frozen=True)
class OverviewConfig:
    """Sizes of an overview answer."""

    # Units quoted from the subject document's opening: the lead plus 2-4 key facts (issue 16).
    units: int = 5
    # Retrieved documents (their chunks as retrieved) searched for the subject document.
    candidates: int = 5


@dataclass(frozen=True)
class OverviewAnswer:
    """An overview and the chunk it quotes (it joins the answer's hits when not retrieved)."""

    composition: Composition
    hits: list[Hit]


def overview_answer(
    hits: Sequence[Hit],
    *,
    store: ChromaStore,
    mentions: Sequence[frozenset[str]],
    lang: str,
    config: OverviewConfig | None = None,
    snapshot: Bm25Index | None = None,
) -> OverviewAnswer | None:
    """The subject document's opening, quoted; None when no hit has a quotable opening. The
    opening chunk, when not retrieved, is read from the retrieval `snapshot` when that holds
    it (no Chroma read per question), else from the store."""
    cfg = config or OverviewConfig()
    subject = _subject(_first_documents(hits, cfg.candidates), mentions)
    if subject is None:
        return None
    first_id = f"{subject.chunk.doc_id}#0"
    hit = next((h for h in hits if h.chunk.id == first_id), None)
    if hit is None:
        row = snapshot.row_of.get(first_id) if snapshot and snapshot.holds_chunks else None
        found = [snapshot.chunk(row)] if snapshot and row is not None else []
        found = found or store.get_chunks([first_id])
        hit = Hit(chunk=found[0], score=0.0) if found else subject
    text = hit.chunk.text
    units = read_chunk(hit.chunk).units[: cfg.units]
    if len(units) < 2:
        return None
    quotes = [text[u.start : u.end] for u in units]
    lead = _LEADS.get(lang, _LEADS["en"]).format(title=hit.chunk.title)
    composition = Composition(
        text="\n".join([lead, *(f"{q} [1]" for q in quotes)]),
        citations=[make_citation(1, hit, " … ".join(quotes))],
        abstained=False,
        composer="overview",
    )
    return OverviewAnswer(composition=composition, hits=[hit])


def _first_documents(hits: Sequence[Hit], count: int) -> list[Hit]:
    """The hits of the first `count` retrieved documents: a document retrieved as several
    chunks counts once (the Bengaluru site page came sixth behind a case study's two chunks)."""
    seen: set[str] = set()
    kept = []
    for hit in hits:
        if hit.chunk.doc_id not in seen and len(seen) == count:
            break
        seen.add(hit.chunk.doc_id)
        kept.append(hit)
    return kept


def _subject(hits: Sequence[Hit], mentions: Sequence[frozenset[str]]) -> Hit | None:
    """The first hit whose title starts with a mentioned thing ("Bengaluru: headquarters…",
    not "Bispecific antibody: … at Baltimore"), else the first whose title names one; None
    when no title names what the question mentions (the fact strategy answers then: on the
    dev sets, which have no glossary, an overview would quote an article's opening instead
    of the asked sentence)."""
    names = [n for group in mentions for n in group if len(n) >= 2]
    for starts in (True, False):
        for hit in hits:
            title = fold(hit.chunk.title)
            if any(title.startswith(n) if starts else n in title for n in names):
                return hit
    return None
