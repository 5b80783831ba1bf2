"""Evidence strength, and the lexical helpers the composer's sentence scoring uses.

The composer must decide cheaply (≤ 20 ms p95 on 2 cores) whether the retrieved hits support
any answer at all. Abstention combines the best dense similarity of the top hits with the
lexical coverage of the question's content terms by the best hit, the share no hit holds, and
the share of its subject words that the reader's whole visible corpus lacks (`unknown_share`).
Which sentences answer is decided in `assistant.answer.scoring` (scoring) and
`assistant.answer.picking` (the greedy choice), with the term weights, record lines and
question cues defined here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from assistant.answer.weights import WEIGHTS
from assistant.question.words import QUESTION_FILLERS
from assistant.text import names_cue, term_set, terms
from assistant.text.normalize import JA_CHARS
from assistant.text.wordfile import load_words_yaml
from assistant.types import Hit

W = WEIGHTS  # the evidence weights: assistant/answer/weights.py, with their measurements

# `Label: value` lines of rendered structured records (site facts, inspection records).
_RECORD_LINE = re.compile(r"^(?P<label>[^:：\n\-*•・][^:：\n]{0,39})[:：][ \t]*(?P<value>\S.*)$")

# The cue words of quote scoring (count, quantity, date, company-wide, evidence fillers).
ANSWER_CUES: dict[str, list[str]] = load_words_yaml(
    resources.files("assistant").joinpath("data/answer_cues.yaml").read_text(encoding="utf-8")
)
_COUNT_CUES = tuple(ANSWER_CUES["count"])
_QUANTITY_CUES = tuple(ANSWER_CUES["quantity"])
_DATE_CUES = tuple(ANSWER_CUES["date"])
# Words that neither name a subject nor count against the evidence, beyond QUESTION_FILLERS
# (which the retriever also drops from its lexical query, so these stay out of it): the data
# file's `evidence_fillers`.
EVIDENCE_FILLERS = QUESTION_FILLERS | frozenset(ANSWER_CUES["evidence_fillers"])


@dataclass(frozen=True)
class EvidenceStrength:
    """How well the hits support an answer: dense cosine, lexical coverage and their blend."""

    dense: float
    coverage: float
    fused: float
    missing: float = 0.0
    unknown: float = 0.0

    @property
    def strength(self) -> float:
        """The single number compared with the abstain threshold."""
        return (
            self.dense
            + W.coverage * self.coverage
            - W.missing * self.missing
            - W.unknown * self.unknown
        )


def measure_evidence(
    q_terms: Sequence[str],
    hits: Sequence[Hit],
    *,
    unknown: float = 0.0,
) -> EvidenceStrength:
    """Evidence strength of the hits for a question's content terms.

    dense: best cosine among the top hits; coverage: the largest share of the question's
    terms one top hit contains; missing: the share that no retrieved hit contains at all;
    unknown: the share of the question's terms absent from the whole visible corpus
    (`unknown_share`), passed through.
    """
    top = list(hits[: W.strength_hits])
    if not top:
        return EvidenceStrength(dense=0.0, coverage=0.0, fused=0.0, missing=1.0, unknown=unknown)
    dense_values = [h.scores["dense"] for h in top if "dense" in h.scores]
    # A hit from the lexical leg alone has no cosine; the best cosine among the top hits speaks.
    dense = max(dense_values) if dense_values else 0.0
    unique = set(q_terms) - EVIDENCE_FILLERS
    coverage = 0.0
    missing = 0.0
    if unique:
        seen: set[str] = set()
        for index, hit in enumerate(hits):
            chunk_terms = hit_terms(hit)
            seen |= chunk_terms
            if index < W.strength_hits:
                coverage = max(coverage, len(unique & chunk_terms) / len(unique))
        missing = len(unique - seen) / len(unique)
    return EvidenceStrength(
        dense=float(dense),
        coverage=coverage,
        fused=float(top[0].score),
        missing=missing,
        unknown=unknown,
    )


def unknown_share(
    question: str,
    unknown_terms: Sequence[str],
    lang_shares: Mapping[str, float] | None = None,
) -> float:
    """Share of the question's content terms (fillers aside) that are unknown terms, each
    weighted by how much of the reader's corpus is in its language (`lang_shares`: the share
    of visible chunks per language; None weighs every term in full)."""
    if not unknown_terms:
        return 0.0
    asked = [t for t in dict.fromkeys(terms(question)) if t not in EVIDENCE_FILLERS]
    weight = sum(unknown_weight(t, question, lang_shares) for t in sorted(set(unknown_terms)))
    return min(1.0, weight / max(len(asked), 1))


def unknown_weight(term: str, question: str, lang_shares: Mapping[str, float] | None) -> float:
    """How much one unknown term counts: in full, or by its language's share of the corpus."""
    if not lang_shares or _code_like(term, question):
        return 1.0
    lang = "ja" if JA_CHARS.search(term) else "en"
    return min(1.0, lang_shares.get(lang, 0.0) / W.full_lang_share)


def _code_like(term: str, question: str) -> bool:
    """True for a code or acronym, written alike in either language: OEB5, ISO, 14001."""
    if JA_CHARS.search(term):
        return False
    return any(ch.isdigit() for ch in term) or (len(term) >= 2 and term.upper() in question)


def hit_terms(hit: Hit) -> frozenset[str]:
    """Content terms of a hit's title, section and text (computed once per chunk text)."""
    chunk = hit.chunk
    return term_set(f"{chunk.title}\n{chunk.section}\n{chunk.text}")


def term_weights(q_terms: Iterable[str], units: Sequence[frozenset[str]]) -> dict[str, float]:
    """IDF-like weight of each question term among the candidate units (rarer counts more)."""
    n = max(len(units), 1)
    weights = {}
    for term in set(q_terms):
        df = sum(1 for unit in units if term in unit)
        weights[term] = math.log(1.0 + n / (1.0 + df)) if df else math.log(1.0 + n)
    return weights


def weighted_overlap(
    q_weights: dict[str, float], unit_terms: frozenset[str], *, total: float
) -> float:
    """Share of the question's term weight that a unit (sentence or record line) contains."""
    if total <= 0:
        return 0.0
    return sum(w for t, w in q_weights.items() if t in unit_terms) / total


def record_lines(text: str) -> list[tuple[int, int, str]] | None:
    """(start, end, label) of each `Label: value` line when the text is a rendered record."""
    lines: list[tuple[int, int, str]] = []
    other = 0
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            match = _RECORD_LINE.match(stripped)
            if match and not stripped.startswith(("http://", "https://")):
                start = offset + raw.index(stripped)
                lines.append((start, start + len(stripped), match.group("label").strip()))
            else:
                other += 1
        offset += len(raw) + 1
    if len(lines) >= 2 and len(lines) >= 2 * other:
        return lines
    return None


def asks_count(question_folded: str) -> bool:
    """True for 'how many' / 何名 questions."""
    return any(names_cue(question_folded, cue) for cue in _COUNT_CUES)


def asks_quantity(question_folded: str) -> bool:
    """True for 'how long' / どのくらい questions: a number (or date) answers them."""
    return any(names_cue(question_folded, cue) for cue in _QUANTITY_CUES)


def asks_date(question_folded: str) -> bool:
    """True for 'when' / いつ questions."""
    return any(names_cue(question_folded, cue) for cue in _DATE_CUES)


def has_digit(text: str) -> bool:
    """True when the text holds a number (counts, dates, capacities)."""
    return any(ch.isdigit() for ch in text)
