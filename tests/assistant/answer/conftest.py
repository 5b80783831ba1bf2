"""The sample corpus, ingested once, asked through the real Assistant."""

from __future__ import annotations

import pytest

from assistant.engine import Assistant


@pytest.fixture(scope="module")
def sample(sample_settings, embedder) -> Assistant:
    """The Assistant over the bundled sample corpus (corpus/), gaps not recorded."""
    return Assistant(sample_settings, embedder=embedder, record_gaps=False)
