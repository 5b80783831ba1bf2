"""Answer composers: turn retrieved Hits into a cited answer, or abstain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.text import sentence_spans, terms
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
_LEADS = {"ja": "確認できた資料の記載は次のとおりです。", "en": "Here is what our records say:"}
_OTHER_LANG_NOTE = {"ja": "（英語の資料より）", "en": "(from Japanese-language material)"}


@dataclass(frozen=True)
class Composition:
    """A composer's output: the answer text and the citations its markers refer to."""

    text: str
    citations: list[Citation]
    abstained: bool
    abstain_reason: str | None = None


class Composer(Protocol):
    """Builds the answer from the hits; must cite every sentence it says."""

    name: str

    def compose(
        self, question: str, *, lang: str, hits: list[Hit], query_vector: np.ndarray | None
    ) -> Composition:
        """Answer `question` in `lang` from `hits` only."""
        ...


def abstention(lang: str, reason: str) -> Composition:
    """The abstain answer in the question's language."""
    return Composition(
        text=ABSTAIN_MESSAGES.get(lang, ABSTAIN_MESSAGES["en"]),
        citations=[],
        abstained=True,
        abstain_reason=reason,
    )


@dataclass(frozen=True)
class _Candidate:
    hit_index: int
    start: int
    end: int
    score: float
    term_set: frozenset[str]


class ExtractiveComposer:
    """Quotes the sentences of the top hits that best match the question, each with `[n]`."""

    name = "extractive"

    def __init__(self, *, threshold: float, max_sentences: int = 3, max_hits: int = 4) -> None:
        self.threshold = threshold
        self.max_sentences = max_sentences
        self.max_hits = max_hits

    def compose(
        self, question: str, *, lang: str, hits: list[Hit], query_vector: np.ndarray | None = None
    ) -> Composition:
        """Pick 1–`max_sentences` verbatim sentences and cite them; abstain on weak evidence."""
        if not hits:
            return abstention(lang, "no source is available to this request")
        strength = evidence_strength(hits[0])
        if strength < self.threshold:
            return abstention(
                lang, f"best evidence {strength:.3f} is below the threshold {self.threshold:.3f}"
            )
        chosen = self._select(question, hits[: self.max_hits])
        return self._render(lang, hits, chosen)

    def _select(self, question: str, hits: list[Hit]) -> list[_Candidate]:
        q_terms = set(terms(question))
        candidates = []
        for index, hit in enumerate(hits):
            text = hit.chunk.text
            for start, end in sentence_spans(text):
                sentence = text[start:end]
                if len(sentence.strip()) < 4:
                    continue
                s_terms = frozenset(terms(sentence))
                overlap = len(q_terms & s_terms) / max(len(q_terms), 1)
                score = overlap + 0.35 / (index + 1)
                candidates.append(_Candidate(index, start, end, score, s_terms))
        candidates.sort(key=lambda c: c.score, reverse=True)
        chosen: list[_Candidate] = []
        for cand in candidates:
            if len(chosen) == self.max_sentences:
                break
            if chosen and cand.score < 0.6 * chosen[0].score:
                break
            if any(_near_duplicate(cand.term_set, c.term_set) for c in chosen):
                continue
            chosen.append(cand)
        return chosen

    def _render(self, lang: str, hits: list[Hit], chosen: list[_Candidate]) -> Composition:
        numbers: dict[str, int] = {}
        citations: list[Citation] = []
        lines: list[str] = []
        for cand in chosen:
            chunk = hits[cand.hit_index].chunk
            quote = chunk.text[cand.start : cand.end]
            if chunk.id not in numbers:
                numbers[chunk.id] = len(numbers) + 1
                citations.append(_citation(numbers[chunk.id], hits[cand.hit_index], quote))
            else:
                index = numbers[chunk.id] - 1
                old = citations[index]
                citations[index] = Citation(**{**old.__dict__, "quote": old.quote + " … " + quote})
            lines.append(f"{quote} [{numbers[chunk.id]}]")
        evidence_langs = {hits[c.hit_index].chunk.lang for c in chosen}
        lead = _LEADS.get(lang, _LEADS["en"])
        if evidence_langs and lang not in evidence_langs:
            lead += _OTHER_LANG_NOTE.get(lang, "")
        return Composition(
            text=lead + "\n" + "\n".join(lines), citations=citations, abstained=False
        )


def evidence_strength(hit: Hit) -> float:
    """How strongly the best hit supports an answer: its dense similarity where known."""
    return float(hit.scores.get("dense", hit.score))


def _near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) > 0.8


def _citation(n: int, hit: Hit, quote: str) -> Citation:
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
    "quote_is_verbatim",
    "evidence_strength",
]
