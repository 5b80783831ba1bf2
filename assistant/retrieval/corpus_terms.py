"""What a reader's corpus says of terms: how many chunks hold a word, which words go together.

Follow-up resolution asks it (`assistant.question.subjects.CorpusTerms`) whether a short
question continues the previous one; it reads one lexical index snapshot at one audience
ceiling, so a restricted chunk never decides a public reader's follow-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.retrieval.lexical import Bm25Index
from assistant.types import Audience


@dataclass(frozen=True)
class AudienceTerms:
    """The terms of one index snapshot as one audience sees them."""

    index: Bm25Index
    audience: Audience

    def frequency(self, term: str) -> int:
        """How many chunks the audience may read hold `term`."""
        return int(self.index.holding([term], audience=self.audience).sum())

    def co_occur(self, first: Iterable[str], second: Iterable[str]) -> bool:
        """True when a chunk the audience may read holds a term of `first` and one of `second`."""
        held = self.index.holding(first, audience=self.audience)
        return bool((held & self.index.holding(second, audience=self.audience)).any())
