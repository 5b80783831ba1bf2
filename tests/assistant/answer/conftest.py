"""The sample corpus, ingested once, asked through the real Assistant; one-quote answers."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.answer.composer import Composition
from assistant.answer.extractive import make_citation
from assistant.engine import Assistant


@pytest.fixture(scope="module")
def sample(sample_settings, embedder) -> Assistant:
    """The Assistant over the bundled sample corpus (corpus/), gaps not recorded."""
    return Assistant(sample_settings, embedder=embedder, record_gaps=False)


@pytest.fixture
def said(make_hit) -> Callable[..., Composition]:
    """An answer that quotes one text, in `lang`: `said(quote, lang="ja")`."""

    def build(quote: str, lang: str = "en") -> Composition:
        hit = make_hit("source#0", quote, lang=lang)
        return Composition(text=quote, citations=[make_citation(1, hit, quote)], abstained=False)

    return build
