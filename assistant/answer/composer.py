"""The composer protocol: what every answer composer (extractive, LLM) takes and returns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from assistant.answer.evidence import EvidenceStrength
from assistant.types import Citation, Hit


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
        mentions: Sequence[frozenset[str]] = (),
        lang_shares: Mapping[str, float] | None = None,
        sites: Sequence[str] = (),
    ) -> Composition:
        """Answer `question` in `lang` from `hits` only; `unknown_terms` are question terms
        that occur nowhere in the reader's visible corpus (see `Retrieval.unknown_terms`),
        `mentions` the folded names of each glossary entry it mentions (`Retrieval.mentions`),
        `lang_shares` the share of the reader's visible chunks in each language, `sites` the
        ids of the sites the reader may see."""
        ...
