"""Fusing the dense and lexical rankings, then collapsing near-duplicates and capping per document.

Pure functions over ids, ranks and scores: no store, no model, easy to test and to measure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

FUSION_METHODS = ("rrf", "score")


@dataclass(frozen=True)
class LegResult:
    """One retriever's ranking: chunk ids best first, with their raw scores."""

    ids: Sequence[str]
    scores: Sequence[float]


@dataclass(frozen=True)
class Fused:
    """A fused candidate: its fused score and each leg's 1-based rank and raw score."""

    chunk_id: str
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)


def reciprocal_rank_fusion(
    legs: Mapping[str, LegResult],
    *,
    k: float = 60.0,
    weights: Mapping[str, float] | None = None,
) -> list[Fused]:
    """RRF: sum over legs of weight / (k + rank); ties broken by the best single rank."""
    weights = weights or {}
    return _combine(legs, lambda name, rank, raw, low, high: weights.get(name, 1.0) / (k + rank))


def score_fusion(
    legs: Mapping[str, LegResult],
    *,
    weights: Mapping[str, float] | None = None,
) -> list[Fused]:
    """Convex combination of min-max normalized scores: each leg's candidates are scaled to
    0..1 (its worst candidate 0, its best 1); a chunk a leg did not return gets 0 from it."""
    weights = weights or {}
    return _combine(
        legs,
        lambda name, rank, raw, low, high: (
            weights.get(name, 1.0) * ((raw - low) / (high - low) if high > low else 1.0)
        ),
    )


def _combine(
    legs: Mapping[str, LegResult],
    contribution: Callable[[str, int, float, float, float], float],
) -> list[Fused]:
    totals: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    scores: dict[str, dict[str, float]] = {}
    for name, leg in legs.items():
        low = min((float(s) for s in leg.scores), default=0.0)
        high = max((float(s) for s in leg.scores), default=1.0)
        for rank, (chunk_id, raw) in enumerate(zip(leg.ids, leg.scores, strict=True), start=1):
            part = contribution(name, rank, float(raw), low, high)
            totals[chunk_id] = totals.get(chunk_id, 0.0) + part
            ranks.setdefault(chunk_id, {})[name] = rank
            scores.setdefault(chunk_id, {})[name] = float(raw)
    fused = [Fused(cid, total, ranks[cid], scores[cid]) for cid, total in totals.items()]
    return sorted(fused, key=lambda f: (-f.score, min(f.ranks.values()), f.chunk_id))


def fuse(
    legs: Mapping[str, LegResult],
    *,
    method: str = "rrf",
    rrf_k: float = 60.0,
    weights: Mapping[str, float] | None = None,
) -> list[Fused]:
    """Fuse with the named method ('rrf' or 'score')."""
    if method == "rrf":
        return reciprocal_rank_fusion(legs, k=rrf_k, weights=weights)
    if method == "score":
        return score_fusion(legs, weights=weights)
    raise ValueError(f"unknown fusion method {method!r}; use one of {FUSION_METHODS}")


def level_groups(
    groups: Sequence[Sequence[tuple[T, float]]], *, strength: float = 1.0, depth: int = 50
) -> list[tuple[T, float]]:
    """Merge separately ranked groups (one per document language) into one ranking, best
    first, after shifting each group's scores up by `strength` times the gap between its level
    and the highest group level. A group's level is the mean of its top `depth` scores, the
    same depth for every group (capped by the shortest group), so a systematic offset between
    groups (e5's same-language cosines run higher than cross-language ones) is removed while
    each group's own spread, and so its standout items, is kept."""
    found = [list(group) for group in groups if group]
    if not found:
        return []
    depth = max(1, min(depth, *(len(group) for group in found)))
    levels = [sum(score for _, score in group[:depth]) / depth for group in found]
    top = max(levels)
    shifted = [
        (item, score + strength * (top - level))
        for group, level in zip(found, levels, strict=True)
        for item, score in group
    ]
    return sorted(shifted, key=lambda pair: -pair[1])


_WORD = re.compile(r"\w+")


def shingles(text: str, *, n: int = 3) -> frozenset[str]:
    """Character n-grams of the text with whitespace and punctuation removed (language-neutral)."""
    compact = "".join(_WORD.findall(text.casefold()))
    if len(compact) <= n:
        return frozenset([compact]) if compact else frozenset()
    return frozenset(compact[i : i + n] for i in range(len(compact) - n + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def diversify(
    items: Sequence[T],
    *,
    k: int,
    doc_of: Callable[[T], str],
    text_of: Callable[[T], str],
    max_per_doc: int,
    duplicate_threshold: float = 0.9,
) -> list[T]:
    """The first k items, best first, skipping near-duplicates of a kept item and any item
    whose document already has `max_per_doc` kept."""
    kept: list[T] = []
    kept_shingles: list[frozenset[str]] = []
    per_doc: dict[str, int] = {}
    for item in items:
        if len(kept) == k:
            break
        doc = doc_of(item)
        if max_per_doc and per_doc.get(doc, 0) >= max_per_doc:
            continue
        grams = shingles(text_of(item))
        if any(jaccard(grams, other) >= duplicate_threshold for other in kept_shingles):
            continue
        kept.append(item)
        kept_shingles.append(grams)
        per_doc[doc] = per_doc.get(doc, 0) + 1
    return kept
