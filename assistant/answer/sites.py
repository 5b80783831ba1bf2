"""The sites strategy: "Which sites do you have?" / 「拠点はどこにありますか？」 lists the reader's
sites, one quoted line each from the site's own page.

A question that asks only for the company's sites (its one document kind is the site kind, it
names no site, modality, region or year, and every content word is a word of that kind or of
asking for a list) is no fact to look up: its answer is the index's sites. Each visible site
is quoted by the opening unit of its site page, a page in the question's language and in prose
first; a count line leads. "Which sites do your shipments to Japan come from?" asks something
of the sites, so it is left to the other strategies.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer.composer import Composition
from assistant.answer.extractive import make_citation
from assistant.answer.reading import read_chunk
from assistant.question.subjects import COMPANY, DOC_KIND
from assistant.question.understanding import IntentVocabulary, Question, doc_kind_of
from assistant.retrieval.lexical import Bm25Index
from assistant.text import terms
from assistant.types import Audience, Hit

# The document kind of a site's own pages (assistant/data/intents.yaml `doc_kinds`).
SITE_KIND = "site_fact"
_COUNT_LINES = {"ja": "拠点は{count}か所です。", "en": "We have {count} sites:"}


def asks_for_sites(question: Question, vocabulary: IntentVocabulary) -> bool:
    """True when the question asks only which sites the company has."""
    if question.doc_kinds != (SITE_KIND,) or question.parts:
        return False
    if any(s.kind not in (COMPANY, DOC_KIND) for s in question.subjects):
        return False
    cues = (*vocabulary.doc_kinds.get(SITE_KIND, ()), *vocabulary.list_cues, *vocabulary.list_weak)
    allowed = {t for cue in cues for t in terms(cue)}
    return bool(question.content_terms) and set(question.content_terms) <= allowed


def sites_answer(
    sites: Sequence[str],
    snapshot: Bm25Index,
    *,
    audience: Audience,
    lang: str,
    vocabulary: IntentVocabulary,
) -> tuple[Composition, list[Hit]] | None:
    """A count line and each site's page opening, quoted; None without a site page."""
    pages = _site_pages(sites, snapshot, audience=audience, lang=lang, vocabulary=vocabulary)
    if not pages:
        return None
    lines = [_COUNT_LINES.get(lang, _COUNT_LINES["en"]).format(count=len(pages))]
    citations = []
    for n, hit in enumerate(pages, start=1):
        unit = read_chunk(hit.chunk).units[0]
        quote = hit.chunk.text[unit.start : unit.end]
        lines.append(f"{quote} [{n}]")
        citations.append(make_citation(n, hit, quote))
    composition = Composition(
        text="\n".join(lines), citations=citations, abstained=False, composer="sites"
    )
    return composition, pages


def visible_facets(snapshot: Bm25Index, audience: Audience) -> tuple[list[str], list[str]]:
    """The sites and modalities of the chunks a reader at `audience` may see, most chunks
    first (ties by name)."""
    rows = snapshot.allowed_rows(audience)
    sites: dict[str, int] = {}
    for site in snapshot.column("site", rows):
        if site:
            sites[str(site)] = sites.get(str(site), 0) + 1
    modalities: dict[str, int] = {}
    for group in snapshot.column("modalities", rows):
        for modality in group:
            modalities[str(modality)] = modalities.get(str(modality), 0) + 1
    return _most_first(sites), _most_first(modalities)


def _most_first(counts: dict[str, int]) -> list[str]:
    """The keys, most counted first (ties by name)."""
    return sorted(counts, key=lambda name: (-counts[name], name))


def _site_pages(
    sites: Sequence[str],
    snapshot: Bm25Index,
    *,
    audience: Audience,
    lang: str,
    vocabulary: IntentVocabulary,
) -> list[Hit]:
    """The opening chunk of each site's own page: the question's language first, then prose
    (a page) before a record, then the document id, so the choice is stable."""
    if not snapshot.holds_chunks:
        return []
    rows = snapshot.allowed_rows(audience)
    best: dict[str, tuple[tuple[bool, bool, str], Hit]] = {}
    for row, site, doc_type in zip(
        rows.tolist(),
        snapshot.column("site", rows),
        snapshot.column("doc_type", rows),
        strict=True,
    ):
        if not site or str(site) not in sites or not snapshot.chunk_id(row).endswith("#0"):
            continue
        if doc_kind_of(str(doc_type or ""), vocabulary) != SITE_KIND:
            continue
        chunk = snapshot.chunk(row)
        units = read_chunk(chunk).units
        if not units:
            continue
        rank = (chunk.lang != lang, units[0].label is not None, chunk.doc_id)
        if str(site) not in best or rank < best[str(site)][0]:
            best[str(site)] = (rank, Hit(chunk=chunk, score=0.0))
    return [best[s][1] for s in sites if s in best]


__all__ = ["SITE_KIND", "asks_for_sites", "sites_answer", "visible_facets"]
