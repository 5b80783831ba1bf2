"""The extractive composer (the default): turn retrieved Hits into a cited answer, or abstain.

It quotes verbatim sentences, or `Label: value` lines of
structured records, from the top hits and marks each with `[n]`; it abstains when the
evidence strength (see `assistant.answer.evidence`) is below the calibrated threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from assistant.answer.composer import Composition
from assistant.answer.cues import CueVocabulary
from assistant.answer.evidence import (
    EVIDENCE_FILLERS,
    EvidenceStrength,
    hit_terms,
    measure_evidence,
    unknown_share,
)
from assistant.answer.scope import QuestionScope
from assistant.answer.scoring import Unit, asked_question, select_units, stored_vectors
from assistant.answer.weights import WEIGHTS
from assistant.text import fold, stem, terms
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


class ExtractiveComposer:
    """Quotes the sentences of the top hits that best answer the question, each with `[n]`."""

    name = "extractive"

    def __init__(
        self,
        *,
        threshold: float,
        max_sentences: int = 5,
        max_hits: int = WEIGHTS.compose_hits,
        vectors_of: Callable[[Hit], np.ndarray | None] | None = None,
        cues: CueVocabulary | None = None,
    ) -> None:
        self.threshold = threshold
        self.cues = cues if cues is not None else CueVocabulary.default()
        self.max_sentences = max_sentences
        self.max_hits = max_hits
        self.vectors_of = vectors_of or stored_vectors

    def question_terms(self, question: str) -> list[str]:
        """The question's content terms."""
        return terms(question)

    def compose(
        self,
        question: str,
        *,
        lang: str,
        hits: list[Hit],
        query_vector: np.ndarray | None = None,
        unknown_terms: Sequence[str] = (),
        mentions: Sequence[frozenset[str]] = (),
        lang_shares: Mapping[str, float] | None = None,
        sites: Sequence[str] = (),
    ) -> Composition:
        """Pick 1–`max_sentences` verbatim sentences and cite them; abstain on weak evidence.
        `sites` are the ids of the sites the reader may see (a question names one even when
        no hit is of it)."""
        if not hits:
            return abstention(lang, "no source is available to this request")
        q_terms = self.question_terms(question)
        # A term a retrieved hit holds is in the corpus, even when the vocabulary snapshot the
        # retriever read predates the ingest that added it (it refreshes every few seconds).
        seen = frozenset().union(*(hit_terms(h) for h in hits))
        unknown_terms = [
            t
            for t in unknown_terms
            if t not in seen and t not in EVIDENCE_FILLERS and not _known_head(t, seen)
        ]
        if unknown_terms:
            # A term the hits hold in other words (工場 ~ plant, bought ~ 買収) is not unknown.
            folded_hits = fold("\n".join(h.chunk.text for h in hits))
            rescued = self.cues.translated_terms(unknown_terms, folded_hits)
            unknown_terms = [t for t in unknown_terms if t not in rescued]
        unknown = unknown_share(asked_question(question), unknown_terms, lang_shares)
        evidence = measure_evidence(terms(question), hits, unknown=unknown)
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
        # Subject covered: a question about a site is not answered from other sites' sources
        # (their units are never quoted, assistant/answer/scope.py); with no hit that can
        # speak for the site there is no answer. Reading further down for the site's own
        # hits instead lost aozora az011 (a deeper PPQ record outscored the asked table).
        scope = QuestionScope.of(fold(question), top, mentions, sites=sites)
        if scope.named and all(scope.elsewhere(h) for h in top):
            named = ", ".join(sorted(scope.named))
            return abstention(lang, f"no retrieved source speaks of {named} (the question's site)")
        chosen = select_units(
            question,
            q_terms,
            top,
            lang=lang,
            query_vector=query_vector,
            vectors_of=self.vectors_of,
            max_units=self.max_sentences,
            cues=self.cues,
            mentions=mentions,
            scope=scope,
        )
        if not chosen:
            return abstention(lang, "no sentence of the retrieved sources is quotable")
        return replace(self._render(lang, top, chosen), evidence=evidence)

    def _render(self, lang: str, hits: list[Hit], chosen: list[Unit]) -> Composition:
        numbers: dict[str, int] = {}
        quotes: dict[str, list[str]] = {}
        lines: list[str] = []
        # Quote in reading order within a source, sources in order of first choice, those in
        # the question's language first: the answer leads with what the reader reads.
        by_language = sorted(chosen, key=lambda u: hits[u.hit_index].chunk.lang != lang)
        for unit in by_language:
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


def reframe(composition: Composition, lang: str) -> Composition:
    """The composition framed in `lang`: an abstention's message, or an answer's lead line,
    said in `lang`; the quotes and citations never change (the answer language only frames
    the answer)."""
    if composition.abstained:
        return replace(composition, text=ABSTAIN_MESSAGES.get(lang, ABSTAIN_MESSAGES["en"]))
    lead, sep, rest = composition.text.partition("\n")
    if any(lead.startswith(t) for t in _RECORD_LEADS.values()):
        leads = _RECORD_LEADS
    elif any(lead.startswith(t) for t in _LEADS.values()):
        leads = _LEADS
    else:
        return composition
    new = leads.get(lang, leads["en"])
    if lang not in {c.lang for c in composition.citations}:
        new += _OTHER_LANG_NOTE.get(lang, "")
    return replace(composition, text=new + _LEAD_END.get(lang, ":") + sep + rest)


def _known_head(term: str, seen: frozenset[str]) -> bool:
    """True for a hyphenated compound whose head the hits hold: "self-inspections" when they
    speak of inspections, "non-clinical" when of clinical supply."""
    if "-" not in term:
        return False
    head = stem(term.rsplit("-", 1)[1])
    return len(head) >= 2 and head in seen


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
        audience=chunk.audience.value,
    )


def quote_is_verbatim(quote: str, chunk_text: str) -> bool:
    """True when every ' … '-joined part of a quote occurs verbatim in the chunk text."""
    return all(part in chunk_text for part in quote.split(" … "))


__all__ = [
    "ExtractiveComposer",
    "abstention",
    "make_citation",
    "quote_is_verbatim",
    "reframe",
]
