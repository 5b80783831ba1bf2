"""Eval metrics as pure functions of per-question results.

Retrieval metrics work on the ranked list of distinct retrieved doc ids and the question's
`expected_sources` (binary relevance), over answerable questions only. Answer metrics use
the answer text, its citations and the abstention flag. A metric with no eligible question
is `None` (JSON null), never a made-up 0 or 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import numpy as np

from assistant.text import fold
from assistant.types import Audience
from eval.followups import followup_metrics
from eval.results import QuestionResult

HIT_KS: tuple[int, ...] = (1, 3, 5, 10)
RANK_CUTOFF = 10
Metrics = dict[str, float | int | None]

# Metrics where a lower value is better; every other rate is higher-is-better.
LOWER_IS_BETTER_PREFIXES: tuple[str, ...] = (
    *("false_abstain_rate", "leaks", "latency_", "topic_change_inherit_rate"),
    *("followup_answer_gap", "chitchat_quoted", "chitchat_abstained"),
)
# Counts that describe the question set; they are reported but not compared.
COUNT_KEYS: tuple[str, ...] = ("questions", "answerable", "unanswerable", "follow_ups")


def hit_at_k(retrieved: Sequence[str], expected: Iterable[str], k: int) -> float:
    """1.0 when any expected doc is among the first k retrieved, else 0.0."""
    wanted = set(expected)
    return 1.0 if any(doc in wanted for doc in retrieved[:k]) else 0.0


def recall_at_k(retrieved: Sequence[str], expected: Iterable[str], k: int) -> float:
    """Share of the expected docs found among the first k retrieved."""
    wanted = set(expected)
    if not wanted:
        raise ValueError("recall is undefined without expected sources")
    return len(wanted & set(retrieved[:k])) / len(wanted)


def reciprocal_rank(
    retrieved: Sequence[str], expected: Iterable[str], k: int = RANK_CUTOFF
) -> float:
    """1/rank of the first expected doc within the first k, else 0.0."""
    wanted = set(expected)
    for rank, doc in enumerate(retrieved[:k], start=1):
        if doc in wanted:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(retrieved: Sequence[str], expected: Iterable[str], k: int = RANK_CUTOFF) -> float:
    """Binary-relevance nDCG: DCG of the ranking over the DCG of an ideal ranking."""
    wanted = set(expected)
    if not wanted:
        raise ValueError("nDCG is undefined without expected sources")
    dcg = sum(
        1.0 / math.log2(rank + 1)
        for rank, doc in enumerate(retrieved[:k], start=1)
        if doc in wanted
    )
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(wanted), k) + 1))
    return dcg / ideal


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def contains_answer(answer: str, accepted: Iterable[str]) -> bool:
    """True when any accepted string occurs in the answer after NFKC, case and width folding.

    Whitespace is collapsed, and a second comparison ignores it entirely, because Japanese
    text and answer strings differ in spacing ("Debian Project" vs "DebianProject").
    """
    folded = fold(answer)
    squeezed = _squeeze(folded)
    for needle in accepted:
        target = fold(needle)
        if target and (target in folded or _squeeze(target) in squeezed):
            return True
    return False


def citation_precision(cited: Sequence[str], expected: Iterable[str]) -> float:
    """Share of the distinct cited docs that are expected sources."""
    distinct = set(cited)
    if not distinct:
        raise ValueError("citation precision is undefined without citations")
    return len(distinct & set(expected)) / len(distinct)


def leaked_docs(result: QuestionResult) -> list[str]:
    """Retrieved or cited docs whose audience is above the audience the question was asked at.

    A doc whose audience is unknown counts as `internal`, as chunks without one do.
    """
    ceiling = result.asked_audience
    seen = dict.fromkeys([*result.retrieved, *result.cited_docs])
    return [
        doc
        for doc in seen
        if not ceiling.allows(Audience(result.source_audiences.get(doc, Audience.INTERNAL.value)))
    ]


def is_correct(result: QuestionResult) -> bool:
    """The per-question verdict shown in reports.

    Answerable: not abstained, and the answer holds an accepted string (or, with none given,
    cites an expected source). Unanswerable: abstained. Chitchat: neither abstained nor
    quoting. Any leak makes it wrong.
    """
    if leaked_docs(result):
        return False
    q = result.question
    if is_chitchat(result):
        return not result.abstained and not result.cited_docs
    if not q.answerable:
        return result.abstained
    if result.abstained:
        return False
    if q.answer_contains:
        return contains_answer(result.answer, q.answer_contains)
    return bool(set(result.cited_docs) & set(q.expected_sources))


def is_chitchat(result: QuestionResult) -> bool:
    """True for small talk (tagged `chitchat` and with no expected source)."""
    return "chitchat" in result.question.tags and not result.question.answerable


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (linear interpolation), None for no values."""
    if not values:
        return None
    return round(float(np.percentile(np.asarray(values, dtype=float), q)), 2)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def latency_metrics(results: Sequence[QuestionResult]) -> Metrics:
    """p50/p95 of the total and of each stage: `latency_p50_ms`, `latency_embed_p95_ms`, …"""
    out: Metrics = {}
    stages = sorted({s for r in results for s in r.latency_ms if s != "total"})
    totals = [r.latency_ms["total"] for r in results if "total" in r.latency_ms]
    out["latency_p50_ms"] = percentile(totals, 50)
    out["latency_p95_ms"] = percentile(totals, 95)
    for stage in stages:
        values = [r.latency_ms[stage] for r in results if stage in r.latency_ms]
        out[f"latency_{stage}_p50_ms"] = percentile(values, 50)
        out[f"latency_{stage}_p95_ms"] = percentile(values, 95)
    return out


def summarize(results: Sequence[QuestionResult], *, k: int = RANK_CUTOFF) -> Metrics:
    """Every metric over `results`; `k` sets the recall cutoff (`recall@k`)."""
    answerable = [r for r in results if r.question.answerable]
    # Small talk ("こんにちは", "?") is neither: it wants a greeting, not a quote nor a refusal.
    chitchat = [r for r in results if is_chitchat(r)]
    unanswerable = [r for r in results if not r.question.answerable and not is_chitchat(r)]
    metrics: Metrics = {
        "questions": len(results),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
    }
    for cutoff in HIT_KS:
        metrics[f"hit@{cutoff}"] = _mean(
            [hit_at_k(r.retrieved, r.question.expected_sources, cutoff) for r in answerable]
        )
    metrics[f"recall@{k}"] = _mean(
        [recall_at_k(r.retrieved, r.question.expected_sources, k) for r in answerable]
    )
    metrics[f"mrr@{RANK_CUTOFF}"] = _mean(
        [reciprocal_rank(r.retrieved, r.question.expected_sources) for r in answerable]
    )
    metrics[f"ndcg@{RANK_CUTOFF}"] = _mean(
        [ndcg_at_k(r.retrieved, r.question.expected_sources) for r in answerable]
    )
    metrics["answer_accuracy"] = _mean(
        [
            float(not r.abstained and contains_answer(r.answer, r.question.answer_contains))
            for r in answerable
            if r.question.answer_contains
        ]
    )
    metrics["citation_precision"] = _mean(
        [
            citation_precision(r.cited_docs, r.question.expected_sources)
            for r in answerable
            if not r.abstained and r.cited_docs
        ]
    )
    # List questions: the share of the expected records the answer cites (issue 16: >= 0.8).
    metrics["list_recall"] = _mean(
        [
            len(set(r.cited_docs) & set(r.question.expected_sources))
            / len(set(r.question.expected_sources))
            for r in answerable
            if "list" in r.question.tags
        ]
    )
    # Chitchat answers that quote a document (goal 0) or abstain (a refusal to say hello).
    metrics["chitchat_quoted"] = _mean([float(bool(r.cited_docs)) for r in chitchat])
    metrics["chitchat_abstained"] = _mean([float(r.abstained) for r in chitchat])
    metrics["abstain_recall"] = _mean([float(r.abstained) for r in unanswerable])
    metrics["false_abstain_rate"] = _mean([float(r.abstained) for r in answerable])
    metrics["leaks"] = sum(len(leaked_docs(r)) for r in results)
    metrics.update(followup_metrics(results, correct={id(r): is_correct(r) for r in results}))
    metrics.update(latency_metrics(results))
    return metrics


def group_metrics(
    results: Sequence[QuestionResult], *, by: str, k: int = RANK_CUTOFF
) -> dict[str, Metrics]:
    """`summarize` per language (`by="lang"`) or per tag (`by="tag"`; a question counts in each)."""
    groups: dict[str, list[QuestionResult]] = {}
    for result in results:
        if by == "lang":
            keys: Iterable[str] = [result.question.lang]
        elif by == "tag":
            keys = result.question.tags or ("(untagged)",)
        else:
            raise ValueError(f"group by 'lang' or 'tag', not {by!r}")
        for key in keys:
            groups.setdefault(key, []).append(result)
    return {key: summarize(groups[key], k=k) for key in sorted(groups)}


def lower_is_better(metric: str) -> bool:
    """True for metrics that improve as they fall (false abstentions, leaks, latencies)."""
    return metric.startswith(LOWER_IS_BETTER_PREFIXES)
