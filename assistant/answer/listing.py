"""The list strategy: every matching record or case the reader may see, one cited line each.

"What is your FDA inspection history?" wants every FDA row of the inspection records, not the
top few hits. The strategy takes the best retrieved record as the *anchor* and lists its
kind: the other documents of its source file when the file holds several (a CSV or YAML of
records), else the other documents of its `doc_type` (case studies written one per file).
It reads them from the retriever's in-memory snapshot, filtered by the reader's audience
before anything is read, keeps those of the asked site(s) and year(s) that hold every
*selector* (the question's subject terms that the anchor holds, less list and kind cue words
such as "history" or 査察), and quotes one line of each, oldest first, under a count line.
When fewer than `ListConfig.min_items` documents match, the question is not a list of this
corpus, and the fact strategy answers it instead.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.evidence import EVIDENCE_FILLERS
from assistant.answer.extractive import Composition, make_citation
from assistant.answer.reading import read_chunk
from assistant.question.understanding import IntentVocabulary, Question, cue_holds, doc_kind_of
from assistant.retrieval.lexical import Bm25Index
from assistant.store.chroma import ChromaStore
from assistant.text import fold, term_set, terms
from assistant.types import Audience, Chunk, Hit, SearchFilters


@dataclass(frozen=True)
class ListConfig:
    """Sizes of a list answer."""

    # Items quoted before "and N more": issue 16 asks for about 8 (a screen of the booth page).
    shown: int = 8
    # Fewer matching documents than this is not a list: the fact strategy answers instead.
    min_items: int = 2
    # Retrieved hits tried as the anchor, best first.
    anchors: int = 10
    # Record lines quoted per listed record.
    lines_per_record: int = 2


@dataclass(frozen=True)
class Selector:
    """One asked thing that selects records: a glossary entry (any of its names, matched in
    the folded text) or a single subject term (matched among the terms)."""

    names: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()

    def holds(self, folded: str, found: frozenset[str]) -> bool:
        """True when a text (folded, and its terms) names this selector."""
        return bool(self.terms & found) or any(n in folded for n in self.names)


_COUNT_LINES = {
    "ja": "該当する資料は{count}件です（古い順）。",
    "en": "{count} matching documents, oldest first:",
}
_MORE = {"ja": "ほか{more}件。", "en": "… and {more} more."}
# Documents (and titles) whose folded text and terms are kept between list questions: a
# listed kind's records are a few KB each (~10 MB at most); a larger kind is read again.
_READ_TEXTS = 512


@dataclass(frozen=True)
class ListAnswer:
    """A list answer and the documents' chunks it read (they join the answer's hits)."""

    composition: Composition
    hits: list[Hit]


def list_answer(
    question: Question,
    asked: str,
    *,
    hits: Sequence[Hit],
    snapshot: Bm25Index,
    store: ChromaStore,
    audience: Audience,
    filters: SearchFilters | None,
    lang: str,
    mentions: Sequence[frozenset[str]] = (),
    site_names: Sequence[frozenset[str]] = (),
    vocabulary: IntentVocabulary | None = None,
    config: ListConfig | None = None,
    cache: dict[tuple[object, ...], dict[str, list[Chunk]]] | None = None,
) -> ListAnswer | None:
    """Every matching visible record, one cited line each; None when the question does not
    name a list of this corpus (no anchor, or fewer than `min_items` matches).

    `mentions` are the folded names of each glossary entry the question mentions (one
    selector matches any name, so オリゴ核酸 selects "Oligonucleotide" titles), `site_names`
    those of the asked sites (the site scope handles them), `cache` keeps the documents read
    per kind between questions (keyed by the snapshot's generation)."""
    cfg = config or ListConfig()
    vocab = vocabulary or IntentVocabulary.default()
    groups = _selector_groups(asked, vocab, mentions, site_names)
    # An asked modality selects by any of its cue words, in either language (ペプチド, peptide).
    required = [
        Selector(names=frozenset(fold(c) for c in vocab.modalities[key]))
        for key in question.modalities
        if key in vocab.modalities
    ]
    # A kind whose titles name what is asked (PPQ records titled "PPQ実績 PPQ-SZ-2018 …")
    # lists it better than one whose texts merely mention it (case studies naming a PPQ):
    # the first list selected by text is kept only when no anchor's kind selects by title.
    by_text: tuple[list[list[Chunk]], list[Selector]] | None = None
    kinds = [
        (anchor, _kind_of(anchor, snapshot, store, audience, filters, vocab, cache))
        for anchor in hits[: cfg.anchors]
    ]
    # The kind the question names ("Which case studies do you have?") is tried first; then a
    # file of several records (the inspection log), before documents that merely share their
    # doc_type (a CAPA report on one of those inspections): whatever retrieval ranked first,
    # 「FDA査察の履歴は？」 lists the FDA rows as "What is your FDA inspection history?" does.
    kinds.sort(
        key=lambda pair: (
            doc_kind_of(str(pair[0].chunk.metadata.get("doc_type", "")), vocab)
            not in question.doc_kinds,
            not _one_file(*pair),
        )
    )
    for anchor, docs in kinds:
        kind = doc_kind_of(str(anchor.chunk.metadata.get("doc_type", "")), vocab)
        if question.doc_kinds and kind in vocab.doc_kinds and kind not in question.doc_kinds:
            continue  # an inspection history is not listed from site facts
        if len(docs) < cfg.min_items:
            continue
        anchor_text = _Text.of(docs.get(anchor.chunk.doc_id, [anchor.chunk]))
        if not all(anchor_text.names(g) for g in required):
            # An anchor that does not name the asked modality is no example of it: listed
            # without a selector, "ペプチドの実績" was every case study.
            continue
        # A record's title names what it is about ("FDA pre-license inspection of Bengaluru"):
        # an asked thing that some title of the kind names selects by title, and the anchor
        # must name it too; with none, the asked things that the anchor's text names select.
        titles = [_Text.of([chunks[0]], title_only=True) for chunks in docs.values()]
        by_title = [g for g in groups if any(t.names(g) for t in titles)]
        if by_title:
            anchor_title = _Text.of([anchor.chunk], title_only=True)
            if not all(anchor_title.names(g) for g in by_title):
                continue
            selectors = by_title
        elif by_text is not None:
            continue
        else:
            selectors = [g for g in groups if anchor_text.names(g)]
        matched = [
            chunks
            for chunks in docs.values()
            if _in_scope(chunks[0], question)
            and all(_Text.of(chunks).names(g) for g in (*selectors, *required))
            and all(audience.allows(c.audience) for c in chunks)
        ]
        dates = {str(chunks[0].metadata.get("date") or "") for chunks in matched}
        # A list answers a history: its items are dated events. Documents that share one date
        # are facts as of a day (site facts, an FAQ), not a list of events.
        if len(matched) < cfg.min_items or len(dates - {""}) < cfg.min_items:
            continue
        if by_title:
            return _render(matched, selectors, lang=lang, config=cfg)
        by_text = (matched, selectors)
    return _render(*by_text, lang=lang, config=cfg) if by_text is not None else None


def _kind_of(
    anchor: Hit,
    snapshot: Bm25Index,
    store: ChromaStore,
    audience: Audience,
    filters: SearchFilters | None,
    vocab: IntentVocabulary,
    cache: dict[tuple[object, ...], dict[str, list[Chunk]]] | None,
) -> dict[str, list[Chunk]]:
    """The visible documents of the anchor's kind, each with its chunks in order: those of
    its source file when that holds several documents (a CSV or YAML of records), else those
    of its doc_type when that is a kind of many dated items (`listed_kinds`)."""
    doc_type = str(anchor.chunk.metadata.get("doc_type", ""))
    if not doc_type:
        return {}
    key = (snapshot.generation, audience.rank, doc_type, filters)
    by_doc = cache.get(key) if cache is not None else None
    if by_doc is None:
        by_doc = _read_kind(doc_type, snapshot, store, audience, filters)
        if cache is not None:
            if any(k[0] != snapshot.generation for k in cache):
                cache.clear()
            cache[key] = by_doc
    source = anchor.chunk.metadata.get("source")
    same_source = {
        doc: chunks for doc, chunks in by_doc.items() if chunks[0].metadata.get("source") == source
    }
    if len(same_source) > 1:
        return same_source
    return by_doc if doc_kind_of(doc_type, vocab) in vocab.listed_kinds else {}


def _one_file(anchor: Hit, docs: dict[str, list[Chunk]]) -> bool:
    """True when the anchor's kind is the documents of its own source file (several records)."""
    source = anchor.chunk.metadata.get("source")
    return len(docs) > 1 and all(c[0].metadata.get("source") == source for c in docs.values())


def _read_kind(
    doc_type: str,
    snapshot: Bm25Index,
    store: ChromaStore,
    audience: Audience,
    filters: SearchFilters | None,
) -> dict[str, list[Chunk]]:
    """Every visible document of one doc_type (the audience filter applies before reading)."""
    base = filters or SearchFilters()
    rows = snapshot.allowed_rows(
        audience,
        SearchFilters(
            site=base.site,
            modalities=base.modalities,
            doc_type=doc_type,
            lang=base.lang,
            date_from=base.date_from,
            date_to=base.date_to,
        ),
    )
    ids = [str(i) for i in snapshot.column("ids", rows)]
    by_doc: dict[str, list[Chunk]] = {}
    for chunk in sorted(store.get_chunks(ids), key=lambda c: (c.doc_id, c.position)):
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    return by_doc


def _selector_groups(
    asked: str,
    vocab: IntentVocabulary,
    mentions: Sequence[frozenset[str]],
    site_names: Sequence[frozenset[str]],
) -> list[Selector]:
    """What selects the listed records: each glossary entry the question mentions (any of
    its names in either language), and each other subject term."""
    asked_terms = set(terms(asked))
    groups: list[Selector] = []
    covered: set[str] = set()
    for names in mentions:
        name_terms = {t for n in names for t in terms(n)}
        if names in site_names:
            covered |= name_terms
            continue
        if name_terms & asked_terms:
            groups.append(Selector(names=frozenset(n for n in names if len(n) >= 2)))
            covered |= name_terms
    groups += [
        Selector(terms=frozenset({t}))
        for t in _subject_terms(asked, vocab, site_names)
        if t not in covered
    ]
    return groups


def _subject_terms(
    asked: str, vocab: IntentVocabulary, site_names: Sequence[frozenset[str]]
) -> set[str]:
    """The question's terms that can select records: not fillers, not list or kind cue words
    ("history", 実績, 査察, "case studies"), not the names of an asked site."""
    cues = (
        *vocab.list_cues,
        *vocab.list_weak,
        *(c for group in vocab.doc_kinds.values() for c in group),
    )
    # The words of a cue phrase ("list all", "case study") are cue words too.
    cue_words = {w for c in cues if " " in c for w in terms(c)}
    found = set()
    for term in terms(asked):
        folded = fold(term)
        if term in EVIDENCE_FILLERS or term in cue_words:
            continue
        if any(cue_holds(c, folded, (folded,)) for c in cues):
            continue
        if any(folded in names for names in site_names):
            continue
        found.add(term)
    return found


@dataclass(frozen=True)
class _Text:
    """A document's (or title's) folded text and terms, to ask which selectors it names."""

    folded: str
    found: frozenset[str]

    @classmethod
    def of(cls, chunks: Sequence[Chunk], *, title_only: bool = False) -> _Text:
        title = chunks[0].title if chunks else ""
        text = title if title_only else "\n".join([title, *(c.text for c in chunks)])
        return _text_of(text)

    def names(self, selector: Selector) -> bool:
        return selector.holds(self.folded, self.found)


@functools.lru_cache(maxsize=_READ_TEXTS)
def _text_of(text: str) -> _Text:
    """A document's or title's `_Text`, read once: every list question reads its whole kind."""
    return _Text(fold(text), term_set(text))


def _in_scope(chunk: Chunk, question: Question) -> bool:
    """True when the document is of an asked site and dated in an asked year (when asked)."""
    meta = chunk.metadata
    if question.sites and str(meta.get("site", "")) not in question.sites:
        return False
    if question.years:
        date = str(meta.get("date", "") or "")
        return any(date.startswith(str(y)) for y in question.years)
    return True


def _quote(chunks: list[Chunk], selectors: list[Selector], *, lines: int) -> tuple[Chunk, str]:
    """The chunk and quote that stand for one listed document: a record's first lines that
    say more than the selectors (not "Agency: FDA" when FDA rows are asked), or the first
    sentence that holds a selector (the lead sentence when none does)."""
    for chunk in chunks:
        for unit in read_chunk(chunk).units:
            read = _Text(unit.folded, unit.terms)
            if unit.label is None and any(read.names(g) for g in selectors):
                return chunk, chunk.text[unit.start : unit.end]
    for chunk in chunks:
        spans = [(u.start, u.end, u.label) for u in read_chunk(chunk).units]
        if not spans:
            continue
        if spans[0][2] is not None:  # record lines
            # Nor a line the record's title, shown before it, already says ("Agency: FDA"
            # under "FDA surveillance inspection of Baltimore").
            titled = frozenset(terms(chunk.title))
            informative = [
                chunk.text[s:e]
                for s, e, _ in spans
                if not _only_selects(chunk.text[s:e], selectors)
                and not _value_within(chunk.text[s:e], titled)
            ]
            return chunk, " … ".join(informative[:lines] or [chunk.text[spans[0][0] : spans[0][1]]])
        return chunk, chunk.text[spans[0][0] : spans[0][1]]
    return chunks[0], chunks[0].text.strip().splitlines()[0] if chunks[0].text.strip() else ""


def _is_record(chunk: Chunk) -> bool:
    """True for a chunk of `Label: value` record lines."""
    units = read_chunk(chunk).units
    return bool(units) and units[0].label is not None


def _value_within(line: str, known: frozenset[str]) -> bool:
    """True for a record line whose value's every term is among `known`."""
    value_terms = frozenset(terms(line.split(":", 1)[-1]))
    return bool(value_terms) and value_terms <= known


def _only_selects(line: str, selectors: list[Selector]) -> bool:
    """True for a record line whose value says nothing but a selector ("Agency: FDA" when FDA
    inspections are listed)."""
    value = line.split(":", 1)[-1]
    value_terms = frozenset(terms(value))
    return bool(value_terms) and all(
        any(_Text(fold(t), frozenset({t})).names(g) for g in selectors) for t in value_terms
    )


def _render(
    matched: list[list[Chunk]], selectors: list[Selector], *, lang: str, config: ListConfig
) -> ListAnswer:
    """The count line, one cited quote per document oldest first, and "and N more"."""
    ordered = sorted(matched, key=lambda chunks: (str(chunks[0].metadata.get("date") or ""),))
    shown = ordered[: config.shown]
    lines = [_COUNT_LINES.get(lang, _COUNT_LINES["en"]).format(count=len(ordered))]
    citations = []
    hits = []
    for n, chunks in enumerate(shown, start=1):
        chunk, quote = _quote(chunks, selectors, lines=config.lines_per_record)
        hit = Hit(chunk=chunk, score=0.0, scores={}, ranks={"list": n})
        hits.append(hit)
        citations.append(make_citation(n, hit, quote))
        # A record's fields say what it found, its title which one it is ("FDA pre-license
        # inspection of Bengaluru (February 2020)"): four "Inspection type: …" lines alone
        # told the reader nothing of when or where.
        title = chunks[0].title.strip()
        named = (
            f"{title} — {quote}" if _is_record(chunk) and title and title not in quote else quote
        )
        lines.append(f"{named} [{n}]")
    if len(ordered) > len(shown):
        lines.append(_MORE.get(lang, _MORE["en"]).format(more=len(ordered) - len(shown)))
    composition = Composition(
        text="\n".join(lines), citations=citations, abstained=False, composer="list"
    )
    return ListAnswer(composition=composition, hits=hits)
