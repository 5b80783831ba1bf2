"""Answer composers: turn retrieved Hits into a cited answer, or abstain.

The extractive composer (the default) quotes verbatim sentences, or `Label: value` lines of
structured records, from the top hits and marks each with `[n]`; it abstains when the
evidence strength (see `assistant.evidence`) is below the calibrated threshold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from assistant.evidence import (
    CueMatcher,
    EvidenceStrength,
    TermAliases,
    asks_count,
    asks_date,
    has_digit,
    hit_terms,
    label_match,
    measure_evidence,
    term_weights,
    unknown_share,
    weighted_overlap,
)
from assistant.sentences import cosines, quotable_spans, unit_vectors
from assistant.text import fold, terms
from assistant.types import Citation, Hit

ABSTAIN_MESSAGES = {
    "ja": (
        "確認済みの資料には、このご質問に直接お答えできる記載が見つかりませんでした。"
        "推測でのお答えは控えます。担当の専門スタッフが確認のうえ、改めてご連絡いたします。"
    ),
    "en": (
        "No verified source in our material answers this question, so we will not guess. "
        "A specialist will look into it and follow up with you."
    ),
}
_LEADS = {"ja": "確認できた資料の記載は次のとおりです", "en": "Here is what our records say"}
_RECORD_LEADS = {"ja": "記録の該当項目は次のとおりです", "en": "From our records"}
_OTHER_LANG_NOTE = {"ja": "（英語の資料より）", "en": " (from Japanese-language material)"}
_LEAD_END = {"ja": "。", "en": ":"}
# Share of the best unit's score another unit needs to be quoted too: sentences of the top
# hit down to half (they often hold the asked fact next to the best-matching sentence), other
# sources three quarters. Measured on corpus/questions.jsonl (bench/results/abstain-sample.md):
# answer_contains 0.572 -> 0.590 with citation precision 0.562 -> 0.573 (together with the
# record label bonus lowered from 0.25 to 0.15; higher bonuses picked the wrong field).
_TOP_SOURCE_FLOOR = 0.5
_OTHER_SOURCE_FLOOR = 0.75
# Sentence embeddings (stored at ingest, assistant/sentences.py): a unit whose cosine with the
# question is within _SIM_SPREAD of the best unit of its language earns up to _SIM_WEIGHT.
# Measured on corpus/questions.jsonl: answer_contains 0.630 -> 0.676 (crosslingual
# 0.294 -> 0.426); weights 0.3-0.5 or a spread of 0.1 did no better, and one spread across
# both languages did worse (0.636: e5 ranks same-language sentences higher regardless).
_SIM_WEIGHT = 0.2
_SIM_SPREAD = 0.05
# What an other-language unit earns for naming what is asked (TERM_CUES): 0.676 -> 0.711.
_CUE_WEIGHT = 0.3


@dataclass(frozen=True)
class Composition:
    """A composer's output: the answer text and the citations its markers refer to."""

    text: str
    citations: list[Citation]
    abstained: bool
    abstain_reason: str | None = None
    composer: str = ""
    evidence: EvidenceStrength | None = None


class Composer(Protocol):
    """Builds the answer from the hits; must cite every sentence it says."""

    name: str

    def compose(
        self,
        question: str,
        *,
        lang: str,
        hits: list[Hit],
        query_vector: np.ndarray | None,
        unknown_terms: Sequence[str] = (),
    ) -> Composition:
        """Answer `question` in `lang` from `hits` only; `unknown_terms` are question terms
        that occur nowhere in the reader's visible corpus (see `Retrieval.unknown_terms`)."""
        ...


def abstention(
    lang: str,
    reason: str,
    *,
    composer: str = "extractive",
    evidence: EvidenceStrength | None = None,
) -> Composition:
    """The abstain answer in the question's language."""
    return Composition(
        text=ABSTAIN_MESSAGES.get(lang, ABSTAIN_MESSAGES["en"]),
        citations=[],
        abstained=True,
        abstain_reason=reason,
        composer=composer,
        evidence=evidence,
    )


@dataclass(frozen=True)
class _Unit:
    """A quotable piece of a hit: a sentence of prose or one `Label: value` record line."""

    hit_index: int
    start: int
    end: int
    terms: frozenset[str]
    order: int
    label: str | None = None
    score: float = 0.0
    similarity: float | None = None


class ExtractiveComposer:
    """Quotes the sentences of the top hits that best answer the question, each with `[n]`."""

    name = "extractive"

    def __init__(
        self,
        *,
        threshold: float,
        max_sentences: int = 4,
        max_hits: int = 5,
        expand: TermAliases | None = None,
        vectors_of: Callable[[Hit], np.ndarray | None] | None = None,
    ) -> None:
        self.threshold = threshold
        self.max_sentences = max_sentences
        self.max_hits = max_hits
        self.expand = expand
        self.vectors_of = vectors_of or _stored_vectors

    def question_terms(self, question: str) -> list[str]:
        """The question's content terms, expanded across languages when an expander is set."""
        found = terms(question)
        if self.expand is not None:
            found = list(dict.fromkeys([*found, *self.expand(found)]))
        return found

    def compose(
        self,
        question: str,
        *,
        lang: str,
        hits: list[Hit],
        query_vector: np.ndarray | None = None,
        unknown_terms: Sequence[str] = (),
    ) -> Composition:
        """Pick 1–`max_sentences` verbatim sentences and cite them; abstain on weak evidence."""
        if not hits:
            return abstention(lang, "no source is available to this request")
        q_terms = self.question_terms(question)
        # A term a retrieved hit holds is in the corpus, even when the vocabulary snapshot the
        # retriever read predates the ingest that added it (it refreshes every few seconds).
        seen = frozenset().union(*(hit_terms(h) for h in hits))
        unknown_terms = [t for t in unknown_terms if t not in seen]
        unknown = unknown_share(_asked_question(question), unknown_terms)
        evidence = measure_evidence(terms(question), hits, aliases=self.expand, unknown=unknown)
        if evidence.strength < self.threshold:
            return abstention(
                lang,
                f"evidence strength {evidence.strength:.3f} (dense {evidence.dense:.3f}, "
                f"coverage {evidence.coverage:.2f}, missing {evidence.missing:.2f}, "
                f"unknown {evidence.unknown:.2f}) "
                f"is below the threshold {self.threshold:.3f}",
                evidence=evidence,
            )
        top = hits[: self.max_hits]
        chosen = self._select(question, q_terms, top, lang=lang, query_vector=query_vector)
        if not chosen:
            return abstention(lang, "no sentence of the retrieved sources is quotable")
        return replace(self._render(lang, top, chosen), evidence=evidence)

    def _units(self, hits: list[Hit], query_vector: np.ndarray | None) -> list[_Unit]:
        units: list[_Unit] = []
        for index, hit in enumerate(hits):
            text = hit.chunk.text
            spans = quotable_spans(text)
            sims = cosines(query_vector, self.vectors_of(hit)) if spans else None
            for order, (start, end, label) in enumerate(spans):
                units.append(
                    _Unit(
                        index,
                        start,
                        end,
                        frozenset(terms(text[start:end])),
                        order,
                        label,
                        similarity=sims[order] if sims is not None else None,
                    )
                )
        return units

    def _select(
        self,
        question: str,
        q_terms: list[str],
        hits: list[Hit],
        *,
        lang: str,
        query_vector: np.ndarray | None = None,
    ) -> list[_Unit]:
        units = self._units(hits, query_vector)
        if not units:
            return []
        weights = term_weights(q_terms, [u.terms for u in units])
        asked = _asked_terms(question)
        # Glossary names the retriever appended ("… (Maryland, Baltimore)") help find the
        # sentence in the other language but must not outweigh the words actually asked.
        # In a sentence of the other language the asked words cannot occur, so there the
        # glossary names stand in for them at full weight.
        other_lang = dict(weights)
        weights = {t: w if t in asked else 0.5 * w for t, w in weights.items()}
        total = sum(weights.values())
        # Measured against the full weights, or bridge names would lift an other-language
        # sentence above one that holds the asked words themselves.
        other_total = sum(other_lang.values())
        folded = fold(question)
        wants_number = asks_count(folded) or asks_date(folded)
        priors = _chunk_priors(hits)
        contexts = [frozenset(terms(f"{h.chunk.title}\n{h.chunk.section}")) for h in hits]
        off_site = _off_site(hits, folded)
        cues = CueMatcher(folded)
        # e5 scores a sentence in the question's own language higher than an equally apt one
        # in the other, so each unit's similarity counts relative to the best of its language.
        best_sim: dict[str, float] = {}
        for unit in units:
            if unit.similarity is not None:
                unit_lang = hits[unit.hit_index].chunk.lang
                best_sim[unit_lang] = max(best_sim.get(unit_lang, -1.0), unit.similarity)
        scored = []
        for unit in units:
            unit_weights = other_lang if hits[unit.hit_index].chunk.lang != lang else weights
            lexical = weighted_overlap(
                unit_weights, unit.terms, total=other_total if unit_weights is other_lang else total
            )
            context = weighted_overlap(weights, contexts[unit.hit_index] - unit.terms, total=total)
            score = 0.6 * lexical + 0.15 * context + 0.25 * priors[unit.hit_index]
            if unit.similarity is not None:
                top_sim = best_sim[hits[unit.hit_index].chunk.lang]
                closeness = max(0.0, 1.0 - (top_sim - unit.similarity) / _SIM_SPREAD)
                score += _SIM_WEIGHT * closeness
            text = hits[unit.hit_index].chunk.text[unit.start : unit.end]
            if unit.label is not None:
                score += 0.15 * label_match(unit.label, folded)
            if hits[unit.hit_index].chunk.lang != lang:
                score += _CUE_WEIGHT * cues.share(fold(text))
            if wants_number and has_digit(text):
                score += 0.08
            if unit.label is None:  # reading order matters in prose, not among record fields
                score -= 0.01 * unit.order
            if off_site[unit.hit_index]:
                score *= 0.5
            scored.append(replace(unit, score=score))
        scored.sort(key=lambda u: u.score, reverse=True)
        return _pick(scored, max_units=self.max_sentences, weights=weights, contexts=contexts)

    def _render(self, lang: str, hits: list[Hit], chosen: list[_Unit]) -> Composition:
        numbers: dict[str, int] = {}
        quotes: dict[str, list[str]] = {}
        lines: list[str] = []
        # Quote in reading order within a source, sources in order of first choice.
        for unit in chosen:
            chunk = hits[unit.hit_index].chunk
            numbers.setdefault(chunk.id, len(numbers) + 1)
        ordered = sorted(chosen, key=lambda u: (numbers[hits[u.hit_index].chunk.id], u.start))
        for unit in ordered:
            chunk = hits[unit.hit_index].chunk
            quote = chunk.text[unit.start : unit.end]
            quotes.setdefault(chunk.id, []).append(quote)
            lines.append(f"{quote} [{numbers[chunk.id]}]")
        citations = []
        by_id = {hits[u.hit_index].chunk.id: hits[u.hit_index] for u in chosen}
        for chunk_id, n in numbers.items():
            citations.append(make_citation(n, by_id[chunk_id], " … ".join(quotes[chunk_id])))
        evidence_langs = {hits[u.hit_index].chunk.lang for u in chosen}
        is_record = all(u.label is not None for u in chosen)
        lead = (_RECORD_LEADS if is_record else _LEADS).get(lang, _LEADS["en"])
        if lang not in evidence_langs:
            lead += _OTHER_LANG_NOTE.get(lang, "")
        lead += _LEAD_END.get(lang, ":")
        return Composition(
            text=lead + "\n" + "\n".join(lines),
            citations=citations,
            abstained=False,
            composer=self.name,
        )


def _stored_vectors(hit: Hit) -> np.ndarray | None:
    """The unit vectors ingestion stored with the hit's chunk (see `assistant.sentences`)."""
    return unit_vectors(hit.chunk.text, hit.chunk.metadata)


def _off_site(hits: list[Hit], question_folded: str) -> list[bool]:
    """Per hit: True when the question names a site (its id, or a name the glossary bridge
    added) and this hit's document belongs to another site, so quoting it would answer
    about the wrong place."""
    named = {
        str(site)
        for hit in hits
        if (site := hit.chunk.metadata.get("site"))
        and re.search(r"\b" + re.escape(str(site).lower()), question_folded)
    }
    return [
        bool(named)
        and bool(hit.chunk.metadata.get("site"))
        and str(hit.chunk.metadata.get("site")) not in named
        for hit in hits
    ]


def _asked_question(question: str) -> str:
    """The question as asked, without the retriever's bridge "(name, name)" suffix."""
    if question.endswith(")") and " (" in question:
        return question[: question.rindex(" (")]
    return question


def _asked_terms(question: str) -> frozenset[str]:
    """Terms of the question as asked, without the retriever's bridge "(name, name)" suffix."""
    return frozenset(terms(_asked_question(question)))


def _chunk_priors(hits: list[Hit]) -> list[float]:
    """0..1 per hit from its rank and, where known, its dense cosine relative to the best."""
    dense = [h.scores.get("dense") for h in hits]
    known = [d for d in dense if d is not None]
    best = max(known) if known else None
    priors = []
    for index, value in enumerate(dense):
        rank_part = 1.0 / (1.0 + 0.5 * index)
        if value is None or best is None:
            priors.append(rank_part)
        else:
            closeness = max(0.0, 1.0 - (best - value) * 10.0)
            priors.append(0.5 * rank_part + 0.5 * closeness)
    return priors


def _pick(
    scored: list[_Unit],
    *,
    max_units: int,
    weights: dict[str, float],
    contexts: list[frozenset[str]],
) -> list[_Unit]:
    """Greedy: the best unit, then units that are nearly as good and add something new."""
    best = scored[0]
    chosen = [best]
    # What the answer already tells the reader: the chosen sentences and their sources' titles.
    covered = set(best.terms) | contexts[best.hit_index]
    sources = {best.hit_index}
    for unit in scored[1:]:
        if len(chosen) == max_units or unit.score < _TOP_SOURCE_FLOOR * best.score:
            break
        # The top source may add more of its own sentences; other sources must be nearly as good.
        if unit.hit_index != 0 and unit.score < _OTHER_SOURCE_FLOOR * best.score:
            continue
        if any(_near_duplicate(unit.terms, c.terms) for c in chosen):
            continue
        adds = {t for t in weights if t in unit.terms and t not in covered}
        # Another source must bring question terms the chosen sentences do not yet cover
        # (measured: also capping sources at two lost more answers than it gained precision).
        if unit.hit_index not in sources and not adds:
            continue
        if unit.hit_index in sources and not adds and unit.score < 0.9 * best.score:
            continue
        chosen.append(unit)
        covered |= unit.terms | contexts[unit.hit_index]
        sources.add(unit.hit_index)
    return chosen


def _near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) > 0.6


def make_citation(n: int, hit: Hit, quote: str) -> Citation:
    """The Citation for marker `[n]`: where the quote comes from and the quote itself."""
    chunk = hit.chunk
    meta = chunk.metadata
    return Citation(
        n=n,
        doc_id=chunk.doc_id,
        chunk_id=chunk.id,
        title=chunk.title,
        source=str(meta.get("source", "")),
        quote=quote,
        section=chunk.section,
        page=chunk.page,
        url=meta.get("url"),
        site=meta.get("site"),
        date=meta.get("date"),
        lang=chunk.lang,
    )


def quote_is_verbatim(quote: str, chunk_text: str) -> bool:
    """True when every ' … '-joined part of a quote occurs verbatim in the chunk text."""
    return all(part in chunk_text for part in quote.split(" … "))


__all__ = [
    "ExtractiveComposer",
    "Composer",
    "Composition",
    "abstention",
    "make_citation",
    "quote_is_verbatim",
]
